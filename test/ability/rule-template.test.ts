import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, subject } from '../../src/index.js';
import { customerPortalInput } from '../fixtures/customer-portal.js';

describe('abilities bound from a shared template', () => {
  it('changing the roles of a built ability’s principal never changes the roles of abilities built later', () => {
    const policy = definePolicy(customerPortalInput);
    const contact = (id: string, webRoles: string[]) =>
      ({ kind: 'contact', id, accountId: 'X', legalEntity: 'usmf', webRoles }) as const;
    const first = abilityFor(policy, contact('a', ['Authorized user']));
    (first.principal as unknown as { webRoles: string[] }).webRoles.length = 0;
    const second = abilityFor(policy, contact('b', []));
    const own = subject('salesorder', { id: 'SO-9', orderedBy: 'b', customerAccount: 'X', company: 'usmf' });
    expect(second.can('read', own)).toBe(false);
    const theirs = subject('salesorder', {
      id: 'SO-8',
      orderedBy: 'c',
      customerAccount: 'X',
      company: 'usmf',
    });
    expect(abilityFor(policy, contact('c', ['Authorized user'])).can('read', theirs)).toBe(true);
  });

  it('principals differing only in their ids share a template yet each reads only its own orders', () => {
    const policy = definePolicy(customerPortalInput);
    const contact = (id: string, accountId: string | null) =>
      ({ kind: 'contact', id, accountId, legalEntity: 'usmf', webRoles: ['Authorized user'] }) as const;
    const order = (orderedBy: string) =>
      subject('salesorder', { id: `SO-${orderedBy}`, orderedBy, customerAccount: 'X', company: 'usmf' });
    for (const [id, accountId] of [
      ['a', 'X'],
      ['b', null],
      ['c', 'Y'],
      ['a', null],
    ] as const) {
      const ability = abilityFor(policy, contact(id, accountId));
      expect(['a', 'b', 'c'].filter((other) => ability.can('read', order(other)))).toEqual([id]);
    }
  });
});

import { subject as caslSubject } from '@casl/ability';
import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, subject } from '../../src/index.js';

// A warm can() answers a record holding the brand of the table it last decided by that table's predicate,
// without reading the tag. These pin that everything else still gets the general answer.

const policy = definePolicy({
  tables: {
    salesorder: { contact: 'orderedBy' },
    invoice: { contact: 'orderedBy', account: 'customerAccount' },
  },
  webRoles: [{ name: 'Buyer' }],
  tablePermissions: [
    { name: 'My orders', table: 'salesorder', scope: 'contact', privileges: ['read'], webRoles: ['Buyer'] },
    { name: 'Our invoices', table: 'invoice', scope: 'account', privileges: ['write'], webRoles: ['Buyer'] },
  ],
});
const jane = {
  kind: 'contact',
  id: 'jane',
  accountId: 'A',
  legalEntity: 'usmf',
  webRoles: ['Buyer'],
} as const;
const warm = () => {
  const ability = abilityFor(policy, jane);
  for (let index = 0; index < 100; index++)
    expect(ability.can('read', subject('salesorder', { id: `SO-${index}`, orderedBy: 'jane' }))).toBe(true);
  return ability;
};

describe('a warm can() on branded records', () => {
  it("grants Jane's orders and refuses a colleague's", () => {
    const ability = warm();
    expect(ability.can('read', subject('salesorder', { id: 'SO-A', orderedBy: 'jane' }))).toBe(true);
    expect(ability.can('read', subject('salesorder', { id: 'SO-B', orderedBy: 'sam' }))).toBe(false);
  });

  it('refuses a record of another table with the same fields, branded for that table', () => {
    const ability = warm();
    expect(ability.can('read', subject('invoice', { id: 'I-1', orderedBy: 'jane' }) as never)).toBe(false);
    expect(ability.can('read', subject('salesorder', { id: 'SO-C', orderedBy: 'jane' }))).toBe(true);
  });

  it('refuses another action on the same branded record', () => {
    const ability = warm();
    expect(ability.can('delete', subject('salesorder', { id: 'SO-D', orderedBy: 'jane' }))).toBe(false);
  });

  it('refuses forged, inherited and copied tags with the same fields', () => {
    const ability = warm();
    const forged = JSON.parse('{"__caslSubjectType__":"salesorder","id":"SO-E","orderedBy":"jane"}');
    const inherited = Object.assign(Object.create(subject('salesorder', { id: 'SO-F' })), {
      orderedBy: 'jane',
    });
    const spread = {
      ...subject('salesorder', { id: 'SO-G', orderedBy: 'jane' }),
      __caslSubjectType__: 'salesorder',
    };
    for (const record of [forged, inherited, spread])
      expect(ability.can('read', record as never)).toBe(false);
  });

  it('still grants a record CASL tagged itself, between branded ones', () => {
    const ability = warm();
    expect(ability.can('read', caslSubject('salesorder', { id: 'SO-H', orderedBy: 'jane' }) as never)).toBe(
      true,
    );
    expect(ability.can('read', caslSubject('salesorder', { id: 'SO-I', orderedBy: 'sam' }) as never)).toBe(
      false,
    );
    expect(ability.can('read', subject('salesorder', { id: 'SO-J', orderedBy: 'jane' }))).toBe(true);
  });

  it('answers a subject that is no record as a fresh ability does: text, nothing, numbers, symbols, functions', () => {
    const outcome = (run: () => boolean) => {
      try {
        return run();
      } catch (error) {
        return error instanceof Error ? error.name : 'thrown';
      }
    };
    const subjects: unknown[] = [
      'salesorder',
      undefined,
      null,
      42,
      true,
      10n,
      Symbol('salesorder'),
      () => true,
      class Salesorder {},
    ];
    const ability = warm();
    for (const value of subjects) {
      const fresh = abilityFor(policy, jane);
      expect(outcome(() => ability.can('read', value as never))).toBe(
        outcome(() => fresh.can('read', value as never)),
      );
    }
    expect(ability.can('read', 'salesorder')).toBe(true);
    expect(ability.can('read', subject('salesorder', { id: 'SO-L', orderedBy: 'jane' }))).toBe(true);
  });

  it('keeps reading apart from another action, each warm on its own table', () => {
    const ability = warm();
    const order = subject('salesorder', { id: 'SO-J', orderedBy: 'jane' });
    const invoice = subject('invoice', { id: 'IN-J', orderedBy: 'jane', customerAccount: 'A' });
    // Jane's own invoice of another account: reading's predicate would grant it, writing's does not.
    const otherAccount = subject('invoice', { id: 'IN-B', orderedBy: 'jane', customerAccount: 'B' });
    for (let round = 0; round < 3; round++) {
      expect(ability.can('read', order)).toBe(true);
      expect(ability.can('write', invoice)).toBe(true);
      expect(ability.can('write', otherAccount)).toBe(false);
      expect(ability.can('read', order)).toBe(true);
      expect(ability.can('read', invoice)).toBe(false);
      expect(ability.can('write', invoice)).toBe(true);
      expect(ability.can('write', order)).toBe(false);
      expect(ability.can('read', subject('salesorder', { id: 'SO-S', orderedBy: 'sam' }))).toBe(false);
    }
  });

  it('forgets the branded pairs when the rules change', () => {
    const ability = warm();
    expect(ability.can('write', subject('invoice', { id: 'IN-J', customerAccount: 'A' }))).toBe(true);
    ability.update([]);
    expect(ability.can('read', subject('salesorder', { id: 'SO-K', orderedBy: 'jane' }))).toBe(false);
    expect(ability.can('write', subject('invoice', { id: 'IN-K', customerAccount: 'A' }))).toBe(false);
  });
});

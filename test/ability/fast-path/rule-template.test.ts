import { describe, expect, it } from 'vitest';
import { PortalAbility } from '../../../src/ability/ability.js';
import { createTemplate, rulesOf } from '../../../src/ability/fast-path/rule-template.js';
import type { PortalRawRule } from '../../../src/base/rule.js';
import { compilePrincipal } from '../../../src/compile/compile-principal.js';
import { abilityFor, definePolicy, subject } from '../../../src/index.js';
import { parsePrincipal } from '../../../src/principal/principal.js';
import { customerPortalInput } from '../../fixtures/customer-portal.js';
import { internalPolicy, salesOrder, staff } from '../../fixtures/internal-users.js';
import { manyToManyInput } from '../../fixtures/many-to-many.js';
import { account, member, sharingPolicy } from '../../fixtures/sharing.js';

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

  it('the parts of rules every ability of a template shares are frozen, even when the first ability of the shape only checked records', () => {
    const policy = definePolicy(customerPortalInput);
    const contact = (id: string) =>
      ({ kind: 'contact', id, accountId: 'X', legalEntity: 'usmf', webRoles: ['Authorized user'] }) as const;
    const first = abilityFor(policy, contact('a'));
    expect(first.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'a' }))).toBe(true);
    const second = abilityFor(policy, contact('b'));
    const objects = (value: unknown, into = new Set<object>()): Set<object> => {
      if (typeof value === 'object' && value !== null && !into.has(value)) {
        into.add(value);
        for (const item of Object.values(value)) objects(item, into);
      }
      return into;
    };
    const mine = objects(first.rules);
    const shared = [...objects(second.rules)].filter((part) => mine.has(part));
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.every((part) => Object.isFrozen(part))).toBe(true);
    expect(JSON.stringify(first.rules)).toContain('"a"');
    expect(JSON.stringify(first.rules)).not.toContain('"b"');
    expect(JSON.stringify(second.rules)).toContain('"b"');
  });

  it('a gated principal’s denial, shared by its template, is frozen from the first ability on', () => {
    const policy = definePolicy(customerPortalInput);
    const blocked = abilityFor(policy, {
      kind: 'contact',
      id: 'a',
      accountId: 'X',
      legalEntity: 'usmf',
      webRoles: ['Authorized user'],
      state: 'blocked',
    });
    expect(blocked.denial).toBeDefined();
    expect(Object.isFrozen(blocked.denial)).toBe(true);
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

  it('with more role combinations than the recently used templates hold, each contact gets the rules of its own roles and state, never another shape’s', () => {
    const policy = definePolicy(customerPortalInput);
    const assignable = ['Administrator', 'Customer representative', 'Authorized user', 'Unauthorized user'];
    const shapes = assignable
      .flatMap((_, mask) => [mask, mask + 4, mask + 8, mask + 12])
      .flatMap((mask) =>
        (['active', 'blocked'] as const).map((state) => ({
          webRoles: assignable.filter((_, bit) => (mask & (1 << bit)) !== 0),
          state,
        })),
      );
    expect(shapes.length).toBeGreaterThan(8);
    const written = (ability: PortalAbility) =>
      JSON.stringify([
        ability.denial,
        ability.portalRules.map((rule) => [rule.action, rule.subject, rule.conditions, rule.provenance]),
      ]);
    let id = 0;
    // Three rounds through every shape: later rounds find each template again, beyond the recent ones.
    for (let round = 0; round < 3; round++) {
      for (const shape of shapes) {
        const principal = { kind: 'contact', id: `c${id++}`, accountId: 'X', ...shape } as const;
        const valid = parsePrincipal(principal);
        const alone = new PortalAbility(policy, valid, compilePrincipal(policy, valid, undefined));
        expect(written(abilityFor(policy, principal))).toBe(written(alone));
      }
    }
  });

  it('a user’s rules written out from a template name that user in their conditions, shares and provenance, field for field and in the same key order as compiled alone', () => {
    const roles = ['Salesperson', 'Sales manager'];
    // The first user makes the template; the second one's rules are written out from it.
    abilityFor(internalPolicy, staff(roles, { id: 'ulla' })).rules;
    const principal = staff(roles, { id: 'otto' });
    const shared = abilityFor(internalPolicy, principal).portalRules;
    const valid = parsePrincipal(principal);
    const alone = new PortalAbility(internalPolicy, valid, compilePrincipal(internalPolicy, valid, undefined))
      .portalRules;
    expect(JSON.stringify(shared)).toContain('otto');
    expect(JSON.stringify(shared)).not.toContain('ulla');
    expect(shared.map((rule) => JSON.stringify([rule.conditions, rule.provenance]))).toEqual(
      alone.map((rule) => JSON.stringify([rule.conditions, rule.provenance])),
    );
  });

  it('writing out a template puts each id where its placeholder was, in lists, conditions and provenance, and shares every part without one', () => {
    // A placeholder is a lone surrogate and its slot (rule-template.ts): the principal's id here.
    const id = '\uDC000';
    const provenance = { kind: 'securityRole', securityRole: 'Team reader', level: 'user' };
    const rule = {
      action: ['read'],
      subject: 'salesorder',
      conditions: {
        operator: 'or',
        value: [
          { operator: 'in', field: 'ownerId', value: ['team0', id, 'team1'] },
          {
            operator: 'shared',
            field: 'sharedWith',
            value: { principals: ['team0', id], privilege: 'read' },
          },
        ],
      },
      reason: 'shared',
      provenance: { kind: 'share', privilege: 'read', grantees: ['team0', id], securityRole: 'Team reader' },
    };
    const constant = { action: ['read'], subject: 'terms', reason: 'all', provenance };
    const template = createTemplate({ rules: [rule, constant] as unknown as PortalRawRule[] });
    const [written, shared] = rulesOf(template, ['otto']);
    expect(JSON.stringify(written)).toBe(JSON.stringify(rule).replaceAll('\\udc000', 'otto'));
    expect(shared).toBe(template.compiled.rules[1]);
    expect(written!.action).toBe(template.compiled.rules[0]!.action);
  });
});

describe('values the policy writes into a template stay themselves in every bound predicate', () => {
  it('users of one business unit, bound from one template, read the orders of their unit (and of the units below for a deep reader) and no other', () => {
    const units = ['root', 'sales', 'east', 'east1', 'service', 'north'];
    // A deep reader at the root reaches more units than are compared one by one: a set the policy wrote.
    const cases = [
      { role: 'Local reader', businessUnitId: 'sales', reads: ['sales'] },
      { role: 'Deep reader', businessUnitId: 'sales', reads: ['sales', 'east', 'east1'] },
      { role: 'Deep reader', businessUnitId: 'root', reads: units },
    ];
    for (const { role, businessUnitId, reads } of cases) {
      // The first user makes the template; the second is bound from it.
      for (const id of ['ulla', 'otto']) {
        const reader = abilityFor(internalPolicy, staff([role], { id, businessUnitId }));
        expect(reader.predicateFor('read', 'salesorder').name).toBe('matches');
        const readable = units.filter((unit) => reader.can('read', salesOrder(unit)));
        expect(readable, `${role} in ${businessUnitId}, ${id}`).toEqual(reads);
      }
    }
  });
});

describe('a template whose predicate holds a set with the principal’s id in it', () => {
  it('users of one team, bound from one template, each read the accounts shared with them or their team and no other', () => {
    const shared = (...principals: string[]) =>
      subject(
        'account',
        account(
          `A-${principals.join('-')}`,
          principals.map((principal) => ({ principal, privileges: ['read'] })),
        ),
      );
    const accounts = [shared('ulla'), shared('otto'), shared('key-accounts'), shared('sam'), shared()];
    const reads = { ulla: ['A-ulla', 'A-key-accounts'], otto: ['A-otto', 'A-key-accounts'] };
    // The first user makes the template; the second is bound from it. The grantees (the user and the team)
    // are one set, compared as a whole.
    for (const id of ['ulla', 'otto'] as const) {
      const user = abilityFor(sharingPolicy, member(id, ['Account reader'], { teams: ['key-accounts'] }));
      const readable = accounts.filter((record) => user.can('read', record)).map((record) => record.id);
      expect(readable, id).toEqual(reads[id]);
    }
  });
});

describe('a template whose predicate holds a closure with the principal’s id in it', () => {
  it('contacts linked to projects through a many-to-many relationship, bound from one template, each read the projects that list them and no other', () => {
    const policy = definePolicy(manyToManyInput);
    const project = (memberIds: string[]) => subject('project', { projectid: 'P1', memberIds });
    const lists = [['jane'], ['sam'], ['jane', 'sam'], ['may']];
    // The first member makes the template; the second is bound from it.
    for (const id of ['jane', 'sam']) {
      const member = abilityFor(policy, { kind: 'contact', id, webRoles: ['Member'] });
      const readable = lists.filter((memberIds) => member.can('read', project(memberIds)));
      expect(readable, id).toEqual(lists.filter((memberIds) => memberIds.includes(id)));
    }
  });
});

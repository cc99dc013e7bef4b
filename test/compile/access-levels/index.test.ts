import { describe, expect, it } from 'vitest';
import { accessLevels } from '../../../src/compile/access-levels/index.js';
import { abilityFor, definePolicy, subject } from '../../../src/index.js';
import { defineTable } from '../../../src/policy/table.js';

/** `region` rows belong to business units only (no owner field); `memo` rows belong to users only. */
const policy = definePolicy({
  tables: {
    region: { businessUnit: 'unitId' },
    memo: { owner: 'ownerId' },
  },
  businessUnits: [{ id: 'hq' }, { id: 'branch', parent: 'hq' }, { id: 'desk', parent: 'branch' }],
  securityRoles: [
    { name: 'Local', privileges: { region: { read: 'businessUnit' }, memo: { read: 'user' } } },
    { name: 'Deep', privileges: { region: { read: 'parentChildBusinessUnits' } } },
  ],
});
const user = (role: string) =>
  abilityFor(policy, {
    kind: 'user',
    id: 'ulla',
    businessUnitId: 'branch',
    licensed: true,
    securityRoles: [role],
  });

describe('access levels on tables that lack an ownership field', () => {
  it("a business-unit level on a table without an owner field reaches the unit's rows and none by ownership", () => {
    const ability = user('Local');
    expect(ability.can('read', subject('region', { id: 'r1', unitId: 'branch' }))).toBe(true);
    expect(ability.can('read', subject('region', { id: 'r2', unitId: 'desk' }))).toBe(false);
    // Whatever fields a record carries, no owner field means no row is the user's own.
    for (const record of [{ id: 'r3', ownerId: 'ulla' }, { id: 'r4', undefined: 'ulla' }, { id: 'r5' }]) {
      expect(ability.can('read', subject('region', record))).toBe(false);
    }
  });

  it("a deep level on a table without an owner field reaches the subtree's rows and none by ownership", () => {
    const ability = user('Deep');
    expect(ability.can('read', subject('region', { id: 'r1', unitId: 'branch' }))).toBe(true);
    expect(ability.can('read', subject('region', { id: 'r2', unitId: 'desk' }))).toBe(true);
    expect(ability.can('read', subject('region', { id: 'r3', unitId: 'hq' }))).toBe(false);
    for (const record of [
      { id: 'r4', ownerId: 'ulla' },
      { id: 'r5', undefined: 'ulla' },
    ]) {
      expect(ability.can('read', subject('region', record))).toBe(false);
    }
  });

  it('a user level on a table without a business-unit field reaches exactly the rows the user owns', () => {
    const ability = user('Local');
    expect(ability.can('read', subject('memo', { id: 'm1', ownerId: 'ulla' }))).toBe(true);
    expect(ability.can('read', subject('memo', { id: 'm2', ownerId: 'someone', unitId: 'branch' }))).toBe(
      false,
    );
  });
});

describe('each access level on its own', () => {
  // definePolicy refuses a local or deep role on a table without a business-unit field, and never hands a
  // `none` grant to the compiler; the levels still answer safely when asked directly.
  const context = (input: Parameters<typeof defineTable>[1]) => ({
    table: defineTable('ledger', input),
    businessUnit: 'branch',
    owners: ['ulla', 'desk-team'],
    subtreeOf: (unit: string) => (unit === 'branch' ? ['branch', 'desk'] : [unit]),
  });

  it('a privilege at level none reaches no row, not even the rows the user owns', () => {
    expect(accessLevels.none.reach(context({ owner: 'ownerId', businessUnit: 'unitId' }))).toEqual([]);
  });

  it('a local or deep level on a table that declares no business-unit field reaches only owned rows', () => {
    for (const level of ['businessUnit', 'parentChildBusinessUnits'] as const) {
      expect(accessLevels[level].reach(context({ owner: 'ownerId' }))).toEqual([
        { field: 'ownerId', values: ['ulla', 'desk-team'] },
      ]);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Action,
  abilityFor,
  definePolicy,
  explain,
  type Policy,
  type PolicyInput,
  type Principal,
  subject,
  TABLE_PERMISSION_PRIVILEGES,
} from '../../src/index.js';
import { SECURITY_ROLE_PRIVILEGES } from '../../src/policy/security-role.js';
import {
  arbitraryPortalPolicy,
  arbitraryPrincipal,
  arbitraryRecord,
  type RecordsByTable,
} from '../../src/testing/index.js';
import { arbitraryRecordsByTable } from '../../src/testing/records-by-table.js';
import { internalPolicy } from '../fixtures/internal-users.js';
import { propertyRuns } from '../fixtures/property-runs.js';

// A small local generator with hostile values (operator objects, numbers) next to the kit's arbitraries below.
const ROLES = ['R0', 'R1', 'R2'] as const;
const VALUES = ['c1', 'c2', 'a1', 'a2', 'le1', 'o1', 'o2', '', null, 7, { $ne: null }, undefined] as const;
const value = fc.constantFrom(...VALUES);

const basePolicy = {
  tables: {
    order: { contact: 'owner', account: 'acct', legalEntity: 'le' },
    line: { parent: { order: 'orderId' }, contact: 'owner', account: 'acct' },
    contact: {},
  },
  webRoles: [
    ...ROLES.map((name) => ({ name })),
    { name: 'Auth', authenticatedUsers: true },
    { name: 'Anon', anonymousUsers: true },
  ],
} as const;

const privileges = fc.subarray([...TABLE_PERMISSION_PRIVILEGES], { minLength: 1 });
const roles = fc.subarray(['R0', 'R1', 'R2', 'Auth', 'Anon'], { minLength: 1 });

const permissionSpec = fc.record({
  table: fc.constantFrom('order', 'line', 'contact'),
  scope: fc.constantFrom('global', 'contact', 'account', 'self', 'parent'),
  privileges,
  webRoles: roles,
  active: fc.constantFrom(true, true, true, false),
});

/** Random specs, repaired into a valid policy: scopes fitted to their table, children inheriting roles. */
const policyArbitrary = fc.array(permissionSpec, { minLength: 1, maxLength: 6 }).map((specs) => {
  const permissions: NonNullable<PolicyInput['tablePermissions']>[number][] = [];
  specs.forEach((spec, index) => {
    const name = `P${index}`;
    const parent = permissions.find((permission) => permission.table === 'order');
    if (spec.table === 'contact') {
      permissions.push({
        name,
        table: 'contact',
        scope: spec.scope === 'self' ? 'self' : 'global',
        privileges: spec.privileges,
        webRoles: spec.webRoles,
      });
    } else if (spec.table === 'line' && spec.scope === 'parent' && parent) {
      permissions.push({
        name,
        table: 'line',
        scope: 'parent',
        parent: parent.name,
        privileges: spec.privileges,
        webRoles: [...(parent.webRoles ?? [])],
        active: spec.active,
      });
    } else {
      const scope = spec.scope === 'self' || spec.scope === 'parent' ? 'contact' : spec.scope;
      permissions.push({
        name,
        table: spec.table,
        scope,
        privileges: spec.privileges,
        webRoles: spec.webRoles,
        active: spec.active,
      });
    }
  });
  return definePolicy({ ...basePolicy, tablePermissions: permissions });
});

const principalArbitrary: fc.Arbitrary<Principal> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'anonymous' } as const) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('contact' as const),
      id: fc.constantFrom('c1', 'c2'),
      accountId: fc.constantFrom('a1', 'a2', '', null, undefined),
      legalEntity: fc.constantFrom('le1', undefined),
      webRoles: fc.subarray(['R0', 'R1', 'R2'], { minLength: 1 }),
      state: fc.constantFrom('active', 'active', 'active', 'active', 'disabled'),
      mustChangePassword: fc.constantFrom(false, false, false, true),
    }),
  },
);

const fieldsRecord = fc.record({ id: value, owner: value, acct: value, le: value }, { requiredKeys: [] });
const recordOf = (table: 'order' | 'line' | 'contact') =>
  table === 'line'
    ? fc
        .record({ fields: fieldsRecord, orderId: value, parent: fc.option(fieldsRecord, { nil: undefined }) })
        .map(({ fields, orderId, parent }) =>
          subject('line', { ...fields, orderId, ...(parent ? { order: parent } : {}) }),
        )
    : fieldsRecord.map((record) => subject(table, record));

/** A policy and a question about it; the action and table mostly come from one of its permissions. */
const caseArbitrary = policyArbitrary.chain((policy) => {
  const asked = policy.tablePermissions.map(
    (permission) => [permission.table, permission.privileges] as const,
  );
  const question = fc.oneof(
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom('order', 'line', 'contact'),
        fc.constantFrom(...TABLE_PERMISSION_PRIVILEGES),
      ),
    },
    ...(asked.length === 0
      ? []
      : [
          {
            weight: 4,
            arbitrary: fc
              .constantFrom(...asked)
              .chain(([table, granted]) => fc.tuple(fc.constant(table), fc.constantFrom(...granted))),
          },
        ]),
  );
  return fc
    .tuple(fc.constant(policy), principalArbitrary, question)
    .chain(([policy, principal, [table, action]]) =>
      fc.tuple(
        fc.constant(policy),
        fc.constant(principal),
        fc.constant(action as Action),
        recordOf(table as 'order'),
      ),
    );
});

describe('explain agrees with can', () => {
  it('allows exactly when can allows, naming a grant when it does and a failed condition per grant when it does not', () => {
    fc.assert(
      fc.property(caseArbitrary, ([policy, principal, action, record]) => {
        const ability = abilityFor(policy, principal);
        const why = explain(ability, action, record);
        expect(why.allowed).toBe(ability.can(action, record));
        if (why.allowed) expect(why.grants.length).toBeGreaterThan(0);
        else if (why.reason.code === 'no_matching_grant') {
          for (const grant of why.reason.grants) expect(grant.failures.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});

/** A policy, a principal that fits it and a few records of every table, all from the testing kit. */
const kitWorld = (policies: fc.Arbitrary<Policy>) =>
  policies.chain((policy) =>
    fc.tuple(
      fc.constant(policy),
      arbitraryPrincipal(policy),
      arbitraryRecordsByTable(Object.keys(policy.tables), (table) => arbitraryRecord(policy, table)),
    ),
  );

/** Every record and table-level question of a world: explain's verdict is `can`'s, its details consistent. */
function explainsLikeCan(policy: Policy, principal: Principal, recordsByTable: RecordsByTable): void {
  const ability = abilityFor(policy, principal);
  const actions = [...new Set<Action>([...TABLE_PERMISSION_PRIVILEGES, ...SECURITY_ROLE_PRIVILEGES])];
  for (const [table, records] of recordsByTable) {
    for (const action of actions) {
      expect(explain(ability, action, table).allowed).toBe(ability.can(action, table));
      for (const record of records) {
        const tagged = subject(table, { ...record });
        const why = explain(ability, action, tagged);
        expect(why.allowed).toBe(ability.can(action, tagged));
        if (why.allowed) expect(why.grants.length).toBeGreaterThan(0);
        else if (why.reason.code === 'no_matching_grant') {
          for (const grant of why.reason.grants) expect(grant.failures.length).toBeGreaterThan(0);
        }
      }
    }
  }
}

describe("explain's verdict is the ability's, on the testing kit's policies and records", () => {
  it('on random portal policies, contacts and visitors, explain allows exactly what can allows', () => {
    fc.assert(
      fc.property(kitWorld(arbitraryPortalPolicy().map((input) => definePolicy(input))), (world) =>
        explainsLikeCan(...world),
      ),
      { numRuns: propertyRuns(75) },
    );
  });

  it('on internal users with security roles, teams and record shares, explain allows exactly what can allows', () => {
    fc.assert(
      fc.property(kitWorld(fc.constant(internalPolicy)), (world) => explainsLikeCan(...world)),
      { numRuns: propertyRuns(75) },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PortalAbility } from '../../../src/ability/ability.js';
import { abilityFor } from '../../../src/ability/ability-for.js';
import { compilePrincipal } from '../../../src/compile/compile-principal.js';
import {
  definePolicy,
  isPortalPermissionsError,
  type Policy,
  type PolicyInput,
  type Principal,
  subject,
  TABLE_PERMISSION_PRIVILEGES,
} from '../../../src/index.js';
import { parsePrincipal } from '../../../src/principal/principal.js';
import { arbitraryPortalPolicy, arbitraryPrincipal, arbitraryRecord } from '../../../src/testing/index.js';
import { propertyRuns } from '../../fixtures/property-runs.js';

const RUNS = propertyRuns(150);
const SLOW = { timeout: 60_000 };
const ACTIONS = [...TABLE_PERMISSION_PRIVILEGES, 'assign', 'share'] as const;

type Row = Record<string, unknown>;

const scenario = arbitraryPortalPolicy().chain((input: PolicyInput) =>
  fc.record({
    input: fc.constant(input),
    principal: arbitraryPrincipal(input),
    records: fc.tuple(
      ...Object.keys(input.tables).map((table) =>
        fc
          .array(arbitraryRecord(input, table), { maxLength: 3 })
          .map((rows) => rows.map((row) => [table, row as Row] as const)),
      ),
    ),
  }),
);

/** The ability compiled for this principal alone, without a shared template. */
function directAbility(policy: Policy, principal: Principal): PortalAbility {
  const valid = parsePrincipal(principal);
  return new PortalAbility(policy, valid, compilePrincipal(policy, valid, undefined));
}

/** The result, or the code of the validation error that refused it; any other error fails the test. */
const attempt = <T>(run: () => T): T | { refused: string } => {
  try {
    return run();
  } catch (error) {
    if (isPortalPermissionsError(error)) return { refused: error.code };
    throw error;
  }
};

const isRefusal = (value: unknown): value is { refused: string } =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, 'refused');

describe('abilities built from a template shared by principals with the same roles', () => {
  it('hold the very rules, denial and decisions the principal compiled alone would', SLOW, () => {
    let built = 0;
    let decisions = 0;
    let allowed = 0;
    fc.assert(
      fc.property(scenario, ({ input, principal, records }) => {
        const policy = definePolicy(input);
        // The second build comes from the template the first one cached.
        attempt(() => abilityFor(policy, principal));
        const shared = attempt(() => abilityFor(policy, principal));
        const alone = attempt(() => directAbility(policy, principal));
        if (isRefusal(shared) || isRefusal(alone)) {
          expect(shared).toEqual(alone);
          return;
        }
        built += 1;
        expect(shared.rules).toEqual(alone.rules);
        expect(shared.denial).toEqual(alone.denial);
        for (const [table, row] of records.flat()) {
          for (const action of ACTIONS) {
            const answer = shared.can(action, subject(table, { ...row }));
            expect(answer, `${action} ${table}`).toBe(alone.can(action, subject(table, { ...row })));
            decisions += 1;
            if (answer) allowed += 1;
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: most principals compile, and some decisions allow.
    expect(built).toBeGreaterThan(RUNS / 2);
    expect(allowed / decisions).toBeGreaterThan(0.01);
  });

  it('check(action, table, row) answers as can(action, subject(table, row)) on random records', SLOW, () => {
    fc.assert(
      fc.property(scenario, ({ input, principal, records }) => {
        const ability = attempt(() => abilityFor(definePolicy(input), principal));
        if (isRefusal(ability)) return;
        for (const [table, row] of records.flat()) {
          for (const action of ACTIONS) {
            expect(ability.check(action, table, { ...row }), `${action} ${table}`).toBe(
              ability.can(action, subject(table, { ...row })),
            );
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a template never lets one principal see another one’s rows', () => {
  const policy = definePolicy({
    tables: {
      salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' },
      item: { owner: 'ownerId', businessUnit: 'unit', shares: 'sharedWith' },
    },
    webRoles: [{ name: 'Customer representative' }, { name: 'Authorized user' }],
    tablePermissions: [
      {
        name: 'Company orders',
        table: 'salesorder',
        scope: 'account',
        privileges: ['read'],
        webRoles: ['Customer representative'],
      },
      {
        name: 'My orders',
        table: 'salesorder',
        scope: 'contact',
        privileges: ['read'],
        webRoles: ['Authorized user'],
      },
    ],
    businessUnits: [{ id: 'root' }, { id: 'east', parent: 'root' }],
    securityRoles: [{ name: 'Owner', privileges: { item: { read: 'user', share: 'user' } } }],
  });
  const contact = (id: string, accountId: string | null) => ({
    kind: 'contact' as const,
    id,
    accountId,
    legalEntity: 'usmf',
    webRoles: ['Customer representative', 'Authorized user'],
  });

  it('a contact of the same roles reads their own orders and account only, not the first contact’s', () => {
    const first = abilityFor(policy, contact('jane', 'A1'));
    const second = abilityFor(policy, contact('joe', 'A2'));
    const janes = { orderedBy: 'jane', customerAccount: 'A1', company: 'usmf' };
    expect(first.check('read', 'salesorder', janes)).toBe(true);
    expect(second.check('read', 'salesorder', janes)).toBe(false);
    expect(second.check('read', 'salesorder', { ...janes, orderedBy: 'joe' })).toBe(true);
    expect(second.can('read', subject('salesorder', { ...janes, customerAccount: 'A2' }))).toBe(true);
  });

  it('a contact without an account gets no account rule from a template made for one with an account', () => {
    abilityFor(policy, contact('jane', 'A1'));
    const noAccount = abilityFor(policy, contact('joe', null));
    expect(noAccount.rules).toHaveLength(1);
    expect(
      noAccount.check('read', 'salesorder', { orderedBy: 'x', customerAccount: null, company: 'usmf' }),
    ).toBe(false);
  });

  it('a user owns and is shared their own items only, not those of the user the template was made for', () => {
    const user = (id: string) => ({
      kind: 'user' as const,
      id,
      businessUnitId: 'east',
      securityRoles: ['Owner'],
      licensed: true,
    });
    abilityFor(policy, user('ann'));
    const bob = abilityFor(policy, user('bob'));
    expect(bob.check('read', 'item', { ownerId: 'ann', unit: 'east' })).toBe(false);
    expect(bob.check('read', 'item', { ownerId: 'bob', unit: 'east' })).toBe(true);
    const sharedWithAnn = { ownerId: 'x', sharedWith: [{ principal: 'ann', privileges: ['read'] }] };
    expect(bob.check('read', 'item', sharedWithAnn)).toBe(false);
    expect(
      bob.check('read', 'item', {
        ...sharedWithAnn,
        sharedWith: [{ principal: 'bob', privileges: ['read'] }],
      }),
    ).toBe(true);
    expect(JSON.stringify(bob.rules)).not.toContain('ann');
  });
});

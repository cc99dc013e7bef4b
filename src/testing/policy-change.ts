import fc from 'fast-check';
import { abilityFor } from '../ability/ability-for.js';
import type { Action, NameArgument } from '../ability/portal-subject.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike, TableOf } from '../policy/policy-types.js';
import type { PolicyInput } from '../policy/schema.js';
import type { Principal } from '../principal/principal.js';
import { arbitraryPrincipal, assignableRoles } from './arbitrary-principal.js';
import { arbitraryRecord } from './arbitrary-record.js';
import {
  ALL_ACTIONS,
  allows,
  explanationOf,
  type PolicyUnderTest,
  type ResolvedPolicy,
  resolvePolicy,
} from './policy-under-test.js';
import { type Finding, type PropertyOptions, parametersOf, throwIfFailed } from './property-failure.js';
import { arbitraryRecordsByTable, type RecordsByTable, type RecordUnderTest } from './records-by-table.js';

/** Options of `onlyWidens` and `onlyNarrows`; `TTable` are the table names accepted. */
export interface PolicyChangeOptions<TTable extends string = string> extends PropertyOptions {
  /**
   * The principals to try; by default every kind, holding roles of either policy. A role one policy lacks is
   * dropped on that side, as deleting a role takes it from its holders.
   */
  readonly principals?: fc.Arbitrary<Principal>;
  /** The tables to compare; every table of either policy by default. */
  readonly tables?: readonly TTable[];
  /** The actions to compare; every privilege by default. */
  readonly actions?: readonly Action[];
}

/**
 * The options of a change between two policies: a table written literally must be one of either policy
 * (as the default compares every table of either); typed `string`, it is checked at run time.
 */
type ChangeOptionsOf<
  TBefore extends PolicyTypesLike,
  TAfter extends PolicyTypesLike,
  TTable extends string,
> = PolicyChangeOptions<NameArgument<TTable, TableOf<TBefore> | TableOf<TAfter>>>;

/**
 * `onlyWidens` and `onlyNarrows`: the policy before and after a change, and the options; for policies from
 * `definePolicy`, a table written literally in the options must be one of either.
 */
type PolicyChangeAssertion = <
  TBefore extends PolicyTypesLike = PolicyTypes,
  TAfter extends PolicyTypesLike = PolicyTypes,
  TTable extends string = string,
>(
  before: Policy<TBefore> | PolicyUnderTest,
  after: Policy<TAfter> | PolicyUnderTest,
  options?: ChangeOptionsOf<TBefore, TAfter, TTable>,
) => void;

type Direction = 'widens' | 'narrows';

/** The principal as one policy sees it: roles and teams that policy does not define are not held. */
function principalUnder(input: PolicyInput, principal: Principal): Principal {
  if (principal.kind === 'contact') {
    const known = new Set(assignableRoles(input));
    const held = (roles: readonly string[] | undefined) => roles?.filter((role) => known.has(role));
    const webRoles = held(principal.webRoles);
    const accountWebRoles = held(principal.accountWebRoles);
    return {
      ...principal,
      ...(webRoles === undefined ? {} : { webRoles }),
      ...(accountWebRoles === undefined ? {} : { accountWebRoles }),
    };
  }
  if (principal.kind === 'user') {
    const roles = new Set((input.securityRoles ?? []).map((role) => role.name));
    const teams = new Set((input.teams ?? []).map((team) => team.id));
    return {
      ...principal,
      ...(principal.securityRoles === undefined
        ? {}
        : {
            securityRoles: principal.securityRoles.filter((role) =>
              roles.has(typeof role === 'string' ? role : role.name),
            ),
          }),
      ...(principal.teams === undefined ? {} : { teams: principal.teams.filter((team) => teams.has(team)) }),
    };
  }
  return principal;
}

function unionBy<T>(
  first: readonly T[] | undefined,
  second: readonly T[] | undefined,
  key: (item: T) => string,
): T[] {
  const seen = new Set((first ?? []).map(key));
  return [...(first ?? []), ...(second ?? []).filter((item) => !seen.has(key(item)))];
}

/** A document with the roles, teams and units of both policies, for generating principals that fit either. */
function bothRoles(before: PolicyInput, after: PolicyInput): PolicyInput {
  return {
    ...after,
    webRoles: unionBy(after.webRoles, before.webRoles, (role) => role.name),
    securityRoles: unionBy(after.securityRoles, before.securityRoles, (role) => role.name),
    teams: unionBy(after.teams, before.teams, (team) => team.id),
    businessUnits: unionBy(after.businessUnits, before.businessUnits, (unit) => unit.id),
  };
}

function recordsFor(before: PolicyInput, after: PolicyInput, table: string): fc.Arbitrary<RecordUnderTest> {
  const shapes = [before, after].filter((input) => Object.hasOwn(input.tables, table));
  return fc.oneof(...shapes.map((input) => arbitraryRecord(input, table)));
}

function decisionsOf(policy: Policy, input: PolicyInput, principal: Principal) {
  const ability = abilityFor(policy, principalUnder(input, principal));
  return {
    allows: (action: Action, table: string, record: RecordUnderTest) =>
      allows(ability, action, table, record),
    explain: (action: Action, table: string, record: RecordUnderTest) =>
      explanationOf(ability, action, table, record),
  };
}

/** The first decision that moves against `direction`, as a finding, or `undefined`. */
function changeFinding(
  direction: Direction,
  before: ResolvedPolicy,
  after: ResolvedPolicy,
  principal: Principal,
  actions: readonly Action[],
  recordsByTable: RecordsByTable,
): Finding | undefined {
  const old = decisionsOf(before.policy, before.input, principal);
  const now = decisionsOf(after.policy, after.input, principal);
  for (const [table, records] of recordsByTable) {
    for (const action of actions) {
      for (const record of records) {
        const wasAllowed = old.allows(action, table, record);
        const isAllowed = now.allows(action, table, record);
        const counterexample = (explanation: string) => ({ principal, action, table, record, explanation });
        if (direction === 'widens' && wasAllowed && !isAllowed) {
          return {
            code: 'access_narrowed',
            summary: 'the new policy removes access the old one granted',
            counterexample: counterexample(`before: ${old.explain(action, table, record)}`),
            details: [`after:       ${now.explain(action, table, record)}`],
          };
        }
        if (direction === 'narrows' && isAllowed && !wasAllowed) {
          return {
            code: 'access_widened',
            summary: 'the new policy grants access the old one did not',
            counterexample: counterexample(`after: ${now.explain(action, table, record)}`),
            details: [`before:      ${old.explain(action, table, record)}`],
          };
        }
      }
    }
  }
  return undefined;
}

function assertChange(
  direction: Direction,
  beforePolicy: PolicyUnderTest,
  afterPolicy: PolicyUnderTest,
  options: PolicyChangeOptions,
): void {
  const before = resolvePolicy(beforePolicy);
  const after = resolvePolicy(afterPolicy);
  const tables = options.tables ?? [
    ...new Set([...Object.keys(before.input.tables), ...Object.keys(after.input.tables)]),
  ];
  const actions = options.actions ?? ALL_ACTIONS;
  const principals = options.principals ?? arbitraryPrincipal(bothRoles(before.input, after.input));
  const records = arbitraryRecordsByTable(tables, (table) => recordsFor(before.input, after.input, table));
  const details = fc.check(
    fc.property(
      principals,
      records,
      (principal, byTable) =>
        changeFinding(direction, before, after, principal, actions, byTable) === undefined,
    ),
    parametersOf(options),
  );
  const [principal, byTable] = details.counterexample ?? [];
  throwIfFailed(
    details as fc.RunDetails<unknown>,
    direction === 'widens' ? 'onlyWidens' : 'onlyNarrows',
    principal === undefined || byTable === undefined
      ? undefined
      : changeFinding(direction, before, after, principal, actions, byTable),
  );
}

/**
 * Asserts that a policy change only adds access: whatever a generated principal could do on a generated
 * record under `before`, it can still do under `after`. Throws `PolicyPropertyError` naming the grant that
 * used to allow the lost access.
 *
 * @example
 * onlyWidens(currentPolicy, proposedPolicy, { runs: 300 });
 */
export const onlyWidens: PolicyChangeAssertion = (before, after, options = {}) =>
  assertChange('widens', before, after, options);

/**
 * Asserts that a policy change only removes access: nothing a generated principal can do on a generated
 * record under `after` was denied under `before`. Throws `PolicyPropertyError` naming the grant that allows
 * the new access.
 *
 * @example
 * onlyNarrows(currentPolicy, tightenedPolicy);
 */
export const onlyNarrows: PolicyChangeAssertion = (before, after, options = {}) =>
  assertChange('narrows', before, after, options);

import fc from 'fast-check';
import type { PortalAbility } from '../ability/ability.js';
import { abilityFor } from '../ability/ability-for.js';
import type { Action, ActionArgument, TableArgument } from '../ability/portal-subject.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike } from '../policy/policy-types.js';
import type { Principal } from '../principal/principal.js';
import { arbitraryRecord } from './arbitrary-record.js';
import {
  allows,
  checkedTables,
  explanationOf,
  type PolicyUnderTest,
  resolvePolicy,
} from './policy-under-test.js';
import { type PropertyOptions, parametersOf, throwIfFailed } from './property-failure.js';
import type { RecordUnderTest } from './records-by-table.js';

/** Options of `neverCan`. */
export interface NeverCanOptions extends PropertyOptions {
  /** The records to try; `arbitraryRecord(input, table)` by default. */
  readonly records?: fc.Arbitrary<RecordUnderTest>;
}

/**
 * Asserts an invariant of a policy: no generated principal may do `action` on a record of `table` that
 * `forbidden(record, principal)` describes. Throws `PolicyPropertyError` with the shrunk principal and
 * record and the grant that allowed it.
 *
 * @example
 * // No contact ever reads another company's orders.
 * neverCan(policy, contacts, 'read', 'salesorder', (order, contact) => order.customerAccount !== contact.accountId);
 */
export function neverCan<
  TPrincipal extends Principal,
  TTypes extends PolicyTypesLike = PolicyTypes,
  TTable extends string = string,
  TAction extends string = Action,
>(
  policy: Policy<TTypes> | PolicyUnderTest,
  principals: fc.Arbitrary<TPrincipal>,
  action: ActionArgument<TTypes, TTable, TAction>,
  table: TableArgument<TTypes, TTable>,
  forbidden: (record: RecordUnderTest, principal: TPrincipal) => boolean,
  options: NeverCanOptions = {},
): void {
  // The names were checked where neverCan was called (literal names against the policy's).
  const loose = { action: action as Action, table: table as string };
  const { policy: compiled, input } = resolvePolicy(policy);
  checkedTables(input, [loose.table]);
  const records = options.records ?? arbitraryRecord(input, loose.table);
  const breaks = (principal: TPrincipal, record: RecordUnderTest, ability: PortalAbility): boolean =>
    forbidden(record, principal) && allows(ability, loose.action, loose.table, record);
  const firstBreach = (principal: TPrincipal, candidates: readonly RecordUnderTest[]) => {
    const ability = abilityFor(compiled, principal as Principal);
    return candidates.find((record) => breaks(principal, record, ability));
  };
  const details = fc.check(
    fc.property(
      principals,
      fc.array(records, { minLength: 1, maxLength: 4 }),
      (principal, candidates) => firstBreach(principal, candidates) === undefined,
    ),
    parametersOf(options),
  );
  const [principal, candidates] = details.counterexample ?? [];
  const record =
    principal === undefined || candidates === undefined ? undefined : firstBreach(principal, candidates);
  throwIfFailed(
    details as fc.RunDetails<unknown>,
    'neverCan',
    principal === undefined || record === undefined
      ? undefined
      : {
          code: 'forbidden_access',
          summary: `a principal can ${loose.action} a ${loose.table} record the invariant forbids`,
          counterexample: {
            principal,
            action: loose.action,
            table: loose.table,
            record,
            explanation: explanationOf(
              abilityFor(compiled, principal as Principal),
              loose.action,
              loose.table,
              record,
            ),
          },
          details: [`invariant:   ${forbidden.toString()}`],
        },
  );
}

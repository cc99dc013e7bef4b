import fc from 'fast-check';
import { abilityFor, type PortalAbility } from '../ability/ability.js';
import type { Action } from '../ability/portal-subject.js';
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
export function neverCan<TPrincipal extends Principal>(
  policy: PolicyUnderTest,
  principals: fc.Arbitrary<TPrincipal>,
  action: Action,
  table: string,
  forbidden: (record: RecordUnderTest, principal: TPrincipal) => boolean,
  options: NeverCanOptions = {},
): void {
  const { policy: compiled, input } = resolvePolicy(policy);
  checkedTables(input, [table]);
  const records = options.records ?? arbitraryRecord(input, table);
  const breaks = (principal: TPrincipal, record: RecordUnderTest, ability: PortalAbility): boolean =>
    forbidden(record, principal) && allows(ability, action, table, record);
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
          summary: `a principal can ${action} a ${table} record the invariant forbids`,
          counterexample: {
            principal,
            action,
            table,
            record,
            explanation: explanationOf(abilityFor(compiled, principal as Principal), action, table, record),
          },
          details: [`invariant:   ${forbidden.toString()}`],
        },
  );
}

import fc from 'fast-check';
import type { PortalAbility } from '../ability/ability.js';
import { abilityFor } from '../ability/ability-for.js';
import type { Action, NameArgument } from '../ability/portal-subject.js';
import type { Policy } from '../policy/policy.js';
import type { PolicyTypes, PolicyTypesLike, TableOf } from '../policy/policy-types.js';
import type { Principal } from '../principal/principal.js';
import { accessibleWhere } from '../query/accessible-where.js';
import { filterAccessible } from '../query/filter-accessible.js';
import { type AllowTally, holdsGrant } from './allow-tally.js';
import { arbitraryDataset, type Dataset, recordsOf } from './arbitrary-dataset.js';
import { arbitraryPrincipal } from './arbitrary-principal.js';
import { arbitraryRecord } from './arbitrary-record.js';
import {
  ALL_ACTIONS,
  allows,
  checkedTables,
  explanationOf,
  type PolicyUnderTest,
  type ResolvedPolicy,
  resolvePolicy,
} from './policy-under-test.js';
import { type Finding, type PropertyOptions, parametersOf, show, throwIfFailed } from './property-failure.js';
import { keyFieldOf } from './record-fields.js';
import { arbitraryRecordsByTable, type RecordsByTable } from './records-by-table.js';
import { referenceCan } from './reference-evaluator.js';
import { createScratchDatabase, type DatabaseHandle, type ScratchDatabase } from './scratch-database.js';

/** What `assertAgreesWithReference` compares, and on what; `TTable` are the table names accepted. */
export interface AgreementOptions<TTable extends string = string> extends PropertyOptions {
  /**
   * A database to also check `accessibleWhere` in: PGlite, a `pg` Client or a better-sqlite3 Database. The
   * kit creates TEMPORARY copies of the policy's tables there (real tables are shadowed, never touched).
   */
  readonly db?: DatabaseHandle;
  /** The tables to check; every table of the policy by default. */
  readonly tables?: readonly TTable[];
  /** The actions to check; every privilege by default. */
  readonly actions?: readonly Action[];
  /** The principals to try; `arbitraryPrincipal(input)` (every kind the policy has a use for) by default. */
  readonly principals?: fc.Arbitrary<Principal>;
}

const PROPERTY = 'assertAgreesWithReference';

/** What a comparison covers: the policy (compiled and as a document), its tables and actions. */
export interface Scope {
  readonly resolved: ResolvedPolicy;
  readonly tables: readonly string[];
  readonly actions: readonly Action[];
}

function disagreement(
  check: string,
  ability: PortalAbility,
  principal: Principal,
  action: Action,
  table: string,
  record: unknown,
  expected: boolean,
  details: readonly string[] = [],
): Finding {
  const verdict = (allowed: boolean) => (allowed ? 'allows' : 'denies');
  return {
    code: 'reference_disagreement',
    summary: `${check} ${verdict(!expected)} what the reference evaluator ${verdict(expected)}`,
    counterexample: {
      principal,
      action,
      table,
      record,
      explanation: explanationOf(ability, action, table, record),
    },
    details,
  };
}

/** The first decision where `can` or `filterAccessible` and the reference evaluator differ. */
export function inMemoryFinding(
  { resolved, actions }: Scope,
  principal: Principal,
  recordsByTable: RecordsByTable,
  tally?: AllowTally,
): Finding | undefined {
  const ability = abilityFor(resolved.policy, principal);
  for (const [table, records] of recordsByTable) {
    for (const action of actions) {
      const held = tally !== undefined && holdsGrant(ability, action, table);
      const expected = records.map((record) => {
        const allowed = referenceCan(resolved.input, principal, action, table, record);
        tally?.record(action, allowed, held);
        return allowed;
      });
      for (const [index, record] of records.entries()) {
        if (allows(ability, action, table, record) !== expected[index]) {
          return disagreement('ability.can', ability, principal, action, table, record, expected[index]!);
        }
      }
      const kept = new Set(filterAccessible(ability, action, table, records));
      for (const [index, record] of records.entries()) {
        if (kept.has(record) !== expected[index]) {
          return disagreement(
            'filterAccessible',
            ability,
            principal,
            action,
            table,
            record,
            expected[index]!,
          );
        }
      }
    }
  }
  return undefined;
}

/**
 * The first (table, action) whose SQL filter selects other rows than the reference evaluator allows, `db`
 * holding `dataset` already (one fill serves every principal asked about it).
 */
export async function databaseFinding(
  { resolved, tables, actions }: Scope,
  db: ScratchDatabase,
  principal: Principal,
  dataset: Dataset,
): Promise<Finding | undefined> {
  const ability = abilityFor(resolved.policy, principal);
  for (const table of tables) {
    const key = keyFieldOf(resolved.input, table);
    const records = recordsOf(resolved.input, dataset, table);
    for (const action of actions) {
      const where = accessibleWhere(ability, action, table, { dialect: db.dialect });
      const selected = new Set(await db.keys(table, where));
      for (const record of records) {
        const expected = referenceCan(resolved.input, principal, action, table, record);
        if (selected.has(String(record[key])) === expected) continue;
        return disagreement(
          `accessibleWhere (${db.dialect})`,
          ability,
          principal,
          action,
          table,
          record,
          expected,
          [
            `sql:         ${where.sql}`,
            `params:      ${show(where.params)}`,
            `selected:    ${show([...selected])}`,
            `rows:        ${show(dataset)}`,
          ],
        );
      }
    }
  }
  return undefined;
}

function diagnose<T>(run: () => T): T | Error {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function checkInDatabase(
  scope: Scope,
  handle: DatabaseHandle,
  principals: fc.Arbitrary<Principal>,
  options: AgreementOptions,
): Promise<void> {
  const db = await createScratchDatabase(handle, scope.resolved.policy, scope.resolved.input);
  try {
    const property = fc.asyncProperty(
      principals,
      arbitraryDataset(scope.resolved.input),
      async (principal, dataset) => {
        await db.fill(dataset);
        return (await databaseFinding(scope, db, principal, dataset)) === undefined;
      },
    );
    const details = await fc.check(property, parametersOf(options));
    let diagnosis: Finding | Error | undefined;
    if (details.failed && details.counterexample) {
      const [principal, dataset] = details.counterexample;
      try {
        await db.fill(dataset);
        diagnosis = await databaseFinding(scope, db, principal, dataset);
      } catch (error) {
        diagnosis = error instanceof Error ? error : new Error(String(error));
      }
    }
    throwIfFailed(details as fc.RunDetails<unknown>, PROPERTY, diagnosis);
  } finally {
    await db.drop();
  }
}

/**
 * Checks a policy against the reference evaluator on generated principals and records: `ability.can` and
 * `filterAccessible` on every table and action, and, given `db`, the rows `accessibleWhere` selects in a
 * real database. Throws `PolicyPropertyError` with the shrunk counter-example when any of them disagrees.
 * Pass the policy returned by `definePolicy` (or its plain document); with the former, a table written
 * literally in `options.tables` must be one it declares.
 *
 * @example
 * await assertAgreesWithReference(policy, { runs: 200, db: new PGlite() });
 */
export async function assertAgreesWithReference<
  TTypes extends PolicyTypesLike = PolicyTypes,
  TTable extends string = string,
>(
  policy: Policy<TTypes> | PolicyUnderTest,
  options: AgreementOptions<NameArgument<TTable, TableOf<TTypes>>> = {},
): Promise<void> {
  const resolved = resolvePolicy(policy);
  const scope: Scope = {
    resolved,
    tables: checkedTables(resolved.input, options.tables ?? Object.keys(resolved.input.tables)),
    actions: options.actions ?? ALL_ACTIONS,
  };
  const principals = options.principals ?? arbitraryPrincipal(resolved.input);
  const records = arbitraryRecordsByTable(scope.tables, (table) => arbitraryRecord(resolved.input, table));
  const details = fc.check(
    fc.property(
      principals,
      records,
      (principal, byTable) => inMemoryFinding(scope, principal, byTable) === undefined,
    ),
    parametersOf(options),
  );
  const [principal, byTable] = details.counterexample ?? [];
  throwIfFailed(
    details as fc.RunDetails<unknown>,
    PROPERTY,
    principal === undefined || byTable === undefined
      ? undefined
      : diagnose(() => inMemoryFinding(scope, principal, byTable)),
  );
  if (options.db !== undefined) await checkInDatabase(scope, options.db, principals, options);
}

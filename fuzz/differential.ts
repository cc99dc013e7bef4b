import { PGlite } from '@electric-sql/pglite';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { definePolicy, type Policy, type PolicyInput, type Principal } from '../src/index.js';
import { databaseFinding, inMemoryFinding, type Scope } from '../src/testing/agrees-with-reference.js';
import { AllowTally } from '../src/testing/allow-tally.js';
import { arbitraryDataset, type Dataset, recordsOf } from '../src/testing/arbitrary-dataset.js';
import { arbitraryPortalPolicy } from '../src/testing/arbitrary-policy.js';
import { arbitraryPrincipal } from '../src/testing/arbitrary-principal.js';
import { arbitraryRecord } from '../src/testing/arbitrary-record.js';
import { ALL_ACTIONS, checkedTables, resolvePolicy } from '../src/testing/policy-under-test.js';
import { type Finding, PolicyPropertyError, throwIfFailed } from '../src/testing/property-failure.js';
import { arbitraryRecordsByTable, type RecordsByTable } from '../src/testing/records-by-table.js';
import { createScratchDatabase, type DatabaseHandle } from '../src/testing/scratch-database.js';
import { customerPortalInput } from '../test/fixtures/customer-portal.js';
import { internalInput } from '../test/fixtures/internal-users.js';
import { manyToManyInput } from '../test/fixtures/many-to-many.js';
import { sharingInput } from '../test/fixtures/sharing.js';

/*
 * Differential fuzzing at scale: one generated case is a policy with a batch of principals and a dataset,
 * and every (principal, row) pair of it is decided by the reference evaluator, `ability.can`,
 * `filterAccessible`, and the SQL filter in PGlite and in SQLite. Batching rows and principals per policy is
 * what makes 100,000 decisions affordable: compiling a policy and creating its tables costs more than
 * deciding a row.
 */

/** How to run the fuzzer. */
export interface FuzzOptions {
  /** How many (policy, principal, row) decisions to check in all four evaluators, at least. */
  readonly cases: number;
  /** Replays a failure: the seed (and path) a failure printed. Random when absent. */
  readonly seed?: number;
  readonly path?: string;
  /** Principals per generated policy; 8 by default. */
  readonly principalsPerPolicy?: number;
  /** Compiles a generated document; `definePolicy` by default (tests plant a compiler bug here). */
  readonly compile?: (input: PolicyInput) => Policy;
  /** Where progress lines go; nowhere by default. */
  readonly log?: (line: string) => void;
  /**
   * The least share of decisions the reference must allow, per action, where the principal holds a grant of
   * it (and every action allowed at least once): below it the run fails as vacuous. 0.1 by default; 0 turns
   * the check off (a short run meets too few internal-user policies to judge assign and share).
   */
  readonly minimumAllowRate?: number;
  /** Creates the PGlite database the run checks SQL in (and closes); a new in-memory one by default. */
  readonly pglite?: () => PGlite;
}

/** Thrown when a fuzz run passed but allowed too little to mean anything. */
export class VacuousFuzzError extends Error {
  override readonly name = 'VacuousFuzzError';
}

/** What a passing run checked. */
export interface FuzzReport {
  /** (policy, principal, row) decisions checked in all four evaluators (every action of each). */
  readonly cases: number;
  /** Further (policy, principal, record) decisions with hostile record shapes, in memory only. */
  readonly inMemoryCases: number;
  /** Generated policies (fast-check runs). */
  readonly policies: number;
  /** The seeds of the rounds run, in order. */
  readonly seeds: readonly number[];
  /** How often the reference allowed each action on the generated rows: the run is not vacuous. */
  readonly allows: AllowTally;
}

/** One generated case: a policy document, principals that fit it, its rows, and hostile-shaped records. */
export interface FuzzCase {
  readonly input: PolicyInput;
  readonly principals: readonly Principal[];
  readonly dataset: Dataset;
  readonly hostile: RecordsByTable;
}

/**
 * The internal-users fixture, with the share tables SQL needs to list shared records; notes follow their
 * order's shares (a cascading relationship) and `sales` has a default team (SPEC 2.5, 2.7).
 */
const internalWithShareTables = {
  ...internalInput,
  tables: {
    ...internalInput.tables,
    salesorder: { ...internalInput.tables.salesorder, sql: { shares: { table: 'salesorder_share' } } },
    annotation: {
      ...internalInput.tables.annotation,
      parent: { salesorder: 'objectId' },
      cascade: { salesorder: { share: 'cascade' } },
      sql: { shares: { table: 'annotation_share' } },
    },
  },
  // Assign and share are granted by security roles only: one that grants them at several levels, so the fuzz
  // decides them as often as the other privileges.
  securityRoles: [
    ...internalInput.securityRoles,
    {
      name: 'Coordinator',
      privileges: {
        salesorder: { read: 'businessUnit', assign: 'parentChildBusinessUnits', share: 'businessUnit' },
        annotation: { read: 'user', assign: 'user', share: 'organization' },
      },
    },
  ],
  teams: [
    ...internalInput.teams,
    { id: 'coordinators', businessUnitId: 'sales', type: 'owner', securityRoles: ['Coordinator'] },
    {
      id: 'sales-default',
      businessUnitId: 'sales',
      type: 'owner',
      isDefault: true,
      securityRoles: ['Salesperson'],
    },
  ],
} satisfies PolicyInput;

/** The same, with hierarchy security on (managers reach their reports' rows; SPEC 2.7). */
const internalWithHierarchy = {
  ...internalWithShareTables,
  hierarchy: { model: 'manager', depth: 2 },
} satisfies PolicyInput;

/**
 * Generated policies most of the time; the real-world fixtures now and then (shares, cascades, owners, units,
 * and intersect tables: project members, cases shared with contacts and accounts).
 */
export function arbitraryFuzzCase(principalsPerPolicy = 8): fc.Arbitrary<FuzzCase> {
  const policies = fc.oneof(
    { arbitrary: arbitraryPortalPolicy(), weight: 8 },
    { arbitrary: fc.constant<PolicyInput>(customerPortalInput), weight: 1 },
    { arbitrary: fc.constant<PolicyInput>(internalWithShareTables), weight: 1 },
    { arbitrary: fc.constant<PolicyInput>(manyToManyInput), weight: 1 },
    { arbitrary: fc.constant<PolicyInput>(sharingInput), weight: 1 },
    { arbitrary: fc.constant<PolicyInput>(internalWithHierarchy), weight: 1 },
  );
  return policies.chain((input) =>
    fc.record({
      input: fc.constant(input),
      principals: fc.array(arbitraryPrincipal(input), {
        minLength: Math.ceil(principalsPerPolicy / 2),
        maxLength: principalsPerPolicy,
      }),
      // Every key the pools hold: one SQL query per (principal, table, action) decides all of a table's rows.
      dataset: arbitraryDataset(input, { maxRows: 9 }),
      hostile: arbitraryRecordsByTable(
        Object.keys(input.tables),
        (table) => arbitraryRecord(input, table),
        3,
      ),
    }),
  );
}

interface Databases {
  readonly handles: readonly DatabaseHandle[];
  close(): Promise<void>;
}

async function openDatabases(createPglite: () => PGlite): Promise<Databases> {
  const pglite = createPglite();
  await pglite.waitReady;
  const sqlite = new Database(':memory:');
  return {
    handles: [pglite, sqlite],
    close: async () => {
      await pglite.close();
      sqlite.close();
    },
  };
}

/** How many decisions a case holds: rows (in all four evaluators) and hostile records (in memory). */
function sizeOf(fuzzCase: FuzzCase): { cases: number; inMemoryCases: number } {
  const rows = Object.values(fuzzCase.dataset).reduce((sum, rows) => sum + rows.length, 0);
  const hostile = fuzzCase.hostile.reduce((sum, [, records]) => sum + records.length, 0);
  return { cases: rows * fuzzCase.principals.length, inMemoryCases: hostile * fuzzCase.principals.length };
}

/** The first disagreement in a case, in memory first (cheaper, and its message is the plainest). */
async function findingOf(
  fuzzCase: FuzzCase,
  databases: Databases,
  compile: (input: PolicyInput) => Policy,
  tally?: AllowTally,
): Promise<Finding | undefined> {
  const resolved = resolvePolicy(compile(fuzzCase.input));
  const tables = checkedTables(resolved.input, Object.keys(resolved.input.tables));
  const scope: Scope = { resolved, tables, actions: ALL_ACTIONS };
  const rows: RecordsByTable = tables.map((table) => [
    table,
    recordsOf(resolved.input, fuzzCase.dataset, table),
  ]);
  for (const principal of fuzzCase.principals) {
    const finding =
      inMemoryFinding(scope, principal, rows, tally) ?? inMemoryFinding(scope, principal, fuzzCase.hostile);
    if (finding !== undefined) return finding;
  }
  for (const handle of databases.handles) {
    const db = await createScratchDatabase(handle, resolved.policy, resolved.input);
    try {
      await db.fill(fuzzCase.dataset);
      for (const principal of fuzzCase.principals) {
        const finding = await databaseFinding(scope, db, principal, fuzzCase.dataset);
        if (finding !== undefined) return finding;
      }
    } finally {
      await db.drop();
    }
  }
  return undefined;
}

/** A fresh 31-bit seed for a round nobody asked to replay. */
const randomSeed = (): number => Math.floor(Math.random() * 0x7fffffff);

/**
 * Runs rounds of fast-check until `cases` decisions have passed. Throws `PolicyPropertyError` on the first
 * disagreement, shrunk, with the seed and path that replay it (`{ seed, path }` in these options).
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const compile = options.compile ?? ((input: PolicyInput) => definePolicy(input));
  const log = options.log ?? (() => {});
  const arbitrary = arbitraryFuzzCase(options.principalsPerPolicy);
  const databases = await openDatabases(options.pglite ?? (() => new PGlite()));
  let cases = 0;
  let inMemoryCases = 0;
  let policies = 0;
  const seeds: number[] = [];
  const allows = new AllowTally();
  const property = fc.asyncProperty(arbitrary, async (fuzzCase) => {
    const finding = await findingOf(fuzzCase, databases, compile, allows);
    if (finding !== undefined) return false;
    const size = sizeOf(fuzzCase);
    cases += size.cases;
    inMemoryCases += size.inMemoryCases;
    policies += 1;
    return true;
  });
  const check = async (seed: number, numRuns: number, path?: string): Promise<void> => {
    seeds.push(seed);
    const details = await fc.check(property, { seed, numRuns, ...(path === undefined ? {} : { path }) });
    let diagnosis: Finding | Error | undefined;
    const [counterexample] = details.counterexample ?? [];
    if (details.failed && counterexample !== undefined) {
      try {
        diagnosis = await findingOf(counterexample, databases, compile);
      } catch (error) {
        diagnosis = error instanceof Error ? error : new Error(String(error));
      }
    }
    throwIfFailed(details as fc.RunDetails<unknown>, 'fuzz', diagnosis);
  };
  try {
    if (options.path !== undefined) {
      await check(options.seed ?? 0, 1, options.path);
      return { cases, inMemoryCases, policies, seeds, allows };
    }
    // The first round's seed is the one asked for; later rounds (when a round fell short of `cases`) follow it.
    let seed = options.seed ?? randomSeed();
    let perPolicy = 60;
    while (cases < options.cases) {
      const numRuns = Math.max(1, Math.ceil((options.cases - cases) / perPolicy));
      log(`round: seed ${seed}, ${numRuns} policies`);
      await check(seed, numRuns);
      perPolicy = Math.max(1, cases / Math.max(1, policies));
      log(`  ${cases} cases (+${inMemoryCases} in memory) over ${policies} policies so far`);
      seed = (seed + 1) % 0x7fffffff;
    }
    const minimum = options.minimumAllowRate ?? 0.1;
    const short = minimum > 0 ? allows.belowMinimum(ALL_ACTIONS, minimum) : [];
    if (short.length > 0)
      throw new VacuousFuzzError(
        `the fuzz agreed with the reference but allowed too little to prove the grants: ${short.join('; ')} ` +
          `(seeds ${seeds.join(', ')}); bias the generators (src/testing/arbitrary-*.ts) or run more cases`,
      );
    return { cases, inMemoryCases, policies, seeds, allows };
  } finally {
    await databases.close();
  }
}

export { PolicyPropertyError };

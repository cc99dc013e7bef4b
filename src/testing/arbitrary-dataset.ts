import fc from 'fast-check';
import { MAX_PARENT_DEPTH } from '../base/privilege.js';
import type { PolicyInput } from '../policy/schema.js';
import { arbitraryStoredLinks, LINKS_MISSING } from './arbitrary-links.js';
import { arbitraryShares } from './arbitrary-shares.js';
import { documentOf, type PolicyUnderTest } from './policy-under-test.js';
import {
  keyFieldOf,
  keyPoolOf,
  manyToManyFields,
  ownerPoolOf,
  parentTablesOf,
  referenceFields,
  scalarFields,
  sharesFieldOf,
} from './record-fields.js';
import { HOSTILE_STRINGS } from './value-pools.js';

/*
 * Rows of every table of a policy as a database holds them (text or NULL, one key per row), and the
 * records `can` sees for them (each row with the parent row it names embedded). The SQL filter is compared
 * with the in-memory check on these: a record embeds exactly the row a join would find.
 */

type Row = Record<string, unknown>;

/**
 * Rows by table name: values are strings or null (or missing), keys are unique strings within a table; a
 * table with shares carries them as an array under its shares field (the share table's rows, grouped), and
 * a many-to-many list field an array of related ids (its intersect table's rows, grouped).
 */
export type Dataset = Readonly<Record<string, readonly Readonly<Row>[]>>;

/** How many rows a generated dataset holds. */
export interface DatasetOptions {
  /** The most rows per table; 5 by default. */
  readonly maxRows?: number;
}

const MISSING = Symbol('missing');

/** The columns of a table's rows: its scalar fields and, per parent table, the fields naming the parent. */
export function columnsOf(policy: PolicyInput, table: string): Map<string, readonly string[]> {
  const columns = new Map(scalarFields(policy, table));
  for (const parent of parentTablesOf(policy, table)) {
    for (const field of referenceFields(policy, table, parent)) columns.set(field, keyPoolOf(policy, parent));
  }
  return columns;
}

function cellValue(pool: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...pool), weight: 6 },
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 2 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: fc.constant(MISSING), weight: 1 },
  );
}

function arbitraryRow(policy: PolicyInput, table: string): fc.Arbitrary<Row> {
  const key = keyFieldOf(policy, table);
  const columns = [...columnsOf(policy, table)].filter(([field]) => field !== key);
  const keyValue = fc.oneof(
    { arbitrary: fc.constantFrom(...keyPoolOf(policy, table)), weight: 5 },
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 1 },
  );
  const sharesField = sharesFieldOf(policy, table);
  const shares = sharesField === undefined ? fc.constant([]) : arbitraryShares(ownerPoolOf(policy));
  const lists = [...manyToManyFields(policy, table)];
  return fc
    .tuple(
      keyValue,
      fc.tuple(...columns.map(([, pool]) => cellValue(pool))),
      shares,
      fc.tuple(...lists.map(([, { pool }]) => arbitraryStoredLinks(pool))),
    )
    .map(([keyOfRow, values, sharedWith, linked]) => {
      const row: Row = { [key]: keyOfRow };
      // Many-to-many links live in intersect tables in SQL; in memory the record lists the related ids.
      lists.forEach(([field], index) => {
        if (linked[index] !== LINKS_MISSING) row[field] = linked[index];
      });
      // Shares live in a share table in SQL; in memory the record carries them (SPEC 2.7).
      if (sharesField !== undefined) row[sharesField] = sharedWith;
      columns.forEach(([field], index) => {
        if (values[index] !== MISSING) row[field] = values[index];
      });
      // A table naming one parent through several fields (a permission's override) names the same row with
      // each: a record embeds one parent, so differing fields would compare two rows with one.
      for (const parent of parentTablesOf(policy, table)) {
        const [first, ...others] = referenceFields(policy, table, parent);
        for (const field of others) {
          if (first !== undefined && Object.hasOwn(row, first)) row[field] = row[first];
          else delete row[field];
        }
      }
      return row;
    });
}

/**
 * Rows for every table of a policy: keys from the pools (unique per table, sometimes a hostile string),
 * relationship fields from the pools principals draw from or a hostile string, null or missing, parent
 * references naming rows of the parent table most of the time.
 */
export function arbitraryDataset(
  policyUnderTest: PolicyUnderTest,
  options: DatasetOptions = {},
): fc.Arbitrary<Dataset> {
  const policy = documentOf(policyUnderTest);
  const tables = Object.keys(policy.tables);
  const maxLength = options.maxRows ?? 5;
  return fc
    .tuple(
      ...tables.map((table) =>
        fc.uniqueArray(arbitraryRow(policy, table), {
          maxLength,
          selector: (row) => row[keyFieldOf(policy, table)],
        }),
      ),
    )
    .map((rows) => Object.fromEntries(tables.map((table, index) => [table, rows[index] ?? []])));
}

function withParents(policy: PolicyInput, dataset: Dataset, table: string, row: Row, depth: number): Row {
  const record: Row = { ...row };
  if (depth >= MAX_PARENT_DEPTH) return record;
  for (const parent of parentTablesOf(policy, table)) {
    const [field] = referenceFields(policy, table, parent);
    const value = field === undefined ? undefined : row[field];
    const parentKey = keyFieldOf(policy, parent);
    const found = (dataset[parent] ?? []).find(
      (candidate) => typeof value === 'string' && candidate[parentKey] === value,
    );
    if (found) record[parent] = withParents(policy, dataset, parent, found, depth + 1);
  }
  return record;
}

/** The records of `table` as `can` sees them: each row with the parent row it names embedded, recursively. */
export function recordsOf(policy: PolicyInput, dataset: Dataset, table: string): Row[] {
  return (dataset[table] ?? []).map((row) => withParents(policy, dataset, table, row, 0));
}

import fc from 'fast-check';
import type { Condition } from '../../src/index.js';
import { definePolicy } from '../../src/index.js';
import type { TestRow, TestTable } from './databases.js';

/**
 * A three-level schema for condition-tree tests: `t` rows reference `p` rows, which reference `g` rows;
 * every level has two text fields, record shares (stored in SQL in a share table per level) and a list of
 * linked ids (many-to-many `links`, stored in an intersect table per level).
 */
const links = (level: string) =>
  ({
    links: {
      links: 'contact',
      field: 'linked',
      intersect: `${level}_link`,
      recordColumn: 'record',
      relatedColumn: 'related',
    },
  }) as const;
export const treePolicy = definePolicy({
  tables: {
    g: { shares: 'shares', sql: { shares: { table: 'g_share' } }, manyToMany: links('g') },
    p: {
      parent: { g: 'gid' },
      shares: 'shares',
      sql: { shares: { table: 'p_share' } },
      manyToMany: links('p'),
    },
    t: {
      parent: { p: 'pid' },
      shares: 'shares',
      sql: { shares: { table: 't_share' } },
      manyToMany: links('t'),
    },
  },
});

export type Level = 't' | 'p' | 'g';
const parentOf: Record<Level, { table: Level; field: string } | undefined> = {
  t: { table: 'p', field: 'pid' },
  p: { table: 'g', field: 'gid' },
  g: undefined,
};

/** The SQL tables of the tree schema. */
export const treeTables: readonly TestTable[] = [
  { name: 'g', columns: ['id', 'a', 'b'] },
  { name: 'p', columns: ['id', 'a', 'b', 'gid'] },
  { name: 't', columns: ['id', 'a', 'b', 'pid'] },
  ...(['g', 'p', 't'] as const).map((level) => ({
    name: `${level}_share`,
    columns: ['record', 'principal', 'privilege'],
  })),
  ...(['g', 'p', 't'] as const).map((level) => ({ name: `${level}_link`, columns: ['record', 'related'] })),
];

/** Values compared by conditions: a few ordinary ones, and some that look like SQL or operators. */
export const VALUES = ['x', 'y', 'z', "' OR 1=1 --", '{"$ne":null}'] as const;
const PRINCIPALS = ['u1', 'u2', 'team'] as const;
const PRIVILEGES = ['read', 'write'] as const;

const valueArb = fc.constantFrom(...VALUES);
const listArb = fc.uniqueArray(valueArb, { maxLength: 4 });

/** A random condition about rows of `level`, at most `depth` junctions or parent hops deep. */
export function conditionArb(level: Level, depth: number): fc.Arbitrary<Condition> {
  const field = fc.constantFrom('a', 'b', 'id');
  const leaves: fc.Arbitrary<Condition>[] = [
    fc.record({ operator: fc.constant('eq' as const), field, value: valueArb }),
    fc.record({ operator: fc.constant('in' as const), field, value: listArb }),
    fc.record({
      operator: fc.constant('shared' as const),
      field: fc.constant('shares'),
      value: fc.record({
        principals: fc.uniqueArray(fc.constantFrom(...PRINCIPALS), { maxLength: 3 }),
        privilege: fc.constantFrom(...PRIVILEGES),
      }),
    }),
    fc.record({
      operator: fc.constant('linked' as const),
      field: fc.constant('linked'),
      value: fc.record({ relationship: fc.constant('links'), id: valueArb }),
    }),
  ];
  if (depth === 0) return fc.oneof(...leaves);
  const parent = parentOf[level];
  const nested: fc.Arbitrary<Condition>[] = [
    fc.record({
      operator: fc.constantFrom('and' as const, 'or' as const),
      value: fc.array(conditionArb(level, depth - 1), { maxLength: 3 }),
    }),
  ];
  if (parent) {
    nested.push(
      fc.option(conditionArb(parent.table, depth - 1), { nil: undefined }).map((condition) => ({
        operator: 'parent' as const,
        field: parent.field,
        value: condition ? { table: parent.table, key: 'id', condition } : { table: parent.table, key: 'id' },
      })),
    );
  }
  return fc.oneof(...leaves, ...nested);
}

/** A text column value: one of the pool, the empty string, NULL, or absent from the record. */
const cellArb = fc.oneof(valueArb, fc.constant(''), fc.constant(null), fc.constant(undefined));

const shareArb = fc.record({
  principal: fc.constantFrom(...PRINCIPALS),
  privilege: fc.constantFrom(...PRIVILEGES),
});

/** One stored row of the tree schema and the shares granted on it. */
export interface TreeRow {
  readonly record: Readonly<Record<string, unknown>>;
  readonly shares: readonly { readonly principal: string; readonly privilege: string }[];
}

/** Rows of every level. */
export type Dataset = Readonly<Record<Level, readonly TreeRow[]>>;

interface RawRow {
  readonly a: unknown;
  readonly b: unknown;
  readonly ref: number;
  readonly nullRef: boolean;
  readonly shares: TreeRow['shares'];
  readonly linked: unknown;
}

const rawRowArb = (references: number) =>
  fc.record({
    a: cellArb,
    b: cellArb,
    ref: fc.nat(references),
    nullRef: fc.boolean(),
    shares: fc.array(shareArb, { maxLength: 3 }),
    // A list of linked ids (each one intersect row), sometimes with '' in it, or no list at all.
    linked: fc.oneof(
      fc.array(fc.oneof(valueArb, fc.constant('')), { maxLength: 3 }),
      fc.constant(null),
      fc.constant(undefined),
    ),
  });

function rowsOf(level: Level, rows: readonly RawRow[]): TreeRow[] {
  const parent = parentOf[level];
  return rows.map((row, index) => {
    const record: Record<string, unknown> = { id: `${level}${index}` };
    if (row.a !== undefined) record.a = row.a;
    if (row.b !== undefined) record.b = row.b;
    if (row.linked !== undefined) record.linked = row.linked;
    // References past the parent rows dangle; `nullRef` stores NULL instead.
    if (parent) record[parent.field] = row.nullRef ? null : `${parent.table}${row.ref}`;
    return { record, shares: row.shares };
  });
}

/** Random rows of the three levels with their share rows; references may dangle or be null. */
export const datasetArb: fc.Arbitrary<Dataset> = fc
  .record({
    g: fc.array(rawRowArb(0), { maxLength: 4 }),
    p: fc.array(rawRowArb(5), { maxLength: 5 }),
    t: fc.array(rawRowArb(6), { maxLength: 8 }),
  })
  .map(({ g, p, t }) => ({ g: rowsOf('g', g), p: rowsOf('p', p), t: rowsOf('t', t) }));

/** The share rows of a level, for the SQL share table. */
export function shareRows(rows: readonly TreeRow[]): TestRow[] {
  return rows.flatMap(({ record, shares }) =>
    shares.map((share) => ({ record: record.id, principal: share.principal, privilege: share.privilege })),
  );
}

/** The intersect rows of a level: one per string its records list. */
export function linkRows(rows: readonly TreeRow[]): TestRow[] {
  return rows.flatMap(({ record }) =>
    Array.isArray(record.linked)
      ? record.linked
          .filter((id) => typeof id === 'string')
          .map((related) => ({ record: record.id, related }))
      : [],
  );
}

/** The in-memory records of `level`: shares embedded under `shares`, parents under their table name. */
export function treeRecords(data: Dataset, level: Level): Record<string, unknown>[] {
  return data[level].map(({ record }) => embed(data, level, record));
}

function embed(
  data: Dataset,
  level: Level,
  record: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const row = data[level].find((candidate) => candidate.record.id === record.id)!;
  const grouped = new Map<string, string[]>();
  for (const share of row.shares)
    grouped.set(share.principal, [...(grouped.get(share.principal) ?? []), share.privilege]);
  const result: Record<string, unknown> = {
    ...record,
    shares: [...grouped].map(([principal, privileges]) => ({ principal, privileges })),
  };
  const parent = parentOf[level];
  if (parent) {
    const found = data[parent.table].find((candidate) => candidate.record.id === record[parent.field]);
    if (found) result[parent.table] = embed(data, parent.table, found.record);
  }
  return result;
}

import type { Condition } from '../base/condition.js';
import { PortalPermissionsError } from '../base/errors.js';
import { linkedToSql } from './many-to-many-sql.js';
import { onlyAsksForAShare } from './shared-parent-sql.js';
import type { SqlBuilder } from './sql-builder.js';
import type { SqlTable } from './sql-mapping.js';

/** The row a condition is about: its table and how the SQL names it here (alias or table name, quoted). */
export interface SqlRow {
  readonly table: SqlTable;
  readonly ref: string;
}

type Writer<TCondition extends Condition> = (
  condition: TCondition,
  row: SqlRow,
  builder: SqlBuilder,
) => string;
type Writers = { [K in Condition['operator']]: Writer<Extract<Condition, { operator: K }>> };

const columnOf = (row: SqlRow, field: string): string => `${row.ref}.${row.table.column(field)}`;

// Each junction is parenthesised so the fragment composes with the host's own AND / OR clauses.
function junction(
  conditions: readonly Condition[],
  glue: 'AND' | 'OR',
  row: SqlRow,
  builder: SqlBuilder,
): string {
  const parts = conditions.map((condition) => conditionToSql(condition, row, builder));
  return parts.length === 1 ? parts[0]! : `(${parts.join(` ${glue} `)})`;
}

// Every value is bound; SQL `=` and `ANY` never match a NULL column, as the in-memory check never matches null.
const writers: Writers = {
  eq: ({ field, value }, row, builder) => `${columnOf(row, field)} = ${builder.bind(value)}`,
  in: ({ field, value }, row, builder) =>
    builder.dialect.memberOf(columnOf(row, field), builder.bind(builder.dialect.listParameter(value))),
  parent: ({ field, value: { table, key, condition } }, row, builder) => {
    const parent = builder.tables(table);
    const alias = builder.freshAlias('p');
    const inner: SqlRow = { table: parent, ref: alias };
    if (condition && onlyAsksForAShare({ operator: 'parent', field, value: { table, key, condition } })) {
      // The same rows as the EXISTS below (the reference names an existing parent that is shared), but
      // uncorrelated: computed once per query. A NULL reference is unknown, never true, as there.
      const reference = columnOf(row, field);
      const shared = conditionToSql(condition, inner, builder);
      return `(${reference} <> '' AND ${reference} IN (SELECT ${columnOf(inner, key)} FROM ${parent.name} AS ${alias} WHERE ${shared}))`;
    }
    // An empty reference names no row, as in memory: '' never joins '' (fail closed, like NULL).
    const join = `${columnOf(row, field)} <> '' AND ${columnOf(inner, key)} = ${columnOf(row, field)}`;
    const filter = condition ? ` AND ${conditionToSql(condition, inner, builder)}` : '';
    return `EXISTS (SELECT 1 FROM ${parent.name} AS ${alias} WHERE ${join}${filter})`;
  },
  shared: ({ value: { principals, privilege } }, row, builder) => {
    const shares = row.table.shares;
    if (!shares) {
      throw new PortalPermissionsError(
        'missing_share_table',
        `table "${row.table.policyName}" has record shares but declares no share table; add tables.${row.table.policyName}.sql.shares ({ table, record, principal, privilege }) or pass it in the mapping`,
        { path: ['tables', row.table.policyName, 'sql', 'shares'] },
      );
    }
    const alias = builder.freshAlias('s');
    const grantees = builder.dialect.memberOf(
      `${alias}.${shares.principal}`,
      builder.bind(builder.dialect.listParameter(principals)),
    );
    return (
      `EXISTS (SELECT 1 FROM ${shares.table} AS ${alias} WHERE ${alias}.${shares.record} = ${row.ref}.${row.table.key}` +
      ` AND ${grantees} AND ${alias}.${shares.privilege} = ${builder.bind(privilege)})`
    );
  },
  linked: (condition, row, builder) =>
    linkedToSql(condition, {
      intersect: row.table.intersect(condition.value.relationship),
      table: row.table.policyName,
      rowKey: `${row.ref}.${row.table.key}`,
      alias: builder.freshAlias('l'),
      bind: (value) => builder.bind(value),
    }),
  and: ({ value }, row, builder) =>
    value.length === 0 ? builder.dialect.true : junction(value, 'AND', row, builder),
  or: ({ value }, row, builder) =>
    value.length === 0 ? builder.dialect.false : junction(value, 'OR', row, builder),
};

/** Writes a condition about `row` as an SQL predicate, binding every value through `builder`. */
export function conditionToSql(condition: Condition, row: SqlRow, builder: SqlBuilder): string {
  const write = (writers as Record<string, Writer<Condition> | undefined>)[condition.operator];
  if (!write || !Object.hasOwn(writers, condition.operator)) {
    throw new PortalPermissionsError(
      'unsupported_condition',
      `condition operator "${String(condition.operator)}" has no SQL form; conditions must come from abilityFor (an inverted CASL rule or a hand-written condition cannot be listed)`,
    );
  }
  return write(condition, row, builder);
}

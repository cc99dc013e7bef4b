import type { Condition } from '../base/condition.js';
import { PortalPermissionsError } from '../base/errors.js';
import type { SubqueryPlace } from './dialect.js';
import { linkedSubquery } from './many-to-many-sql.js';
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
  place: SubqueryPlace,
) => string;
type Writers = { [K in Condition['operator']]: Writer<Extract<Condition, { operator: K }>> };

const columnOf = (row: SqlRow, field: string): string => `${row.ref}.${row.table.column(field)}`;

// Each junction is parenthesised so the fragment composes with the host's own AND / OR clauses. The
// children of an OR of two or more conditions sit under it; an AND keeps the place it was given.
function junction(
  conditions: readonly Condition[],
  glue: 'AND' | 'OR',
  row: SqlRow,
  builder: SqlBuilder,
  place: SubqueryPlace,
): string {
  const childPlace = glue === 'OR' && conditions.length > 1 ? 'under-or' : place;
  const parts = conditions.map((condition) => conditionToSql(condition, row, builder, childPlace));
  return parts.length === 1 ? parts[0]! : `(${parts.join(` ${glue} `)})`;
}

function missingShareTable(table: SqlTable): PortalPermissionsError {
  return new PortalPermissionsError(
    'missing_share_table',
    `table "${table.policyName}" has record shares but declares no share table; add tables.${table.policyName}.sql.shares ({ table, record, principal, privilege }) or pass it in the mapping`,
    { path: ['tables', table.policyName, 'sql', 'shares'] },
  );
}

// Every value is bound; SQL `=` and `ANY` never match a NULL column, as the in-memory check never matches null.
// A subquery's WHERE starts a query level of its own: its conditions are written at the `top` place there.
const writers: Writers = {
  eq: ({ field, value }, row, builder) => `${columnOf(row, field)} = ${builder.bind(value)}`,
  in: ({ field, value }, row, builder) =>
    builder.dialect.memberOf(columnOf(row, field), builder.bind(builder.dialect.listParameter(value))),
  parent: (condition, row, builder, place) => {
    const { field, value } = condition;
    const parent = builder.tables(value.table);
    const alias = builder.freshAlias('p');
    const key = columnOf({ table: parent, ref: alias }, value.key);
    const filter = value.condition
      ? ` AND ${conditionToSql(value.condition, { table: parent, ref: alias }, builder, 'top')}`
      : '';
    // An empty reference names no row, as in memory: '' never joins '' (fail closed, like NULL). The guard
    // is on the parent's key, inside the subquery, so the subquery never reads the outer row.
    return builder.dialect.memberOfSubquery(
      {
        column: columnOf(row, field),
        value: key,
        from: `${parent.name} AS ${alias}`,
        where: `${key} <> ''${filter}`,
        once: value.condition !== undefined && onlyAsksForAShare(condition),
      },
      place,
    );
  },
  shared: ({ value: { principals, privilege } }, row, builder, place) => {
    const shares = row.table.shares;
    if (!shares) throw missingShareTable(row.table);
    const alias = builder.freshAlias('s');
    const grantees = builder.dialect.memberOf(
      `${alias}.${shares.principal}`,
      builder.bind(builder.dialect.listParameter(principals)),
    );
    return builder.dialect.memberOfSubquery(
      {
        column: `${row.ref}.${row.table.key}`,
        value: `${alias}.${shares.record}`,
        from: `${shares.table} AS ${alias}`,
        where: `${grantees} AND ${alias}.${shares.privilege} = ${builder.bind(privilege)}`,
      },
      place,
    );
  },
  linked: (condition, row, builder, place) =>
    builder.dialect.memberOfSubquery(
      linkedSubquery(condition, {
        intersect: row.table.intersect(condition.value.relationship),
        table: row.table.policyName,
        rowKey: `${row.ref}.${row.table.key}`,
        alias: builder.freshAlias('l'),
        bind: (value) => builder.bind(value),
      }),
      place,
    ),
  and: ({ value }, row, builder, place) =>
    value.length === 0 ? builder.dialect.true : junction(value, 'AND', row, builder, place),
  or: ({ value }, row, builder, place) =>
    value.length === 0 ? builder.dialect.false : junction(value, 'OR', row, builder, place),
};

/**
 * Writes a condition about `row` as an SQL predicate, binding every value through `builder`; `place` says
 * whether it sits in the top-level AND list of its query level (the default) or under an OR.
 */
export function conditionToSql(
  condition: Condition,
  row: SqlRow,
  builder: SqlBuilder,
  place: SubqueryPlace = 'top',
): string {
  const write = (writers as Record<string, Writer<Condition> | undefined>)[condition.operator];
  if (!write || !Object.hasOwn(writers, condition.operator)) {
    throw new PortalPermissionsError(
      'unsupported_condition',
      `condition operator "${String(condition.operator)}" has no SQL form; conditions must come from abilityFor (an inverted CASL rule or a hand-written condition cannot be listed)`,
    );
  }
  return write(condition, row, builder, place);
}

import type { LinkedCondition } from '../base/condition.js';
import { PortalPermissionsError } from '../base/errors.js';
import { manyToManyNamed } from '../policy/many-to-many.js';
import type { TableDefinition } from '../policy/table.js';
import { quoteIdentifier } from './dialect.js';

/** A many-to-many relationship's intersect table as SQL sees it, every name quoted. */
export interface SqlIntersect {
  /** The quoted intersect table. */
  readonly table: string;
  /** The quoted column holding the record's key. */
  readonly record: string;
  /** The quoted column holding the related contact id or account number. */
  readonly related: string;
}

/** The quoted intersect tables of a table's many-to-many relationships, looked up by relationship name. */
export function sqlIntersectsOf(
  definition: TableDefinition,
): (relationship: string) => SqlIntersect | undefined {
  const resolved = new Map<string, SqlIntersect>();
  return (relationship) => {
    const declared = manyToManyNamed(definition, relationship);
    if (declared === undefined) return undefined;
    let intersect = resolved.get(relationship);
    if (!intersect) {
      intersect = {
        table: quoteIdentifier(declared.intersect),
        record: quoteIdentifier(declared.recordColumn),
        related: quoteIdentifier(declared.relatedColumn),
      };
      resolved.set(relationship, intersect);
    }
    return intersect;
  };
}

/** What the `linked` writer needs of the fragment being written (kept narrow: no import of the builder). */
export interface LinkedSqlContext {
  /** The quoted intersect table, or `undefined` when the row's table declares no such relationship. */
  readonly intersect: SqlIntersect | undefined;
  /** The policy's name for the row's table, for the error. */
  readonly table: string;
  /** The row's key column, qualified (`"o"."id"`). */
  readonly rowKey: string;
  readonly alias: string;
  readonly bind: (value: string) => string;
}

/**
 * `EXISTS (SELECT 1 FROM intersect AS l WHERE l.record = row.key AND l.related = $n)`: the id is bound,
 * every name quoted. A NULL related column never equals the bound id, as a non-string never counts in memory.
 */
export function linkedToSql(
  { value: { relationship, id } }: LinkedCondition,
  { intersect, table, rowKey, alias, bind }: LinkedSqlContext,
): string {
  if (intersect === undefined) {
    throw new PortalPermissionsError(
      'unknown_relationship',
      `table "${table}" declares no many-to-many relationship "${relationship}"; declare it under tables.${table}.manyToMany ({ links, field, intersect, recordColumn, relatedColumn })`,
      { path: ['tables', table, 'manyToMany', relationship] },
    );
  }
  return `EXISTS (SELECT 1 FROM ${intersect.table} AS ${alias} WHERE ${alias}.${intersect.record} = ${rowKey} AND ${alias}.${intersect.related} = ${bind(id)})`;
}

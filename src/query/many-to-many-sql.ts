import type { LinkedCondition } from '../base/condition.js';
import { PortalPermissionsError } from '../base/errors.js';
import { type ManyToManySqlInput, manyToManyNamed } from '../policy/many-to-many.js';
import type { TableDefinition } from '../policy/table.js';
import { type MemberSubquery, quoteIdentifier } from './dialect.js';

/** A many-to-many relationship's intersect table as SQL sees it, every name quoted. */
export interface SqlIntersect {
  /** The quoted intersect table. */
  readonly table: string;
  /** The quoted column holding the record's key. */
  readonly record: string;
  /** The quoted column holding the related contact id or account number. */
  readonly related: string;
}

/** New intersect names by relationship name: a table's `sql.manyToMany` or a mapping's. */
export type IntersectRenames = Readonly<Record<string, ManyToManySqlInput>>;

// Own properties only (RELIABILITY 19): a polluted prototype must never rename an intersect table.
function ownName(
  renames: IntersectRenames | undefined,
  relationship: string,
  part: string,
): string | undefined {
  const names =
    typeof renames === 'object' && renames !== null && Object.hasOwn(renames, relationship)
      ? renames[relationship]
      : undefined;
  const name =
    typeof names === 'object' && names !== null && Object.hasOwn(names, part)
      ? (names as Record<string, unknown>)[part]
      : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The quoted intersect tables of a table's many-to-many relationships, looked up by relationship name; each
 * name is the last of `renames` that sets it (the table's `sql`, then a mapping), else the declaration's.
 */
export function sqlIntersectsOf(
  definition: TableDefinition,
  ...renames: readonly (IntersectRenames | undefined)[]
): (relationship: string) => SqlIntersect | undefined {
  const resolved = new Map<string, SqlIntersect>();
  const nameOf = (relationship: string, part: keyof ManyToManySqlInput, declared: string): string =>
    renames.reduce<string>((name, layer) => ownName(layer, relationship, part) ?? name, declared);
  return (relationship) => {
    const declared = manyToManyNamed(definition, relationship);
    if (declared === undefined) return undefined;
    let intersect = resolved.get(relationship);
    if (!intersect) {
      intersect = {
        table: quoteIdentifier(nameOf(relationship, 'intersect', declared.intersect)),
        record: quoteIdentifier(nameOf(relationship, 'recordColumn', declared.recordColumn)),
        related: quoteIdentifier(nameOf(relationship, 'relatedColumn', declared.relatedColumn)),
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
 * The row's key is among the intersect rows' record keys linked to `id`:
 * `SELECT l.record FROM intersect AS l WHERE l.related = $n`, the id bound, every name quoted. A NULL
 * related column never equals the bound id, as a non-string never counts in memory.
 */
export function linkedSubquery(
  { value: { relationship, id } }: LinkedCondition,
  { intersect, table, rowKey, alias, bind }: LinkedSqlContext,
): MemberSubquery {
  if (intersect === undefined) {
    throw new PortalPermissionsError(
      'unknown_relationship',
      `table "${table}" declares no many-to-many relationship "${relationship}"; declare it under tables.${table}.manyToMany ({ links, field, intersect, recordColumn, relatedColumn })`,
      { path: ['tables', table, 'manyToMany', relationship] },
    );
  }
  return {
    column: rowKey,
    value: `${alias}.${intersect.record}`,
    from: `${intersect.table} AS ${alias}`,
    where: `${alias}.${intersect.related} = ${bind(id)}`,
  };
}

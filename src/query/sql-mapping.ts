import { type JsonPath, PortalPermissionsError } from '../base/errors.js';
import { didYouMean, FORBIDDEN_KEYS, IDENTIFIER_PATTERN } from '../base/names.js';
import { ownValue } from '../base/own.js';
import type { Policy } from '../policy/policy.js';
import type { SqlMappingInput, TableDefinition } from '../policy/table.js';
import { quoteIdentifier } from './dialect.js';
import { checkIntersectRenames } from './intersect-renames.js';
import { type IntersectRenames, type SqlIntersect, sqlIntersectsOf } from './many-to-many-sql.js';

/** SQL names by policy table name, overriding the `sql` declarations of the policy's tables. */
export type SqlMapping = Readonly<Record<string, SqlMappingInput>>;

/** Where a table's record shares live in SQL, every name quoted. */
export interface SqlShareTable {
  readonly table: string;
  readonly record: string;
  readonly principal: string;
  readonly privilege: string;
}

/** One policy table as SQL sees it: quoted, mapped names only. */
export interface SqlTable {
  /** The policy's name for the table. */
  readonly policyName: string;
  /** The quoted SQL table name. */
  readonly name: string;
  /** The SQL table name, unquoted. */
  readonly sqlName: string;
  /** The quoted SQL column holding the record key. */
  readonly key: string;
  /** The quoted share table, when the table declares one. */
  readonly shares: SqlShareTable | undefined;
  /** The quoted SQL column of a policy field. */
  column(field: string): string;
  /** The quoted intersect table of one of the table's many-to-many relationships. */
  intersect(relationship: string): SqlIntersect | undefined;
}

/** Looks up a policy table's SQL names; throws `unknown_table` for a table the policy does not declare. */
export type SqlTableLookup = (table: string) => SqlTable;

/**
 * Returns a host-supplied SQL name after checking it against the policy's identifier pattern; a quote or a
 * space is refused with a hint rather than written (quoting with doubled quotes stays as a second defence).
 */
export function checkedIdentifier(name: string, path: JsonPath): string {
  if (typeof name !== 'string' || !IDENTIFIER_PATTERN.test(name) || FORBIDDEN_KEYS.has(name)) {
    throw new PortalPermissionsError(
      'invalid_sql_identifier',
      `SQL name ${JSON.stringify(name)} at ${path.join('.')} is not allowed; use letters, digits and underscores, starting with a letter or underscore (max 63), and map names that differ under "sql" in the table declaration`,
      { path },
    );
  }
  return name;
}

type ShareNames = NonNullable<SqlMappingInput['shares']>;
type Columns = NonNullable<SqlMappingInput['columns']>;

function checkedOverride(
  definition: TableDefinition,
  override: SqlMappingInput | undefined,
): SqlMappingInput {
  if (override === undefined) return {};
  const table = definition.name;
  const at = (...rest: string[]): JsonPath => ['mapping', table, ...rest];
  const sqlTable = ownValue<string>(override, 'table');
  if (sqlTable !== undefined) checkedIdentifier(sqlTable, at('table'));
  for (const [field, column] of Object.entries(ownValue<Columns>(override, 'columns') ?? {})) {
    checkedIdentifier(field, at('columns'));
    checkedIdentifier(column, at('columns', field));
  }
  // The share table has no default name: shares mapped without one are refused here, not left to crash later.
  const shareNames = ownValue<ShareNames>(override, 'shares');
  if (typeof shareNames === 'object' && shareNames !== null) {
    checkedIdentifier(ownValue<string>(shareNames, 'table') as string, at('shares', 'table'));
  }
  for (const [part, name] of Object.entries(shareNames ?? {})) {
    if (name !== undefined) checkedIdentifier(name, at('shares', part));
  }
  checkIntersectRenames(definition, ownValue<IntersectRenames>(override, 'manyToMany'), checkedIdentifier);
  return override;
}

function resolveTable(definition: TableDefinition, override: SqlMappingInput): SqlTable {
  const declared = ownValue<SqlMappingInput>(definition, 'sql');
  const columns = new Map(
    Object.entries({
      ...ownValue<Columns>(declared, 'columns'),
      ...ownValue<Columns>(override, 'columns'),
    }).map(([field, column]) => [field, quoteIdentifier(column)]),
  );
  const column = (field: string): string => columns.get(field) ?? quoteIdentifier(field);
  const shares = ownValue<ShareNames>(override, 'shares') ?? ownValue<ShareNames>(declared, 'shares');
  const sqlName =
    ownValue<string>(override, 'table') ?? ownValue<string>(declared, 'table') ?? definition.name;
  return {
    policyName: definition.name,
    name: quoteIdentifier(sqlName),
    sqlName,
    key: column(definition.key),
    shares: shares && {
      table: quoteIdentifier(shares.table),
      record: quoteIdentifier(ownValue<string>(shares, 'record') ?? 'record'),
      principal: quoteIdentifier(ownValue<string>(shares, 'principal') ?? 'principal'),
      privilege: quoteIdentifier(ownValue<string>(shares, 'privilege') ?? 'privilege'),
    },
    column,
    intersect: sqlIntersectsOf(
      definition,
      ownValue<IntersectRenames>(declared, 'manyToMany'),
      ownValue<IntersectRenames>(override, 'manyToMany'),
    ),
  };
}

function unknownTable(table: string, known: Iterable<string>, path: JsonPath): PortalPermissionsError {
  return new PortalPermissionsError(
    'unknown_table',
    `table "${table}" is not declared by the policy (${didYouMean(table, known)}); declare it under "tables" or fix the name`,
    { path },
  );
}

const NO_MAPPING: SqlMapping = Object.freeze({});
const lookups = new WeakMap<Policy, WeakMap<SqlMapping, SqlTableLookup>>();

/**
 * The SQL names of a policy's tables under an optional mapping, resolved once per (policy, mapping) object
 * so that generating a fragment is a few map reads.
 */
export function sqlTablesOf(policy: Policy, mapping: SqlMapping = NO_MAPPING): SqlTableLookup {
  let byMapping = lookups.get(policy);
  if (!byMapping) {
    byMapping = new WeakMap();
    lookups.set(policy, byMapping);
  }
  let lookup = byMapping.get(mapping);
  if (!lookup) {
    lookup = createLookup(policy, mapping);
    byMapping.set(mapping, lookup);
  }
  return lookup;
}

function createLookup(policy: Policy, mapping: SqlMapping): SqlTableLookup {
  const definitions = new Map<string, TableDefinition>(Object.entries(policy.tables));
  for (const table of Object.keys(mapping)) {
    if (!definitions.has(table)) throw unknownTable(table, definitions.keys(), ['mapping', table]);
  }
  const resolved = new Map<string, SqlTable>();
  for (const [name, definition] of definitions) {
    resolved.set(
      name,
      resolveTable(
        definition,
        checkedOverride(definition, Object.hasOwn(mapping, name) ? mapping[name] : undefined),
      ),
    );
  }
  return (table) => {
    const found = resolved.get(table);
    if (!found) throw unknownTable(table, definitions.keys(), []);
    return found;
  };
}

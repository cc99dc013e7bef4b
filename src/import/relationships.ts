import { z } from 'zod';
import { FORBIDDEN_KEYS, IDENTIFIER_PATTERN, identifierSchema } from '../base/names.js';
import { ImportError } from './import-error.js';
import type { RelationshipOrigin } from './import-report.js';
import type { DeclaredRelationship } from './solution-relationships.js';
import { STANDARD_RELATIONSHIPS } from './standard-relationships.js';

/** A relationship mapped by hand: rows of `table` hold the related id in `column` (one-to-many). */
const lookupMappingSchema = z.strictObject({ table: identifierSchema, column: identifierSchema });

/**
 * A many-to-many relationship mapped by hand: rows of `table` are linked through the `intersect` table,
 * `recordColumn` holding the row's key and `relatedColumn` the contact or account id; `field` names the list of
 * related ids in memory (`<relationship>_ids` by default).
 */
const intersectMappingSchema = z.strictObject({
  table: identifierSchema,
  intersect: identifierSchema,
  recordColumn: identifierSchema,
  relatedColumn: identifierSchema,
  field: identifierSchema.optional(),
});

/** `options.relationships`: how relationship schema names map onto columns, for those no metadata declares. */
export const relationshipMapSchema = z.record(
  z.string().min(1),
  z.union([lookupMappingSchema, intersectMappingSchema]),
);

/** A relationship map as given in options or a `--relationships` file. */
export type RelationshipMap = z.input<typeof relationshipMapSchema>;

/** A relationship resolved for one permission: a lookup column, or a many-to-many link. */
export type Resolution =
  | { readonly column: string; readonly origin: RelationshipOrigin }
  | {
      readonly manyToMany: z.output<typeof intersectMappingSchema> & { readonly field: string };
      readonly origin: RelationshipOrigin;
    }
  | { readonly problem: string };

interface Known {
  readonly table?: string;
  readonly column?: string;
  readonly references?: string;
  readonly manyToMany?: z.output<typeof intersectMappingSchema>;
  readonly origin: RelationshipOrigin;
  /** The files that declare the relationship differently: which one counts would be a guess. */
  readonly conflict?: string;
}

const sameDeclaration = (one: DeclaredRelationship, other: DeclaredRelationship): boolean =>
  one.type === other.type &&
  one.table === other.table &&
  one.column === other.column &&
  one.references === other.references;

/** What a permission needs its relationship to point to: the contact, the contact's account, or the parent table. */
export interface RelationshipNeed {
  readonly table: string;
  readonly target: 'contact' | 'account' | 'parent';
  /** For a parent relationship: the parent permission's table. */
  readonly parentTable?: string;
  readonly contactTable: string;
}

/** Validates a relationship map; a bad entry is an error naming its key (own properties only). */
export function parseRelationshipMap(input: unknown): z.output<typeof relationshipMapSchema> {
  const result = relationshipMapSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ImportError(
    'import_invalid_options',
    `options.relationships.${issue.path.join('.')}: ${issue.message}; map a relationship as { "table": "<logical name>", "column": "<lookup column>" }`,
    {
      path: ['relationships', ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))],
    },
  );
}

/** Relationship schema names resolved in one place: options first, then the solution, then the standard table. */
export class RelationshipCatalog {
  readonly #known = new Map<string, Known>();

  constructor(declared: readonly DeclaredRelationship[], map: z.output<typeof relationshipMapSchema>) {
    for (const [name, entry] of Object.entries(STANDARD_RELATIONSHIPS))
      this.#known.set(name.toLowerCase(), { ...entry, origin: 'standard' });
    const first = new Map<string, DeclaredRelationship>();
    for (const relationship of declared) {
      const key = relationship.name.toLowerCase();
      const earlier = first.get(key);
      if (earlier !== undefined) {
        if (!sameDeclaration(earlier, relationship))
          this.#known.set(key, { origin: 'solution', conflict: `${earlier.file} and ${relationship.file}` });
        continue;
      }
      first.set(key, relationship);
      const { table, column, references } = relationship;
      this.#known.set(key, {
        origin: 'solution',
        ...(table === undefined ? {} : { table }),
        ...(column === undefined ? {} : { column }),
        ...(references === undefined ? {} : { references }),
      });
    }
    for (const [name, entry] of Object.entries(map)) {
      this.#known.set(
        name.toLowerCase(),
        'intersect' in entry
          ? { table: entry.table, manyToMany: entry, origin: 'option' }
          : { ...entry, origin: 'option' },
      );
    }
  }

  /** The column (or many-to-many link) relationship `name` gives a permission, or why it cannot be used. */
  resolve(name: string, need: RelationshipNeed): Resolution {
    const known = this.#known.get(name.toLowerCase());
    const mapIt = `map it in options.relationships (--relationships): { "${name}": { "table": "${need.table}", "column": "<lookup column>" } }`;
    if (known === undefined)
      return {
        problem: `relationship "${name}" is not in the solution's metadata nor in the standard table; ${mapIt}`,
      };
    if (known.conflict !== undefined)
      return {
        problem: `relationship "${name}" is declared differently in ${known.conflict}; ${mapIt}`,
      };
    const expected =
      need.target === 'parent' ? need.parentTable : need.target === 'contact' ? need.contactTable : 'account';
    if (known.manyToMany !== undefined) {
      if (need.target === 'parent') {
        return {
          problem: `relationship "${name}" is many-to-many, which a parent permission cannot follow (a child row names one parent); grant the rows with a contact or account scope instead`,
        };
      }
      if (known.table !== need.table)
        return {
          problem: `relationship "${name}" is mapped on table "${known.table}", not "${need.table}"; ${mapIt}`,
        };
      return {
        manyToMany: { ...known.manyToMany, field: known.manyToMany.field ?? `${name.toLowerCase()}_ids` },
        origin: known.origin,
      };
    }
    if (known.column === undefined || known.table === undefined) {
      return {
        problem: `relationship "${name}" is declared many-to-many in the solution, and its intersect columns are not declared there; map it in options.relationships with "intersect", "recordColumn" and "relatedColumn"`,
      };
    }
    // The account itself is the contact's account: account scope on the account table compares its key.
    if (
      need.target === 'account' &&
      need.table === 'account' &&
      known.table === need.contactTable &&
      known.references === 'account'
    ) {
      return { column: 'accountid', origin: known.origin };
    }
    if (!IDENTIFIER_PATTERN.test(known.column) || FORBIDDEN_KEYS.has(known.column)) {
      return {
        problem: `relationship "${name}" names the column "${known.column}", which is not a usable column name; ${mapIt}`,
      };
    }
    if (known.table !== need.table) {
      return {
        problem: `relationship "${name}" is a lookup of table "${known.table}" (${known.table}.${known.column}), not of "${need.table}"; ${mapIt}`,
      };
    }
    // A solution's lookup that does not say which table it points to could point anywhere: using it for the
    // table this permission needs would be a guess. A mapping given in options states its target by use.
    if (known.origin === 'solution' && known.references === undefined) {
      return {
        problem: `relationship "${name}" is declared in the solution without the table it points to (ReferencedEntityName); ${mapIt}`,
      };
    }
    if (known.references !== undefined && expected !== undefined && known.references !== expected) {
      return {
        problem: `relationship "${name}" points to table "${known.references}", but this permission needs one to "${expected}"; ${mapIt}`,
      };
    }
    return { column: known.column, origin: known.origin };
  }
}

import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { didYouMean, identifierSchema } from '../base/names.js';

/*
 * Many-to-many (N:N) relationships in contact and account scopes (SPEC 1.3: an intersect relationship can
 * be a permission's contact or account relationship). A table declares each relationship by name; a table
 * permission names it in `relationship` (or the table names it as its default `contact` / `account`).
 *
 * In memory a record lists its related ids (contact ids or account numbers) in an array under `field`; in
 * SQL the links are the rows of the intersect table, `recordColumn` holding the record's key and
 * `relatedColumn` the related id. A missing, null, mistyped or empty list links nothing (fail closed).
 */

/** What a many-to-many relationship links a table's rows to: the scope that may use it. */
export const MANY_TO_MANY_TARGETS = ['contact', 'account'] as const;

/** A many-to-many relationship of a table, as written under `tables.<table>.manyToMany.<name>`. */
export const manyToManySchema = z.strictObject({
  /** `contact`: the related ids are contact ids (contact scope); `account`: account numbers (account scope). */
  links: z.enum(MANY_TO_MANY_TARGETS),
  /** The record field listing the related ids in memory (an array of strings). */
  field: identifierSchema,
  /** The SQL intersect table: one row per (record, related id). */
  intersect: identifierSchema,
  /** The intersect column holding the record's key. */
  recordColumn: identifierSchema,
  /** The intersect column holding the related contact id or account number. */
  relatedColumn: identifierSchema,
});

/**
 * New SQL names for a many-to-many relationship's intersect table, under `sql.manyToMany.<relationship>` of a
 * table or of `accessibleWhere`'s `mapping`: unset names keep the declaration's.
 */
export const manyToManySqlSchema = z.strictObject({
  /** The SQL intersect table. */
  intersect: identifierSchema.optional(),
  /** The intersect column holding the record's key. */
  recordColumn: identifierSchema.optional(),
  /** The intersect column holding the related contact id or account number. */
  relatedColumn: identifierSchema.optional(),
});

/** New SQL names for an intersect table, as written in a `sql` mapping. */
export type ManyToManySqlInput = z.input<typeof manyToManySqlSchema>;

/** A many-to-many relationship declaration as written in a policy. */
export type ManyToManyInput = z.input<typeof manyToManySchema>;

/** A validated many-to-many relationship declaration. */
export type ManyToManyRelationship = Readonly<z.output<typeof manyToManySchema>>;

/** What a table declares that the many-to-many checks read (a subset of `TableDefinition`). */
interface DeclaringTable {
  readonly sql?: { readonly manyToMany?: Readonly<Record<string, unknown>> | undefined } | undefined;
  readonly name: string;
  readonly key: string;
  readonly fields?: readonly string[] | undefined;
  readonly contact?: string | undefined;
  readonly account?: string | undefined;
  readonly legalEntity?: string | undefined;
  readonly owner?: string | undefined;
  readonly businessUnit?: string | undefined;
  readonly shares?: string | undefined;
  readonly parent?: Readonly<Record<string, string>> | undefined;
  readonly manyToMany?: Readonly<Record<string, ManyToManyRelationship>> | undefined;
}

/** The table's many-to-many relationship called `name` (own keys only), or `undefined`. */
export function manyToManyNamed(
  table: Pick<DeclaringTable, 'manyToMany'>,
  name: string | undefined,
): ManyToManyRelationship | undefined {
  const declared = table.manyToMany;
  return name !== undefined && declared !== undefined && Object.hasOwn(declared, name)
    ? declared[name]
    : undefined;
}

/**
 * How contact and account scopes resolve a relationship that names a many-to-many relationship: the record
 * field listing the related ids and the relationship's name, or the problem to report. `undefined` when
 * `name` is not a many-to-many relationship of the table (then it is a plain field).
 */
export function manyToManyRelationship(
  table: DeclaringTable,
  permission: { readonly name: string },
  name: string | undefined,
  scope: (typeof MANY_TO_MANY_TARGETS)[number],
): { readonly field: string; readonly manyToMany: string } | { readonly problem: string } | undefined {
  const relationship = manyToManyNamed(table, name);
  if (relationship === undefined || name === undefined) return undefined;
  if (relationship.links !== scope) {
    return {
      problem: `table permission "${permission.name}" uses scope "${scope}" through the many-to-many relationship "${name}", which links ${relationship.links === 'contact' ? 'contacts' : 'accounts'}; use scope "${relationship.links}", or name a relationship of tables.${table.name}.manyToMany that links ${scope === 'contact' ? 'contacts' : 'accounts'}`,
    };
  }
  return { field: relationship.field, manyToMany: name };
}

/** The refusal of a parent scope whose relationship to its parent is many-to-many (docs/decisions.md). */
export function manyToManyParentProblem(
  table: DeclaringTable,
  permission: { readonly name: string; readonly relationship?: string | undefined },
): string | undefined {
  if (manyToManyNamed(table, permission.relationship) === undefined) return undefined;
  return `table permission "${permission.name}" uses scope "parent" through the many-to-many relationship "${permission.relationship}", which is not supported (a child row must name its one parent row); give tables.${table.name}.parent a lookup field to the parent table, or grant the rows with a contact or account scope through "${permission.relationship}"`;
}

/**
 * A relationship a permission names that is neither a declared field nor a many-to-many relationship but
 * is close to one of the latter: almost certainly a typo, which would otherwise silently compare a field
 * no record has.
 */
export function unknownRelationshipIssue(
  table: DeclaringTable,
  relationship: string | undefined,
  path: readonly (string | number)[],
): Issue | undefined {
  const names = Object.keys(table.manyToMany ?? {});
  if (relationship === undefined || names.length === 0 || names.includes(relationship)) return undefined;
  if (table.fields?.includes(relationship)) return undefined;
  const hint = didYouMean(relationship, names);
  if (!hint.startsWith('did you mean')) return undefined;
  return {
    code: 'unknown_relationship',
    path: [...path],
    message: `relationship "${relationship}" is not a many-to-many relationship of tables.${table.name}.manyToMany (${hint}); fix the name, or declare the field under tables.${table.name}.fields`,
  };
}

/** The fields a table already uses for something else, which a list of related ids must not reuse. */
function usedFields(table: DeclaringTable): Map<string, string> {
  const used = new Map<string, string>();
  const add = (field: string | undefined, what: string) => {
    if (field !== undefined && !used.has(field)) used.set(field, what);
  };
  add(table.key, 'key');
  for (const what of ['contact', 'account', 'legalEntity', 'owner', 'businessUnit', 'shares'] as const) {
    // A default contact or account relationship that names a many-to-many relationship is not a field.
    if (!manyToManyNamed(table, table[what])) add(table[what], what);
  }
  for (const [parent, field] of Object.entries(table.parent ?? {})) add(field, `parent.${parent}`);
  for (const parent of Object.keys(table.parent ?? {})) add(parent, `the embedded ${parent} row`);
  return used;
}

/**
 * Cross-checks of a table's many-to-many relationships: each list field is declared (when the table lists
 * its fields), holds nothing else, and belongs to one relationship; a relationship is not named like a
 * field the table uses (a permission naming it would be ambiguous).
 */
export function checkManyToMany(table: DeclaringTable): Issue[] {
  const issues: Issue[] = [];
  const used = usedFields(table);
  const lists = new Map<string, string>();
  for (const [name, relationship] of Object.entries(table.manyToMany ?? {})) {
    const at = ['tables', table.name, 'manyToMany', name];
    const { field } = relationship;
    if (table.fields && !table.fields.includes(field)) {
      issues.push({
        code: 'unknown_field',
        path: [...at, 'field'],
        message: `field "${field}" is not among tables.${table.name}.fields; add it there or fix the name (${didYouMean(field, table.fields)})`,
      });
    }
    const clash = used.get(field) ?? (lists.has(field) ? `manyToMany.${lists.get(field)}` : undefined);
    if (clash !== undefined) {
      issues.push({
        code: 'conflicting_field',
        path: [...at, 'field'],
        message: `field "${field}" lists the ids of many-to-many relationship "${name}" but tables.${table.name} already uses it as ${clash}; give the list its own field (e.g. "${name}Ids")`,
      });
    }
    lists.set(field, name);
    if (used.has(name)) {
      issues.push({
        code: 'conflicting_relationship',
        path: at,
        message: `many-to-many relationship "${name}" is named like the field tables.${table.name} uses as ${used.get(name)}, so a permission's "relationship" naming it would be ambiguous; rename the relationship`,
      });
    }
  }
  // A renamed intersect for a relationship the table does not declare would never be used: a typo.
  const declared = Object.keys(table.manyToMany ?? {});
  for (const name of Object.keys(table.sql?.manyToMany ?? {})) {
    if (declared.includes(name)) continue;
    issues.push({
      code: 'unknown_relationship',
      path: ['tables', table.name, 'sql', 'manyToMany', name],
      message: `tables.${table.name}.sql.manyToMany renames the intersect table of "${name}", which is not a many-to-many relationship of tables.${table.name}.manyToMany (${didYouMean(name, declared)}); fix the name or declare the relationship`,
    });
  }
  return issues;
}

import { z } from 'zod';
import { identifierSchema } from '../base/names.js';
import { cascadeConfigurationSchema } from './cascade.js';
import { manyToManySchema, manyToManySqlSchema } from './many-to-many.js';

/**
 * Where a table's record shares are stored in SQL: one row per (record, principal, privilege), the record
 * column holding the shared record's key.
 */
export const shareTableSchema = z.strictObject({
  /** The SQL share table. */
  table: identifierSchema,
  /** The column holding the shared record's key; `record` by default. */
  record: identifierSchema.optional(),
  /** The column holding the grantee (a user or team id); `principal` by default. */
  principal: identifierSchema.optional(),
  /** The column holding one privilege granted by the share (`read`, `write`, …); `privilege` by default. */
  privilege: identifierSchema.optional(),
});

/** A share table declaration as written in a policy. */
export type ShareTableInput = z.input<typeof shareTableSchema>;

/** How a table maps onto SQL when its names differ from the policy's (`salesorder` → `sales_orders`). */
export const sqlMappingSchema = z.strictObject({
  /** The SQL table name; defaults to the policy's table name. */
  table: identifierSchema.optional(),
  /** SQL column names by policy field name; unmapped fields keep their name. */
  columns: z.record(identifierSchema, identifierSchema).optional(),
  /** Where the table's record shares are stored (needed to list records shared with a principal). */
  shares: shareTableSchema.optional(),
  /** New SQL names of intersect tables, by many-to-many relationship name; unset names keep the declaration's. */
  manyToMany: z.record(identifierSchema, manyToManySqlSchema).optional(),
});

/** A table's SQL mapping as written in a policy or passed to `accessibleWhere`. */
export type SqlMappingInput = z.input<typeof sqlMappingSchema>;

/**
 * A table the policy protects, and the relationship fields its scopes and access levels use.
 * Every field is optional: a scope that needs a relationship the table lacks is a validation error.
 */
export const tableSchema = z.strictObject({
  /** The field that identifies a record (decision D14); `id` by default. */
  key: identifierSchema.optional(),
  /** Optional list of the table's fields; when given, every field the policy names must be in it. */
  fields: z.array(identifierSchema).optional(),
  /** Dataverse secured columns: internal users need a column security profile for them (SPEC 2.8). */
  securedColumns: z.array(identifierSchema).optional(),
  /** Field holding the id of the contact a record belongs to (contact scope). */
  contact: identifierSchema.optional(),
  /** Field holding the customer account number (account scope). */
  account: identifierSchema.optional(),
  /** Field holding the legal entity (company); account scope then matches it too (decision D4). */
  legalEntity: identifierSchema.optional(),
  /** Relationship fields to parent tables, by parent table name (parent scope). */
  parent: z.record(identifierSchema, identifierSchema).optional(),
  /** Field holding the owning user or team id (internal users). */
  owner: identifierSchema.optional(),
  /** Field holding the owning business unit id (internal users). */
  businessUnit: identifierSchema.optional(),
  /** `organization`: only the levels none and organization apply. Defaults to `user` (user or team owned). */
  ownership: z.enum(['user', 'organization']).optional(),
  /** A settings table: the only kind an administrative-mode user may reach. */
  settings: z.boolean().optional(),
  /** Field holding the record's shares in memory (`[{ principal, privileges }]`). */
  shares: identifierSchema.optional(),
  /** Per parent table (a key of `parent`): what sharing the parent does to this table's rows (cascade.ts). */
  cascade: z.record(identifierSchema, cascadeConfigurationSchema).optional(),
  /** SQL names, when they differ from the policy's. */
  sql: sqlMappingSchema.optional(),
  /** Many-to-many relationships to contacts or accounts by name, for contact and account scopes. */
  manyToMany: z.record(identifierSchema, manyToManySchema).optional(),
});

/** A table declaration as written in a policy. */
export type TableInput = z.input<typeof tableSchema>;

/** A validated table declaration, with its key resolved. */
export type TableDefinition = Readonly<z.output<typeof tableSchema>> & {
  readonly name: string;
  readonly key: string;
};

const TABLE_FIELDS = Object.keys(tableSchema.shape) as (keyof z.output<typeof tableSchema>)[];

/**
 * Resolves defaults once, so compilers never repeat them. Every declared field is an own property
 * (`undefined` when absent), so a later `Object.prototype.settings` or `owner` never reaches the compiler.
 */
export function defineTable(name: string, input: z.output<typeof tableSchema>): TableDefinition {
  const fields: Record<string, unknown> = {};
  for (const field of TABLE_FIELDS) fields[field] = Object.hasOwn(input, field) ? input[field] : undefined;
  return { ...(fields as z.output<typeof tableSchema>), name, key: input.key ?? 'id' };
}

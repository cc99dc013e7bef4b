import { z } from 'zod';
import { identifierSchema, nameSchema } from '../base/names.js';
import { SCOPES, TABLE_PERMISSION_PRIVILEGES } from '../base/privilege.js';
import { WITHIN_BOUNDS, type WithinBound } from './within-bounds.js';

/** A table permission: privileges on one table, for the rows its scope covers, granted to web roles. */
export const tablePermissionSchema = z.strictObject({
  name: nameSchema,
  table: identifierSchema,
  scope: z.enum(SCOPES),
  privileges: z.array(z.enum(TABLE_PERMISSION_PRIVILEGES)),
  /** The roles it applies for; a child (scope `parent`) that lists none takes its chain's roles. */
  webRoles: z.array(nameSchema).optional(),
  /** For scope `parent`: the name of the parent table permission. */
  parent: nameSchema.optional(),
  /** Overrides the table's default relationship field for this permission's scope. */
  relationship: identifierSchema.optional(),
  /** `false` makes this permission and its whole child chain ineffective (decision D17). */
  active: z.boolean().optional(),
  description: z.string().optional(),
  /** For scope `contact`: the row must also be in the contact's own account or legal entity (D20). */
  within: z.enum(WITHIN_BOUNDS).optional(),
});

/** A table permission as written in a policy. */
export type TablePermissionInput = z.input<typeof tablePermissionSchema>;

/** A validated table permission with its relationship field resolved and its effectiveness decided. */
export interface TablePermission {
  readonly name: string;
  readonly table: string;
  readonly scope: (typeof SCOPES)[number];
  readonly privileges: readonly (typeof TABLE_PERMISSION_PRIVILEGES)[number][];
  /** The roles it applies for: its own, or its chain's when it is a child that lists none. */
  readonly webRoles: readonly string[];
  readonly parent?: string;
  readonly relationship?: string;
  readonly active: boolean;
  readonly description?: string;
  /** The relationship field the scope uses on this table (absent for global and self). */
  readonly field?: string;
  /** The many-to-many relationship the scope goes through, when `relationship` names one (`field` lists its ids). */
  readonly manyToMany?: string;
  /** The contact's own account or legal entity the covered rows must also be in (contact scope, D20). */
  readonly within?: WithinBound;
  /** False when this permission, or an ancestor, is inactive or has no web role (decisions D9, D17). */
  readonly effective: boolean;
  /** Position in `policy.tablePermissions`, for error paths and explanations. */
  readonly index: number;
}

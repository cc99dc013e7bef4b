import { z } from 'zod';
import type { ReadonlyInput } from '../principal/readonly-input.js';
import { administrativeRoleSchema } from './administrative-role.js';
import { identifierSchema } from './names.js';
import { registrationSchema } from './registration.js';
import { tableSchema } from './table.js';
import { tablePermissionSchema } from './table-permission.js';
import { webRoleSchema } from './web-role.js';

/** The whole policy document: the single source of truth for its shape (strict: unknown keys are errors). */
export const policySchema = z.strictObject({
  $schema: z.string().optional(),
  tables: z.record(identifierSchema, tableSchema),
  /** The table whose rows are contacts (self scope); `contact` by default. */
  contactTable: identifierSchema.optional(),
  webRoles: z.array(webRoleSchema).optional(),
  tablePermissions: z.array(tablePermissionSchema).optional(),
  /** How contacts may sign up; open registration is off unless turned on. */
  registration: registrationSchema.optional(),
  /** Administrative roles added to the built-in ones: who may invite, reset, disable, delete… which accounts. */
  administrativeRoles: z.array(administrativeRoleSchema).optional(),
});

/** A policy document as written by a host application (JSON-compatible). */
export type PolicyInput = ReadonlyInput<z.input<typeof policySchema>>;

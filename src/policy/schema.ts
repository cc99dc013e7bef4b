import { z } from 'zod';
import { identifierSchema } from '../base/names.js';
import type { ReadonlyInput } from '../base/readonly-input.js';
import { administrativeRoleSchema } from './administrative-role.js';
import { businessUnitSchema } from './business-unit.js';
import { columnPermissionSchema } from './column-permission.js';
import { columnSecurityProfileSchema } from './column-security-profile.js';
import { hierarchySchema } from './hierarchy-settings.js';
import { internalUsersSchema } from './internal-users.js';
import { pageRuleSchema, pageSchema } from './page.js';
import { registrationSchema } from './registration.js';
import { securityRoleSchema } from './security-role.js';
import { tableSchema } from './table.js';
import { tablePermissionSchema } from './table-permission.js';
import { teamSchema } from './team.js';
import { webRoleSchema } from './web-role.js';

/** The whole policy document: the single source of truth for its shape (strict: unknown keys are errors). */
export const policySchema = z.strictObject({
  $schema: z.string().optional(),
  tables: z.record(identifierSchema, tableSchema),
  /** The table whose rows are contacts (self scope); `contact` by default. */
  contactTable: identifierSchema.optional(),
  webRoles: z.array(webRoleSchema).optional(),
  tablePermissions: z.array(tablePermissionSchema).optional(),
  /** Portal column permission profiles: which columns web roles may read, create, update (SPEC 1.7). */
  columnPermissions: z.array(columnPermissionSchema).optional(),
  /** Dataverse column security profiles held by internal users and teams (SPEC 2.8). */
  columnSecurityProfiles: z.array(columnSecurityProfileSchema).optional(),
  /** The business-unit tree of internal users (one root). */
  businessUnits: z.array(businessUnitSchema).optional(),
  /** Security roles of internal users. */
  securityRoles: z.array(securityRoleSchema).optional(),
  /** Owner, group and access teams of internal users. */
  teams: z.array(teamSchema).optional(),
  /** Modernized business units: roles may be assigned from any unit and reach that unit's rows. Off by default. */
  matrixDataAccess: z.boolean().optional(),
  /** How contacts may sign up; open registration is off unless turned on. */
  registration: registrationSchema.optional(),
  /** Administrative roles added to the built-in ones: who may invite, reset, disable, delete… which accounts. */
  administrativeRoles: z.array(administrativeRoleSchema).optional(),
  /** The site's page tree (web pages and web files), for webpage access control rules (SPEC 1.6). */
  pages: z.array(pageSchema).optional(),
  /** Webpage access control rules: who may read a branch of the site, who may edit it. */
  pageRules: z.array(pageRuleSchema).optional(),
  /** Hierarchy security for internal users (manager or position model); off unless present. */
  hierarchy: hierarchySchema.optional(),
  /** Internal users' lifecycle settings: the automatic administrator role, stub roles, business-unit moves. */
  internalUsers: internalUsersSchema.optional(),
});

/** A policy document as written by a host application (JSON-compatible). */
export type PolicyInput = ReadonlyInput<z.input<typeof policySchema>>;

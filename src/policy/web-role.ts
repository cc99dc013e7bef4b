import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { nameSchema } from '../base/names.js';

/** A portal web role: a named bundle of table permissions held by contacts (or by every visitor). */
export const webRoleSchema = z.strictObject({
  name: nameSchema,
  description: z.string().optional(),
  /** Every signed-in contact holds this role automatically (at most one per policy). */
  authenticatedUsers: z.boolean().optional(),
  /** The only role an anonymous visitor holds; it cannot be assigned to contacts (at most one per policy). */
  anonymousUsers: z.boolean().optional(),
});

/** A web role as written in a policy. */
export type WebRoleInput = z.input<typeof webRoleSchema>;
/** A validated web role. */
export type WebRole = Readonly<z.output<typeof webRoleSchema>>;

/** Cross-checks of web roles: unique names, one Authenticated and one Anonymous role at most (D8). */
export function checkWebRoles(roles: readonly WebRole[]): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  roles.forEach((role, index) => {
    if (seen.has(role.name)) {
      issues.push({
        code: 'duplicate_web_role',
        path: ['webRoles', index, 'name'],
        message: `web role "${role.name}" is defined twice; give each web role a unique name`,
      });
    }
    seen.add(role.name);
    if (role.authenticatedUsers && role.anonymousUsers) {
      issues.push({
        code: 'conflicting_builtin_role',
        path: ['webRoles', index],
        message: `web role "${role.name}" cannot be both the Authenticated and the Anonymous users role; pick one`,
      });
    }
  });
  for (const flag of ['authenticatedUsers', 'anonymousUsers'] as const) {
    const indexes = roles.flatMap((role, index) => (role[flag] ? [index] : []));
    for (const index of indexes.slice(1)) {
      issues.push({
        code: `duplicate_${flag}_role`,
        path: ['webRoles', index, flag],
        message: `only one web role may set ${flag}: true (web role "${roles[indexes[0]!]!.name}" already does); remove the flag here`,
      });
    }
  }
  return issues;
}

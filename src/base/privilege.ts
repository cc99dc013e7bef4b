/** Privileges a portal table permission can grant. */
export const TABLE_PERMISSION_PRIVILEGES = [
  'read',
  'write',
  'create',
  'delete',
  'append',
  'appendTo',
] as const;

/** A privilege of a portal table permission. */
export type TablePermissionPrivilege = (typeof TABLE_PERMISSION_PRIVILEGES)[number];

/** Scopes (access types) of a portal table permission. */
export const SCOPES = ['global', 'contact', 'account', 'self', 'parent'] as const;

/** A scope (access type) of a portal table permission. */
export type Scope = (typeof SCOPES)[number];

/** How many permissions a parent chain may hold, the permission itself included (decision D5). */
export const MAX_PARENT_DEPTH = 8;

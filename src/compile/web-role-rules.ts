import { PrincipalValidationError } from '../errors.js';
import { didYouMean } from '../policy/names.js';
import type { Policy, PolicyIndex } from '../policy/policy.js';
import type { TablePermission } from '../policy/table-permission.js';
import type { ValidPrincipal } from '../principal/principal.js';
import { eq } from './condition.js';
import type { CompiledPrincipal, PortalRawRule } from './rule.js';
import { scopes } from './scopes/index.js';
import type { Coverage, ScopeSubject } from './scopes/scope.js';

type PortalPrincipal = Extract<ValidPrincipal, { kind: 'contact' | 'anonymous' }>;

const present = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value === '' ? undefined : value;

/** The roles a portal principal holds: assigned ones plus Authenticated users, or only Anonymous users (D1). */
function heldRoles(index: PolicyIndex, principal: PortalPrincipal): Set<string> {
  if (principal.kind === 'anonymous') {
    return new Set(index.anonymousRole === undefined ? [] : [index.anonymousRole]);
  }
  const roles = new Set<string>();
  (principal.webRoles ?? []).forEach((role, position) => {
    const known = index.webRoles.get(role);
    if (!known) {
      throw new PrincipalValidationError([
        {
          code: 'unknown_web_role',
          path: ['webRoles', position],
          message: `web role "${role}" is not defined by the policy (${didYouMean(role, index.webRoles.keys())}); fix the contact's roles or the policy`,
        },
      ]);
    }
    if (known.anonymousUsers) {
      throw new PrincipalValidationError([
        {
          code: 'anonymous_role_assigned',
          path: ['webRoles', position],
          message: `web role "${role}" is the Anonymous users role and cannot be assigned to a contact; remove it`,
        },
      ]);
    }
    roles.add(role);
  });
  if (index.authenticatedRole !== undefined) roles.add(index.authenticatedRole);
  return roles;
}

function scopeSubjectOf(principal: PortalPrincipal): ScopeSubject {
  if (principal.kind === 'anonymous')
    return { contactId: undefined, accountId: undefined, legalEntity: undefined };
  return {
    contactId: present(principal.id),
    accountId: present(principal.accountId),
    legalEntity: present(principal.legalEntity),
  };
}

function chainOf(index: PolicyIndex, permission: TablePermission): string[] {
  const chain = [permission.name];
  let parent = permission.parent === undefined ? undefined : index.permissions.get(permission.parent);
  while (parent) {
    chain.push(parent.name);
    parent = parent.parent === undefined ? undefined : index.permissions.get(parent.parent);
  }
  return chain;
}

/** Compiles a contact's or visitor's web roles into CASL rules, one per effective table permission. */
export function compileWebRoleRules(
  policy: Policy,
  index: PolicyIndex,
  principal: PortalPrincipal,
): CompiledPrincipal {
  const roles = heldRoles(index, principal);
  const subject = scopeSubjectOf(principal);
  const coverages = new Map<string, Coverage>();

  const coverageOf = (permission: TablePermission): Coverage => {
    const known = coverages.get(permission.name);
    if (known !== undefined) return known;
    const parent = permission.parent === undefined ? undefined : index.permissions.get(permission.parent);
    const coverage = scopes[permission.scope].coverage({
      table: index.tables.get(permission.table)!,
      permission,
      subject,
      parent: parent && (() => ({ table: index.tables.get(parent.table)!, coverage: coverageOf(parent) })),
    });
    coverages.set(permission.name, coverage);
    return coverage;
  };

  const rules: PortalRawRule[] = [];
  // Policy order, not the principal's role order: the same roles always compile to the same rules.
  for (const permission of policy.tablePermissions) {
    if (!permission.effective || permission.privileges.length === 0) continue;
    const viaRoles = permission.webRoles.filter((role) => roles.has(role));
    if (viaRoles.length === 0) continue;
    const coverage = coverageOf(permission);
    if (coverage === null) continue;
    rules.push({
      action: [...permission.privileges],
      subject: permission.table,
      ...(coverage === true ? {} : { conditions: coverage }),
      reason: `web role "${viaRoles[0]}" → table permission "${permission.name}" (${permission.scope} scope)`,
      provenance: {
        kind: 'tablePermission',
        webRoles: viaRoles,
        tablePermission: permission.name,
        scope: permission.scope,
        ...(permission.field === undefined ? {} : { field: permission.field }),
        chain: chainOf(index, permission),
      },
    });
  }
  return { rules };
}

/** The rules of a contact who must change their password: read and write their own contact row only. */
export function ownRowRules(policy: Policy, index: PolicyIndex, contactId: string): PortalRawRule[] {
  const table = index.tables.get(policy.contactTable);
  if (!table) return [];
  return [
    {
      action: ['read', 'write'],
      subject: table.name,
      conditions: eq(table.key, contactId),
      reason: 'must change password: own row only',
      provenance: { kind: 'ownRow', reason: 'mustChangePassword' },
    },
  ];
}

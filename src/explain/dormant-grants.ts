import type { PortalAbility } from '../ability/ability.js';
import { heldRoles, type PortalPrincipal, scopeSubjectOf } from '../compile/web-role-rules.js';
import { policyIndexOf } from '../policy/define-policy.js';
import type { PolicyIndex } from '../policy/policy.js';
import { scopes } from '../policy/scopes/index.js';
import type { ScopeSubject } from '../policy/scopes/scope.js';
import type { TablePermission } from '../policy/table-permission.js';

/**
 * A table permission the principal's web roles hold for the action and table, which compiled to no rule
 * because the principal lacks the value its scope compares (D2, RELIABILITY 3): the "why not" that a list
 * of rules alone cannot give.
 */
export interface DormantGrant {
  readonly tablePermission: string;
  readonly scope: string;
  readonly webRoles: readonly string[];
  /** What the principal would need, e.g. `an account number`. */
  readonly missing: string;
}

// Each scope says what it needs from a principal (the scope registry's `missing`): nothing here names a scope.
function missingFor(
  index: PolicyIndex,
  permission: TablePermission,
  subject: ScopeSubject,
  creating: boolean,
): string | undefined {
  const parent = permission.parent === undefined ? undefined : index.permissions.get(permission.parent);
  return scopes[permission.scope].missing?.({
    table: index.tables.get(permission.table)!,
    permission,
    subject,
    creating,
    parent:
      parent === undefined
        ? undefined
        : () => ({ name: parent.name, missing: missingFor(index, parent, subject, false) }),
  });
}

/** The principal's table permissions for `action` on `table` that cover nothing for them, and why. */
export function dormantGrants(ability: PortalAbility, action: string, table: string): DormantGrant[] {
  const principal = ability.principal;
  if (principal.kind !== 'contact' && principal.kind !== 'anonymous') return [];
  // A principal a gate denies, or makes act as a visitor, is not compiled from its own roles: the gates'
  // outcome, decided when the ability was built, says so, and its roles explain nothing here.
  if (ability.denial !== undefined || ability.actsAsVisitor) return [];
  const index = policyIndexOf(ability.policy);
  const portalPrincipal = principal as PortalPrincipal;
  const roles = heldRoles(index, portalPrincipal);
  const subject = scopeSubjectOf(portalPrincipal);
  return index.webRolePlans.flatMap(({ permission }) => {
    if (permission.table !== table || !(permission.privileges as readonly string[]).includes(action))
      return [];
    const webRoles = permission.webRoles.filter((role) => roles.has(role));
    const missing =
      webRoles.length === 0 ? undefined : missingFor(index, permission, subject, action === 'create');
    return missing === undefined
      ? []
      : [{ tablePermission: permission.name, scope: permission.scope, webRoles, missing }];
  });
}

import type { PolicyInput } from '../policy/schema.js';
import type { Principal } from '../principal/principal.js';

type PageInput = NonNullable<PolicyInput['pages']>[number];
type PageRuleInput = NonNullable<PolicyInput['pageRules']>[number];

/*
 * Webpage access control rules stated as plainly as we can (SPEC 1.6), apart from the compiler's one pass
 * over the tree: for one page, walk up to the top collecting the rules that cover it, then decide.
 */

/** The web roles a page decision is made for: a visitor the Anonymous role, a contact its own, its account's (when it has one) and Authenticated. */
function rolesOf(policy: PolicyInput, principal: Principal): string[] {
  const roles = policy.webRoles ?? [];
  if (principal.kind === 'anonymous')
    return roles.filter((role) => role.anonymousUsers).map((role) => role.name);
  if (principal.kind === 'user') return [];
  const accountRoles = (principal.accountId ?? '') === '' ? [] : (principal.accountWebRoles ?? []);
  return [
    ...(principal.webRoles ?? []),
    ...accountRoles,
    ...roles.filter((role) => role.authenticatedUsers).map((role) => role.name),
  ];
}

function pageNamed(policy: PolicyInput, id: string): PageInput | undefined {
  return (policy.pages ?? []).find((page) => page.id === id);
}

/** The page and every page above it, nearest first; a (rejected) cycle stops the walk. */
function pathOf(policy: PolicyInput, page: PageInput): PageInput[] {
  const path: PageInput[] = [];
  for (let at: PageInput | undefined = page; at !== undefined && !path.includes(at); ) {
    path.push(at);
    at = at.parent === undefined ? undefined : pageNamed(policy, at.parent);
  }
  return path;
}

/** The rules covering a page: every rule on its path, but a file directly under an excluding rule's page is skipped. */
function rulesCovering(policy: PolicyInput, page: PageInput): PageRuleInput[] {
  const onPath = new Set(pathOf(policy, page).map((at) => at.id));
  return (policy.pageRules ?? []).filter(
    (rule) =>
      onPath.has(rule.page) &&
      !(rule.scope === 'excludeDirectChildFiles' && page.kind === 'webFile' && page.parent === rule.page),
  );
}

/** Whether the principal holds a role of any rule of the group (the rules of one page and one right). */
function groupHeld(group: readonly PageRuleInput[], roles: readonly string[]): boolean {
  return group.some((rule) => rule.webRoles.some((role) => roles.includes(role)));
}

/** The covering rules of one right, grouped by the page they sit on: one group per page of the path. */
function groupsOf(rules: readonly PageRuleInput[], right: PageRuleInput['right']): PageRuleInput[][] {
  const byPage = new Map<string, PageRuleInput[]>();
  for (const rule of rules.filter((candidate) => candidate.right === right)) {
    byPage.set(rule.page, [...(byPage.get(rule.page) ?? []), rule]);
  }
  return [...byPage.values()];
}

/**
 * The reference answer to `can(action, page(id))` for a contact or visitor: gates as for records (a
 * non-active account, a pending password change: nothing; an unvouched self-registration: a visitor; an
 * internal user: no page). Then, as the engine decides: a held role in a grant-change rule anywhere on
 * the path allows both actions; otherwise `change` is denied, and `view` needs, for every page of the path
 * carrying restrict-read rules, a held role in one of that page's rules.
 */
export function referencePageCan(
  policy: PolicyInput,
  principal: Principal,
  action: string,
  id: string,
): boolean {
  if (principal.kind === 'user') return false;
  if (principal.kind === 'contact') {
    if (principal.state !== undefined && principal.state !== 'active') return false;
    // A pending password change is a gate: it stops everything, before anything decides what the contact is.
    if (principal.mustChangePassword === true) return false;
    const open = policy.registration?.enabled !== false && policy.registration?.openRegistration === true;
    if (principal.registeredVia === 'openRegistration' && !open) {
      return referencePageCan(policy, { kind: 'anonymous' }, action, id);
    }
  }
  const page = pageNamed(policy, id);
  if (page === undefined || (action !== 'view' && action !== 'change')) return false;
  const roles = rolesOf(policy, principal);
  const rules = rulesCovering(policy, page);
  if (groupsOf(rules, 'grantChange').some((group) => groupHeld(group, roles))) return true;
  if (action === 'change') return false;
  return groupsOf(rules, 'restrictRead').every((group) => groupHeld(group, roles));
}

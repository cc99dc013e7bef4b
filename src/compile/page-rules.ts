import { inList } from '../base/condition.js';
import type { CompiledPrincipal, PortalRawRule } from '../base/rule.js';
import { PAGE_SUBJECT, type Page, type PageRule, pageTreeOf } from '../policy/page.js';
import type { Policy, PolicyIndex } from '../policy/policy.js';
import type { ValidPrincipal } from '../principal/principal.js';
import { heldRoles, type PortalPrincipal, rolesThroughAccount } from './web-role-rules.js';

/**
 * What the rules covering a page say for one role set, as the engine reads them: the rules of one page
 * and right form a group whose roles combine (any one suffices); a restrict-read group the role set does
 * not pass closes the page, whichever page of the path it sits on; a grant-change group it passes opens
 * the page for change and for reading, over every restriction.
 */
interface Coverage {
  /** Some restrict-read group on the path names none of the held roles. */
  readonly blocked: boolean;
  /** Some grant-change group on the path names a held role. */
  readonly granted: boolean;
}

const NOTHING: Coverage = { blocked: false, granted: false };

/** Adds the rules of one page (one group per right) to the coverage of the pages above it. */
function add(coverage: Coverage, rules: readonly PageRule[], roles: ReadonlySet<string>): Coverage {
  let restricts = false;
  let passes = false;
  let { blocked, granted } = coverage;
  for (const rule of rules) {
    const held = rule.webRoles.some((role) => roles.has(role));
    if (rule.right === 'grantChange') granted ||= held;
    else {
      restricts = true;
      passes ||= held;
    }
  }
  if (restricts && !passes) blocked = true;
  return { blocked, granted };
}

/**
 * The pages a role set may view and change, in one pass over the tree, parents first. A rule covers its
 * page's whole branch, except that `excludeDirectChildFiles` skips the web files directly under its page:
 * such a file gets its grandparent's coverage plus its parent's `allContent` rules, and its own children
 * the parent's full coverage again (rules are never attached to web files).
 */
export function pageAccessOf(
  policy: Policy,
  roles: ReadonlySet<string>,
): { readonly view: string[]; readonly change: string[] } {
  const tree = pageTreeOf(policy.pages, policy.pageRules);
  const full = new Map<string, Coverage>();
  const view: string[] = [];
  const change: string[] = [];
  const coverageOf = (id: string | undefined): Coverage =>
    id === undefined ? NOTHING : (full.get(id) ?? NOTHING);
  for (const page of tree.order) {
    const own = tree.rulesOn.get(page.id) ?? [];
    const fromParent = coverageOf(page.parent);
    const branch = add(fromParent, own, roles);
    full.set(page.id, branch);
    const covering =
      page.kind === 'webFile' ? fileCoverage(page, tree.byId, tree.rulesOn, full, roles) : branch;
    if (covering.granted || !covering.blocked) view.push(page.id);
    if (covering.granted) change.push(page.id);
  }
  return { view, change };
}

function fileCoverage(
  file: Page,
  byId: ReadonlyMap<string, Page>,
  rulesOn: ReadonlyMap<string, readonly PageRule[]>,
  full: ReadonlyMap<string, Coverage>,
  roles: ReadonlySet<string>,
): Coverage {
  if (file.parent === undefined) return full.get(file.id) ?? NOTHING;
  const parent = byId.get(file.parent)!;
  const above = parent.parent === undefined ? NOTHING : (full.get(parent.parent) ?? NOTHING);
  const parentRules = (rulesOn.get(parent.id) ?? []).filter(
    (rule) => rule.scope !== 'excludeDirectChildFiles',
  );
  return add(add(above, parentRules, roles), rulesOn.get(file.id) ?? [], roles);
}

/**
 * Adds the page rules of a contact or visitor on `PAGE_SUBJECT`: a `view` rule (always) and a `change` rule
 * (when some page may be changed), each naming the page ids their roles allow. Internal users hold no web roles and get none (a page stays closed
 * to them, fail closed); a policy without pages adds nothing.
 */
export function withPageRules(
  policy: Policy,
  index: PolicyIndex,
  principal: ValidPrincipal,
  compiled: CompiledPrincipal,
): CompiledPrincipal {
  if (policy.pages.length === 0 || principal.kind === 'user') return compiled;
  const roles = heldRoles(index, principal as PortalPrincipal);
  const { view, change } = pageAccessOf(policy, roles);
  const webRoles = policy.webRoles.filter((role) => roles.has(role.name)).map((role) => role.name);
  const account = rolesThroughAccount(index, principal as PortalPrincipal);
  const throughAccount = webRoles.filter((role) => account.has(role));
  const rules: PortalRawRule[] = [...compiled.rules];
  // Kept when empty: explanations read the roles the page rules were compiled for from it.
  rules.push(pageRule('view', view, webRoles, throughAccount));
  if (change.length > 0) rules.push(pageRule('change', change, webRoles, throughAccount));
  return { ...compiled, rules };
}

function pageRule(
  right: 'view' | 'change',
  pages: readonly string[],
  webRoles: string[],
  throughAccount: string[],
): PortalRawRule {
  return {
    action: right,
    subject: PAGE_SUBJECT,
    conditions: inList('id', pages),
    reason: `webpage access control rules: ${right}`,
    provenance: {
      kind: 'pageAccess',
      right,
      webRoles,
      ...(throughAccount.length === 0 ? {} : { throughAccount }),
    },
  };
}

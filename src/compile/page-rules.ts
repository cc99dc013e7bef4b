import { inList } from '../base/condition.js';
import type { CompiledPrincipal, PortalRawRule } from '../base/rule.js';
import { PAGE_SUBJECT, type Page, type PageRule, pageTreeOf } from '../policy/page.js';
import type { Policy, PolicyIndex } from '../policy/policy.js';
import type { ValidPrincipal } from '../principal/principal.js';
import { heldRoles, type PortalPrincipal } from './web-role-rules.js';

/** What the rules covering a page say for one role set. */
interface Coverage {
  /** A restrict-read rule covers the page. */
  readonly restricted: boolean;
  /** A held role is named by a covering restrict-read or grant-change rule (grant change includes reading). */
  readonly readable: boolean;
  /** A held role is named by a covering grant-change rule. */
  readonly changeable: boolean;
}

const NOTHING: Coverage = { restricted: false, readable: false, changeable: false };

function add(coverage: Coverage, rules: readonly PageRule[], roles: ReadonlySet<string>): Coverage {
  let { restricted, readable, changeable } = coverage;
  for (const rule of rules) {
    const held = rule.webRoles.some((role) => roles.has(role));
    if (rule.right === 'restrictRead') restricted = true;
    if (held) readable = true;
    if (held && rule.right === 'grantChange') changeable = true;
  }
  return { restricted, readable, changeable };
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
    if (!covering.restricted || covering.readable) view.push(page.id);
    if (covering.changeable) change.push(page.id);
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
  const rules: PortalRawRule[] = [...compiled.rules];
  // Kept when empty: explanations read the roles the page rules were compiled for from it.
  rules.push(pageRule('view', view, webRoles));
  if (change.length > 0) rules.push(pageRule('change', change, webRoles));
  return { ...compiled, rules };
}

function pageRule(right: 'view' | 'change', pages: readonly string[], webRoles: string[]): PortalRawRule {
  return {
    action: right,
    subject: PAGE_SUBJECT,
    conditions: inList('id', pages),
    reason: `webpage access control rules: ${right}`,
    provenance: { kind: 'pageAccess', right, webRoles },
  };
}

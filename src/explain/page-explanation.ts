import type { PortalAbility } from '../ability/ability.js';
import { page as tagPage } from '../ability/page-subject.js';
import type { PageAction, PageRule } from '../policy/page.js';
import { pageTreeOf, rulesCovering } from '../policy/page.js';
import type { ValidPrincipal } from '../principal/principal.js';

/** A webpage access control rule covering the page asked about, and whether the principal holds one of its roles. */
export interface CoveringPageRule {
  readonly name: string;
  readonly right: PageRule['right'];
  /** The page the rule is attached to (the page asked about, or one above it). */
  readonly page: string;
  readonly webRoles: readonly string[];
  /** The rule's roles the principal holds (policy order); empty when none. */
  readonly heldRoles: readonly string[];
}

/** Why a principal may or may not view or change a page. */
export interface PageExplanation {
  readonly action: PageAction;
  readonly page: string;
  /** The ability's answer to `can(action, page(id))`; the rules below only say why. */
  readonly allowed: boolean;
  /**
   * `public` (no restrict-read rule covers the page), `restricted` (one does), `unknown_page` (the policy
   * does not declare it) or `gate` (the principal gets no page at all: an internal user, a gated contact).
   */
  readonly basis: 'public' | 'restricted' | 'unknown_page' | 'gate';
  /** The rules covering the page, nearest page first. */
  readonly rules: readonly CoveringPageRule[];
  /** The decision in one sentence, for people. */
  readonly message: string;
}

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(', ');

function labelOf(principal: ValidPrincipal): string {
  return principal.kind === 'anonymous' ? 'an anonymous visitor' : `${principal.kind} "${principal.id}"`;
}

/** The web roles the ability's page rules were compiled for (absent: the principal got no page rule). */
function rolesOf(ability: PortalAbility): Set<string> | undefined {
  for (const rule of ability.portalRules) {
    if (rule.provenance.kind === 'pageAccess') return new Set(rule.provenance.webRoles);
  }
  return undefined;
}

/**
 * Explains `ability.can(action, page(id))` with the webpage access control rules covering the page: which
 * restrict the page, to which roles, which grant change, and which of their roles the principal holds.
 *
 * @example explainPage(ability, 'view', 'orders').message
 * // 'an anonymous visitor may not view page "orders": restricted by rule "Order pages" (on "orders") to
 * //  roles "Authorized user", and no such role is held'
 */
export function explainPage(ability: PortalAbility, action: PageAction, id: string): PageExplanation {
  const { policy } = ability;
  const allowed = ability.can(action, tagPage(id));
  const who = labelOf(ability.principal);
  const verb = `${allowed ? 'may' : 'may not'} ${action} page "${id}"`;
  const tree = pageTreeOf(policy.pages, policy.pageRules);
  if (!tree.byId.has(id)) {
    return {
      action,
      page: id,
      allowed,
      basis: 'unknown_page',
      rules: [],
      message: `${who} ${verb}: the policy declares no such page`,
    };
  }
  const held = rolesOf(ability) ?? new Set<string>();
  const rules = rulesCovering(tree, id).map(
    (rule): CoveringPageRule => ({
      name: rule.name,
      right: rule.right,
      page: rule.page,
      webRoles: rule.webRoles,
      heldRoles: rule.webRoles.filter((role) => held.has(role)),
    }),
  );
  const restricting = rules.filter((rule) => rule.right === 'restrictRead');
  const changing = rules.filter((rule) => rule.right === 'grantChange');
  const basis = restricting.length === 0 ? 'public' : 'restricted';
  const explanation = (message: string, why: PageExplanation['basis'] = basis): PageExplanation => ({
    action,
    page: id,
    allowed,
    basis: why,
    rules,
    message: `${who} ${verb}: ${message}`,
  });
  if (!allowed && rolesOf(ability) === undefined) {
    const denial = ability.denial;
    return explanation(
      denial === undefined
        ? 'webpage access control rules apply to contacts and visitors only'
        : `no page access (${denial.message})`,
      'gate',
    );
  }
  const describe = (list: readonly CoveringPageRule[]): string =>
    list
      .map((rule) => `rule "${rule.name}" (on "${rule.page}") to roles ${quoted(rule.webRoles)}`)
      .join('; ');
  const holding = (list: readonly CoveringPageRule[]) => list.filter((rule) => rule.heldRoles.length > 0);
  if (action === 'change') {
    if (changing.length === 0) return explanation('no grant-change rule covers the page');
    const granted = holding(changing);
    return granted.length > 0
      ? explanation(`change is granted by ${describe(granted)}; held: ${quoted(granted[0]!.heldRoles)}`)
      : explanation(`change is granted only by ${describe(changing)}, and no such role is held`);
  }
  if (basis === 'public') return explanation('no restrict-read rule covers the page, so it is public');
  const passing = holding([...restricting, ...changing]);
  if (passing.length > 0) {
    return explanation(
      `restricted by ${describe(restricting)}; passes through ${describe(passing)} (held: ${quoted(passing[0]!.heldRoles)})`,
    );
  }
  return explanation(`restricted by ${describe(restricting)}, and no such role is held`);
}

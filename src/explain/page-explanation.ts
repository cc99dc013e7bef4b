import type { PortalAbility } from '../ability/ability.js';
import { page as tagPage } from '../ability/page-subject.js';
import type { PageIdArgument } from '../ability/portal-subject.js';
import type { PageAction, PageRule } from '../policy/page.js';
import { pageTreeOf, rulesCovering } from '../policy/page.js';
import type { PolicyTypesLike } from '../policy/policy-types.js';
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

/**
 * The restrict-read rules one page of the path puts on the page asked about: they combine their roles
 * (any one suffices), and every page's restriction must be met for reading.
 */
export interface PageRestriction {
  /** The page the rules are attached to. */
  readonly page: string;
  /** The names of its restrict-read rules covering the page asked about, in policy order. */
  readonly rules: readonly string[];
  /** The roles any one of which meets the restriction, in the rules' order, each once. */
  readonly webRoles: readonly string[];
  /** The roles of `webRoles` the principal holds; empty when the restriction is not met. */
  readonly heldRoles: readonly string[];
  /** Whether the principal holds one of them. */
  readonly met: boolean;
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
  /** One restriction per page of the path with restrict-read rules covering the page, nearest first. */
  readonly restrictions: readonly PageRestriction[];
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

/** The covering restrict-read rules grouped by the page they sit on, nearest page first. */
function restrictionsOf(rules: readonly CoveringPageRule[]): PageRestriction[] {
  const byPage = new Map<string, CoveringPageRule[]>();
  for (const rule of rules) {
    if (rule.right === 'restrictRead') byPage.set(rule.page, [...(byPage.get(rule.page) ?? []), rule]);
  }
  return [...byPage].map(([page, group]) => {
    const heldRoles = [...new Set(group.flatMap((rule) => rule.heldRoles))];
    return {
      page,
      rules: group.map((rule) => rule.name),
      webRoles: [...new Set(group.flatMap((rule) => rule.webRoles))],
      heldRoles,
      met: heldRoles.length > 0,
    };
  });
}

const describeRule = (rule: CoveringPageRule): string =>
  `rule "${rule.name}" (on "${rule.page}") to roles ${quoted(rule.webRoles)}`;

const describeRestriction = (restriction: PageRestriction): string =>
  `on "${restriction.page}" by ${restriction.rules.map((name) => `rule "${name}"`).join(', ')} to roles ${quoted(restriction.webRoles)}`;

/** The sentence after the verb: what decided, naming every restriction not met when reading is denied. */
function reasonOf(
  action: PageAction,
  rules: readonly CoveringPageRule[],
  restrictions: readonly PageRestriction[],
): string {
  const changing = rules.filter((rule) => rule.right === 'grantChange');
  const granting = changing.filter((rule) => rule.heldRoles.length > 0);
  if (granting.length > 0) {
    const over = restrictions.some((restriction) => !restriction.met) ? ', over every restriction' : '';
    return `change is granted by ${granting.map(describeRule).join('; ')}; held: ${quoted(granting[0]!.heldRoles)}${action === 'view' ? ` (grant change includes reading${over})` : ''}`;
  }
  if (action === 'change') {
    return changing.length === 0
      ? 'no grant-change rule covers the page'
      : `change is granted only by ${changing.map(describeRule).join('; ')}, and no such role is held`;
  }
  if (restrictions.length === 0) return 'no restrict-read rule covers the page, so it is public';
  const unmet = restrictions.filter((restriction) => !restriction.met);
  if (unmet.length === 0) {
    const met = restrictions.map(
      (restriction) => `${describeRestriction(restriction)} (held: ${quoted(restriction.heldRoles)})`,
    );
    return `every restriction on the path is met: ${met.join('; ')}`;
  }
  return unmet
    .map((restriction) => `restricted ${describeRestriction(restriction)}, and no such role is held`)
    .join('; ');
}

/**
 * Explains `ability.can(action, page(id))` with the webpage access control rules covering the page: which
 * restrict it (every page's restriction must be met), to which roles, which grant change, and which of
 * their roles the principal holds. A denied view names every restriction not met.
 *
 * @example explainPage(ability, 'view', 'orders').message
 * // 'an anonymous visitor may not view page "orders": restricted on "orders" by rule "Order pages" to
 * //  roles "Authorized user", and no such role is held'
 */
export function explainPage<TTypes extends PolicyTypesLike, const TId extends string>(
  ability: PortalAbility<TTypes>,
  action: PageAction,
  id: PageIdArgument<TTypes, TId>,
): PageExplanation {
  return explainPageLoosely(ability as unknown as PortalAbility, action, id as string);
}

function explainPageLoosely(ability: PortalAbility, action: PageAction, id: string): PageExplanation {
  const { policy } = ability;
  const allowed = ability.can(action, tagPage(id));
  const who = labelOf(ability.principal);
  const verb = `${allowed ? 'may' : 'may not'} ${action} page "${id}"`;
  const tree = pageTreeOf(policy.pages, policy.pageRules);
  const answer = (
    basis: PageExplanation['basis'],
    rules: readonly CoveringPageRule[],
    restrictions: readonly PageRestriction[],
    message: string,
  ): PageExplanation => ({
    action,
    page: id,
    allowed,
    basis,
    rules,
    restrictions,
    message: `${who} ${verb}: ${message}`,
  });
  if (!tree.byId.has(id)) return answer('unknown_page', [], [], 'the policy declares no such page');
  const compiledFor = rolesOf(ability);
  const held = compiledFor ?? new Set<string>();
  const rules = rulesCovering(tree, id).map(
    (rule): CoveringPageRule => ({
      name: rule.name,
      right: rule.right,
      page: rule.page,
      webRoles: rule.webRoles,
      heldRoles: rule.webRoles.filter((role) => held.has(role)),
    }),
  );
  const restrictions = restrictionsOf(rules);
  if (!allowed && compiledFor === undefined) {
    const denial = ability.denial;
    const message =
      denial === undefined
        ? 'webpage access control rules apply to contacts and visitors only'
        : `no page access (${denial.message})`;
    return answer('gate', rules, restrictions, message);
  }
  const basis = restrictions.length === 0 ? 'public' : 'restricted';
  return answer(basis, rules, restrictions, reasonOf(action, rules, restrictions));
}

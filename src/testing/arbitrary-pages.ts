import fc from 'fast-check';
import { PAGE_RULE_SCOPES } from '../policy/page.js';
import type { PolicyInput } from '../policy/schema.js';

/** The most pages (and web files) `withArbitraryPages` generates. */
export const GENERATED_PAGE_COUNT = 12;

interface PageBlueprint {
  /** The parent's position among the earlier pages, or -1 for a top-level page. */
  readonly parent: number;
  readonly webFile: boolean;
}

interface RuleBlueprint {
  readonly page: number;
  readonly grantChange: boolean;
  readonly roles: readonly number[];
  readonly scope: number;
}

/**
 * The policy with a random page tree (pages and web files, at most `GENERATED_PAGE_COUNT`, several tops)
 * and webpage access control rules of both rights and scopes on its pages, naming the policy's web roles
 * (never the Anonymous users role, which a rule cannot name). Valid by construction.
 *
 * @example fc.assert(fc.property(arbitraryPortalPolicy().chain(withArbitraryPages), (input) => …))
 */
export function withArbitraryPages(policy: PolicyInput): fc.Arbitrary<PolicyInput> {
  const roles = (policy.webRoles ?? []).filter((role) => !role.anonymousUsers).map((role) => role.name);
  const pages = fc.array(
    fc.record({ parent: fc.integer({ min: -1, max: GENERATED_PAGE_COUNT }), webFile: fc.boolean() }),
    { minLength: 1, maxLength: GENERATED_PAGE_COUNT },
  );
  const rules = fc.array(
    fc.record({
      page: fc.nat(GENERATED_PAGE_COUNT),
      grantChange: fc.boolean(),
      roles: fc.array(fc.nat(Math.max(0, roles.length - 1)), { minLength: 1, maxLength: 3 }),
      scope: fc.nat(PAGE_RULE_SCOPES.length),
    }),
    { maxLength: roles.length === 0 ? 0 : 6 },
  );
  return fc
    .tuple(pages, rules)
    .map(([pageBlueprints, ruleBlueprints]) => build(policy, roles, pageBlueprints, ruleBlueprints));
}

function build(
  policy: PolicyInput,
  roles: readonly string[],
  pageBlueprints: readonly PageBlueprint[],
  ruleBlueprints: readonly RuleBlueprint[],
): PolicyInput {
  // The first node is always a page, and a parent always comes earlier: no cycle, and a rule has a page.
  const pages = pageBlueprints.map((blueprint, index) => {
    const parent = index === 0 || blueprint.parent < 0 ? undefined : blueprint.parent % index;
    const webFile = index > 0 && blueprint.webFile;
    return {
      id: `page${index}`,
      ...(parent === undefined ? {} : { parent: `page${parent}` }),
      ...(webFile ? { kind: 'webFile' as const } : {}),
    };
  });
  const rulePages = pages.filter((page) => page.kind !== 'webFile');
  const pageRules = ruleBlueprints.map((blueprint, index) => {
    const scope = PAGE_RULE_SCOPES[blueprint.scope];
    return {
      name: `rule${index}`,
      page: rulePages[blueprint.page % rulePages.length]!.id,
      right: blueprint.grantChange ? ('grantChange' as const) : ('restrictRead' as const),
      webRoles: [...new Set(blueprint.roles.map((role) => roles[role % roles.length]!))],
      ...(scope === undefined ? {} : { scope }),
    };
  });
  return { ...policy, pages, pageRules };
}

/** A page id of the policy's tree, now and then one it does not declare (which every principal is denied). */
export function arbitraryPageId(policy: PolicyInput): fc.Arbitrary<string> {
  const ids = (policy.pages ?? []).map((page) => page.id);
  return ids.length === 0
    ? fc.constant('no such page')
    : fc.oneof(
        { arbitrary: fc.constantFrom(...ids), weight: 9 },
        { arbitrary: fc.constant('no such page'), weight: 1 },
      );
}

import { z } from 'zod';
import type { Issue } from '../base/errors.js';
import { didYouMean, nameSchema } from '../base/names.js';
import { describeLoop, parentCycles } from '../base/parent-cycles.js';
import type { WebRole } from './web-role.js';

/** The kinds of node in a site's page tree: a web page, or a web file (a download, CSS, script) under one. */
export const PAGE_KINDS = ['page', 'webFile'] as const;

/** The rights a webpage access control rule gives (SPEC 1.6): limit who reads a branch, or who edits it. */
export const PAGE_RIGHTS = ['restrictRead', 'grantChange'] as const;

/** Which content below its page a webpage access control rule covers. */
export const PAGE_RULE_SCOPES = ['allContent', 'excludeDirectChildFiles'] as const;

/** How many pages (and web files) a policy may declare: every check and every principal walks them once. */
export const MAX_PAGES = 10_000;

/** How many webpage access control rules a policy may declare. */
export const MAX_PAGE_RULES = 10_000;

/** The right of a webpage access control rule. */
export type PageRight = (typeof PAGE_RIGHTS)[number];
/** The scope of a webpage access control rule. */
export type PageRuleScope = (typeof PAGE_RULE_SCOPES)[number];
/** The kind of a node of the page tree. */
export type PageKind = (typeof PAGE_KINDS)[number];

/** A node of the site's page tree (a web page or a web file); ids are compared as they are written. */
export const pageSchema = z.strictObject({
  id: nameSchema,
  /** The page this one is under; absent for a top-level page (the home page and its siblings). */
  parent: nameSchema.optional(),
  title: z.string().optional(),
  /** `webFile` for a file attached to its parent page; `page` by default. */
  kind: z.enum(PAGE_KINDS).optional(),
});

/** A webpage access control rule: a right on a page and everything below it, for the listed web roles. */
export const pageRuleSchema = z.strictObject({
  name: nameSchema,
  /** The page the rule is attached to; it covers that page and its whole branch. */
  page: nameSchema,
  right: z.enum(PAGE_RIGHTS),
  /** The roles the rule is for: who may read a restricted branch, or who may edit a branch. */
  webRoles: z.array(nameSchema).min(1, {
    message:
      'list at least one web role: a rule with none would either hide the branch from everyone or do nothing',
  }),
  /** `excludeDirectChildFiles`: the web files directly under the page are not covered (their own children are). */
  scope: z.enum(PAGE_RULE_SCOPES).optional(),
});

/** A page as written in a policy. */
export type PageInput = z.input<typeof pageSchema>;
/** A validated page. */
export type Page = Readonly<z.output<typeof pageSchema>>;
/** A webpage access control rule as written in a policy. */
export type PageRuleInput = z.input<typeof pageRuleSchema>;
/** A validated webpage access control rule. */
export type PageRule = Readonly<z.output<typeof pageRuleSchema>>;

/** How many pages of a page cycle its issue names; the rest are counted. */
const MAX_CYCLE_PAGES_SHOWN = 10;

/**
 * Cross-checks of the page tree and its access control rules: bounded sizes, unique page ids and rule names,
 * known parents, pages and web roles (with a did-you-mean), no cycle (one issue per cycle, of bounded size),
 * rules only on web pages, and never for the Anonymous users role.
 */
export function checkPages(
  pages: readonly Page[],
  rules: readonly PageRule[],
  webRoles: readonly WebRole[],
): Issue[] {
  const issues: Issue[] = [];
  if (pages.length > MAX_PAGES) {
    issues.push({
      code: 'too_many_pages',
      path: ['pages'],
      message: `the policy declares ${pages.length} pages; at most ${MAX_PAGES} are supported, so split the site`,
    });
  }
  if (rules.length > MAX_PAGE_RULES) {
    issues.push({
      code: 'too_many_page_rules',
      path: ['pageRules'],
      message: `the policy declares ${rules.length} page rules; at most ${MAX_PAGE_RULES} are supported, so put shared rules on a common parent page`,
    });
  }
  if (issues.length > 0) return issues;

  const byId = new Map<string, Page>();
  pages.forEach((page, index) => {
    if (byId.has(page.id)) {
      issues.push({
        code: 'duplicate_page',
        path: ['pages', index, 'id'],
        message: `page "${page.id}" is defined twice; give each page a unique id`,
      });
    } else byId.set(page.id, page);
  });
  const pageIds = [...byId.keys()];
  pages.forEach((page, index) => {
    if (page.parent === undefined || byId.has(page.parent)) return;
    issues.push({
      code: 'unknown_page',
      path: ['pages', index, 'parent'],
      message: `parent page "${page.parent}" is not defined under "pages" (${didYouMean(page.parent, pageIds)})`,
    });
  });
  for (const { loop, firstIndex } of parentCycles(pages, byId)) {
    issues.push({
      code: 'page_cycle',
      path: ['pages', firstIndex, 'parent'],
      message: `pages ${describeLoop(loop, MAX_CYCLE_PAGES_SHOWN, 'pages')} form a cycle; a page cannot be below itself, so change one of their parents`,
    });
  }

  const roles = new Map(webRoles.map((role) => [role.name, role]));
  const roleNames = [...roles.keys()];
  const ruleNames = new Set<string>();
  rules.forEach((rule, index) => {
    const at = (...rest: (string | number)[]) => ['pageRules', index, ...rest];
    if (ruleNames.has(rule.name)) {
      issues.push({
        code: 'duplicate_page_rule',
        path: at('name'),
        message: `page rule "${rule.name}" is defined twice; give each rule a unique name`,
      });
    }
    ruleNames.add(rule.name);
    const target = byId.get(rule.page);
    if (target === undefined) {
      issues.push({
        code: 'unknown_page',
        path: at('page'),
        message: `page "${rule.page}" is not defined under "pages" (${didYouMean(rule.page, pageIds)})`,
      });
    } else if (target.kind === 'webFile') {
      issues.push({
        code: 'page_rule_on_web_file',
        path: at('page'),
        message: `"${rule.page}" is a web file; attach the rule to its page ("${target.parent ?? '(none)'}"), which covers the files below it`,
      });
    }
    rule.webRoles.forEach((name, position) => {
      const role = roles.get(name);
      if (role === undefined) {
        issues.push({
          code: 'unknown_web_role',
          path: at('webRoles', position),
          message: `web role "${name}" is not defined under "webRoles" (${didYouMean(name, roleNames)})`,
        });
      } else if (role.anonymousUsers) {
        issues.push({
          code: 'anonymous_role_in_page_rule',
          path: at('webRoles', position),
          message: `web role "${name}" is the Anonymous users role, which a page rule cannot name: a page without a restrict-read rule is already public, and anonymous visitors never edit content; remove it`,
        });
      }
    });
  });
  return issues;
}

/** Per page, what the page tree says once for every principal: positions, parents, rules. */
export interface PageTree {
  /** Pages in an order where every parent comes before its children. */
  readonly order: readonly Page[];
  readonly byId: ReadonlyMap<string, Page>;
  /** The rules attached to each page, in policy order. */
  readonly rulesOn: ReadonlyMap<string, readonly PageRule[]>;
}

const trees = new WeakMap<readonly Page[], PageTree>();

/** The page tree of a validated policy (no cycle, known parents), computed once per page list. */
export function pageTreeOf(pages: readonly Page[], rules: readonly PageRule[]): PageTree {
  const known = trees.get(pages);
  if (known) return known;
  const byId = new Map(pages.map((page) => [page.id, page] as const));
  const children = new Map<string, Page[]>();
  const order: Page[] = [];
  for (const page of pages) {
    if (page.parent === undefined) order.push(page);
    else {
      const list = children.get(page.parent) ?? [];
      list.push(page);
      children.set(page.parent, list);
    }
  }
  // Breadth first, without recursion: a chain of 10,000 pages must not overflow the stack.
  for (let position = 0; position < order.length; position++) {
    for (const child of children.get(order[position]!.id) ?? []) order.push(child);
  }
  const rulesOn = new Map<string, PageRule[]>();
  for (const rule of rules) {
    const list = rulesOn.get(rule.page) ?? [];
    list.push(rule);
    rulesOn.set(rule.page, list);
  }
  const tree: PageTree = { order, byId, rulesOn };
  trees.set(pages, tree);
  return tree;
}

/**
 * Whether `rule`, attached to an ancestor-or-self of `page`, covers `page`: every rule covers its branch,
 * except that `excludeDirectChildFiles` leaves out the web files directly under the rule's page.
 */
export function ruleCovers(rule: PageRule, page: Page): boolean {
  return !(rule.scope === 'excludeDirectChildFiles' && page.kind === 'webFile' && page.parent === rule.page);
}

/** The rules covering a page, nearest page first (the page's own, then its parent's…), for explanations. */
export function rulesCovering(tree: PageTree, pageId: string): PageRule[] {
  const page = tree.byId.get(pageId);
  if (page === undefined) return [];
  const covering: PageRule[] = [];
  const seen = new Set<string>();
  for (let at: Page | undefined = page; at !== undefined && !seen.has(at.id); ) {
    seen.add(at.id);
    for (const rule of tree.rulesOn.get(at.id) ?? []) if (ruleCovers(rule, page)) covering.push(rule);
    at = at.parent === undefined ? undefined : tree.byId.get(at.parent);
  }
  return covering;
}

/**
 * The subject type of pages in an ability: it has a space, so no table (an identifier) can share it, and
 * table permissions never reach a page.
 */
export const PAGE_SUBJECT = 'web page';

/** The actions webpage access control rules answer: read a page (restrict read), edit its content (grant change). */
export const PAGE_ACTIONS = ['view', 'change'] as const;

/** An action on a page. */
export type PageAction = (typeof PAGE_ACTIONS)[number];

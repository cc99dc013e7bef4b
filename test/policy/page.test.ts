import { describe, expect, it } from 'vitest';
import { definePolicy, type PolicyInput, type PolicyValidationError } from '../../src/index.js';
import { MAX_PAGES } from '../../src/policy/page.js';

const webRoles = [
  { name: 'Anonymous users', anonymousUsers: true },
  { name: 'Authenticated users', authenticatedUsers: true },
  { name: 'Customer' },
];

const issuesOf = (input: Partial<PolicyInput>): { code: string; path: string; message: string }[] => {
  try {
    definePolicy({ tables: {}, webRoles, ...input } as PolicyInput);
  } catch (error) {
    return (error as PolicyValidationError).issues.map((issue) => ({
      code: issue.code,
      path: issue.path.join('.'),
      message: issue.message,
    }));
  }
  return [];
};

describe('the page tree and webpage access control rules', () => {
  it('a valid site with rules keeps its pages and rules on the policy', () => {
    const policy = definePolicy({
      tables: {},
      webRoles,
      pages: [{ id: 'home' }, { id: 'orders', parent: 'home', title: 'Orders' }],
      pageRules: [{ name: 'Customers only', page: 'orders', right: 'restrictRead', webRoles: ['Customer'] }],
    });
    expect(policy.pages.map((page) => page.id)).toEqual(['home', 'orders']);
    expect(policy.pageRules[0]!.name).toBe('Customers only');
  });

  it('an unknown parent, page or web role is refused at its JSON path with a did-you-mean', () => {
    expect(
      issuesOf({
        pages: [{ id: 'home' }, { id: 'orders', parent: 'hom' }],
        pageRules: [{ name: 'R', page: 'order', right: 'restrictRead', webRoles: ['Customr'] }],
      }),
    ).toEqual([
      {
        code: 'unknown_page',
        path: 'pages.1.parent',
        message: 'parent page "hom" is not defined under "pages" (did you mean "home"?)',
      },
      {
        code: 'unknown_page',
        path: 'pageRules.0.page',
        message: 'page "order" is not defined under "pages" (did you mean "orders"?)',
      },
      {
        code: 'unknown_web_role',
        path: 'pageRules.0.webRoles.0',
        message: 'web role "Customr" is not defined under "webRoles" (did you mean "Customer"?)',
      },
    ]);
  });

  it('duplicate page ids and rule names are refused', () => {
    const codes = issuesOf({
      pages: [{ id: 'home' }, { id: 'home' }],
      pageRules: [
        { name: 'R', page: 'home', right: 'grantChange', webRoles: ['Customer'] },
        { name: 'R', page: 'home', right: 'restrictRead', webRoles: ['Customer'] },
      ],
    }).map((issue) => `${issue.code} at ${issue.path}`);
    expect(codes).toEqual(['duplicate_page at pages.1.id', 'duplicate_page_rule at pageRules.1.name']);
  });

  it('a cycle is reported once, at its first page, and a self-parent too', () => {
    const issues = issuesOf({
      pages: [{ id: 'home' }, { id: 'a', parent: 'b' }, { id: 'b', parent: 'a' }, { id: 'c', parent: 'c' }],
    });
    expect(issues.map((issue) => `${issue.code} at ${issue.path}`)).toEqual([
      'page_cycle at pages.1.parent',
      'page_cycle at pages.3.parent',
    ]);
    expect(issues[0]!.message).toBe(
      'pages "a" → "b" → "a" form a cycle; a page cannot be below itself, so change one of their parents',
    );
  });

  it('a cycle of 5,000 pages costs one bounded message', () => {
    const size = 5_000;
    const pages = Array.from({ length: size }, (_, i) => ({ id: `p${i}`, parent: `p${(i + 1) % size}` }));
    const issues = issuesOf({ pages });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('(5000 pages in all)');
    expect(issues[0]!.message.length).toBeLessThan(300);
  });

  it('more pages than the bound are refused before any other check', () => {
    const pages = Array.from({ length: MAX_PAGES + 1 }, (_, i) => ({ id: `p${i}`, parent: 'nowhere' }));
    expect(issuesOf({ pages }).map((issue) => issue.code)).toEqual(['too_many_pages']);
  });

  it('a rule naming the Anonymous users role, or attached to a web file, is refused', () => {
    const codes = issuesOf({
      pages: [{ id: 'home' }, { id: 'logo', parent: 'home', kind: 'webFile' }],
      pageRules: [
        { name: 'A', page: 'home', right: 'restrictRead', webRoles: ['Anonymous users'] },
        { name: 'B', page: 'logo', right: 'restrictRead', webRoles: ['Customer'] },
      ],
    }).map((issue) => `${issue.code} at ${issue.path}`);
    expect(codes).toEqual([
      'anonymous_role_in_page_rule at pageRules.0.webRoles.0',
      'page_rule_on_web_file at pageRules.1.page',
    ]);
  });

  it('a rule with no web role, an unknown right or scope is refused by the schema', () => {
    const codes = issuesOf({
      pages: [{ id: 'home' }],
      pageRules: [
        { name: 'A', page: 'home', right: 'restrictRead', webRoles: [] },
        { name: 'B', page: 'home', right: 'read' as never, webRoles: ['Customer'], scope: 'all' as never },
      ],
    }).map((issue) => issue.path);
    expect(codes).toEqual(['pageRules.0.webRoles', 'pageRules.1.right', 'pageRules.1.scope']);
  });
});

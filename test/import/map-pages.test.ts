import { describe, expect, it } from 'vitest';
import { importPowerPagesSite } from '../../src/import/import-site.js';
import { abilityFor, definePolicy, page } from '../../src/index.js';

const ROLES = {
  'web-roles/a.webrole.yml': 'id: r-auth\nname: Authenticated Users\nauthenticatedusersrole: true\n',
  'web-roles/b.webrole.yml': 'id: r-anon\nname: Anonymous Users\nanonymoususersrole: true\n',
  'web-roles/c.webrole.yml': 'id: r-member\nname: Member\n',
};
const pageFile = (id: string, parent?: string) =>
  `id: ${id}\nname: ${id}\n${parent === undefined ? '' : `parentpageid: ${parent}\n`}`;
const rule = (id: string, pageId: string, right: number, roles: string[], extra = '') =>
  `id: ${id}\nname: ${id}\nwebpageid: ${pageId}\nright: ${right}\n${extra}webpageaccesscontrolrule_webrole:\n${roles.map((role) => `- ${role}`).join('\n')}\n`;

async function setup(files: Record<string, string>) {
  const { policy, report } = await importPowerPagesSite({ files: { ...ROLES, ...files } });
  const portal = definePolicy(policy);
  return { policy, report, visitor: abilityFor(portal, { kind: 'anonymous' }) };
}

describe('mapping the page tree and its rules, failing closed', () => {
  it('a restrict-read rule whose roles cannot be mapped leaves its branch out, so the branch is denied, not opened', async () => {
    const { policy, report, visitor } = await setup({
      'web-pages/home.webpage.yml': pageFile('home'),
      'web-pages/members.webpage.yml': pageFile('members', 'home'),
      'web-pages/inner.webpage.yml': pageFile('inner', 'members'),
      'webpage-rules/r.webpagerule.yml': rule('members-only', 'members', 2, ['no-such-role']),
    });
    expect(policy.pages?.map((entry) => entry.id)).toEqual(['home']);
    expect(visitor.can('view', page('home'))).toBe(true);
    expect(visitor.can('view', page('members'))).toBe(false);
    expect(visitor.can('view', page('inner'))).toBe(false);
    expect(report.skipped.find((entry) => entry.kind === 'pageRule')?.reason).toBe('no_roles');
  });

  it('a restrict-read rule with an unknown right value also closes its branch', async () => {
    const { policy } = await setup({
      'web-pages/home.webpage.yml': pageFile('home'),
      'webpage-rules/r.webpagerule.yml': rule('odd', 'home', 7, ['r-member']),
    });
    expect(policy.pages ?? []).toEqual([]);
  });

  it('a grant-change rule that cannot be mapped is left out and the pages stay', async () => {
    const { policy, report } = await setup({
      'web-pages/home.webpage.yml': pageFile('home'),
      'webpage-rules/r.webpagerule.yml': rule('editors', 'home', 1, ['no-such-role']),
    });
    expect(policy.pages).toEqual([{ id: 'home', title: 'home' }]);
    expect(policy.pageRules).toBeUndefined();
    expect(report.skipped.map((entry) => entry.reason)).toEqual(['no_roles']);
  });

  it('a page whose parent is missing, or in a cycle, is left out with its branch rather than losing the rules above it', async () => {
    const { policy, report } = await setup({
      'web-pages/orphan.webpage.yml': pageFile('orphan', 'gone'),
      'web-pages/below.webpage.yml': pageFile('below', 'orphan'),
      'web-pages/x.webpage.yml': pageFile('x', 'y'),
      'web-pages/y.webpage.yml': pageFile('y', 'x'),
      'web-pages/home.webpage.yml': pageFile('home'),
    });
    expect(policy.pages?.map((entry) => entry.id)).toEqual(['home']);
    expect(
      report.skipped
        .filter((entry) => entry.reason === 'no_page')
        .map((entry) => entry.name)
        .sort(),
    ).toEqual(['below', 'orphan', 'x', 'y']);
  });

  it('the Anonymous users role is dropped from a rule, which then lists only the roles it may', async () => {
    const { policy, report } = await setup({
      'web-pages/home.webpage.yml': pageFile('home'),
      'webpage-rules/r.webpagerule.yml': rule('members', 'home', 2, ['r-anon', 'r-member'], 'scope: 2\n'),
    });
    expect(policy.pageRules).toEqual([
      {
        name: 'members',
        page: 'home',
        right: 'restrictRead',
        webRoles: ['Member'],
        scope: 'excludeDirectChildFiles',
      },
    ]);
    expect(report.notes.map((note) => note.name)).toEqual(['members']);
  });

  it('an inactive rule is left out: the engine ignores it', async () => {
    const { policy } = await setup({
      'web-pages/home.webpage.yml': pageFile('home'),
      'webpage-rules/r.webpagerule.yml': rule('old', 'home', 2, ['r-member'], 'statecode: 1\n'),
    });
    expect(policy.pages).toEqual([{ id: 'home', title: 'home' }]);
    expect(policy.pageRules).toBeUndefined();
  });

  it('a page id written twice leaves both copies and their branch out, never the first one read outside a restriction', async () => {
    const { policy, report, visitor } = await setup({
      'web-pages/home.webpage.yml': pageFile('home'),
      'web-pages/secret.webpage.yml': pageFile('secret', 'home'),
      'web-pages/a-x.webpage.yml': pageFile('x', 'home'),
      'web-pages/z-x.webpage.yml': pageFile('x', 'secret'),
      'web-pages/y.webpage.yml': pageFile('y', 'x'),
      'rules/r.webpagerule.yml': rule('Members only', 'secret', 2, ['r-member']),
    });
    expect(policy.pages?.map(({ id }) => id)).toEqual(['home', 'secret']);
    expect(visitor.can('view', page('x'))).toBe(false);
    expect(visitor.can('view', page('y'))).toBe(false);
    expect(report.skipped.map(({ name, reason }) => [name, reason])).toEqual([
      ['x', 'duplicate_id'],
      ['x', 'duplicate_id'],
      ['y', 'no_page'],
    ]);
  });
});

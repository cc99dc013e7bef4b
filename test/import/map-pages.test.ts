import { describe, expect, it } from 'vitest';
import { ReportBuilder } from '../../src/import/import-report.js';
import { importPowerPagesSite } from '../../src/import/import-site.js';
import { mapPages } from '../../src/import/map-pages.js';
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

describe('mapping pages record by record', () => {
  type Fields = Record<string, unknown>;
  const node = (fields: Fields, kind: 'page' | 'webFile' = 'page') => ({
    kind,
    file: `${kind}/${String(fields.id ?? fields.name ?? 'x')}.yml`,
    fields,
  });
  const ruleRecord = (fields: Fields) => ({ kind: 'pageRule' as const, file: 'rules.yml', fields });
  const roleNames = new Map([
    ['r-member', 'Member'],
    ['r-anon', 'Anonymous Users'],
  ]);
  function map(pages: ReturnType<typeof node>[], rules: Fields[] = []) {
    const report = new ReportBuilder();
    const mapped = mapPages(pages, rules.map(ruleRecord), roleNames, 'Anonymous Users', report);
    const skipped = report.skipped.map(({ kind, name, reason, message }) => [kind, name, reason, message]);
    const notes = report.notes.map(({ name, message }) => [name, message]);
    return { ...mapped, skipped, notes, mapped: report.mapped.map(({ kind, name }) => [kind, name]) };
  }
  const member = (id: string, page: string, right: number, fields: Fields = {}) => ({
    id,
    name: id,
    webpageid: page,
    right,
    webpageaccesscontrolrule_webrole: ['r-member'],
    ...fields,
  });

  it('a web file keeps its kind under its page; read by the standard model ids too; absent parts are not written', () => {
    const { pages, mapped } = map([
      node({ adx_webpageid: 'Home', adx_name: 'Home' }),
      node({ adx_webfileid: 'Logo', adx_name: 'logo.png', adx_parentpageid: 'HOME' }, 'webFile'),
      node({ id: 'untitled', parentpageid: 'home' }),
    ]);
    expect(pages).toStrictEqual([
      { id: 'home', title: 'Home' },
      { id: 'logo', parent: 'home', title: 'logo.png', kind: 'webFile' },
      { id: 'untitled', parent: 'home' },
    ]);
    expect(mapped).toEqual([
      ['page', 'Home'],
      ['webFile', 'logo.png'],
      ['page', 'untitled'],
    ]);
  });

  it('a page or web file without a usable id is left out and reported by name', () => {
    const { pages, skipped } = map([
      node({ name: 'No id' }),
      node({ id: '__proto__', name: 'Proto' }),
      node({}, 'webFile'),
    ]);
    expect(pages).toEqual([]);
    expect(skipped).toEqual([
      ['page', 'No id', 'missing_id', 'the record has no usable id'],
      ['page', 'Proto', 'missing_id', 'the record has no usable id'],
      ['webFile', '(unnamed)', 'missing_id', 'the record has no usable id'],
    ]);
  });

  it('a language content page folds into its root page: its children and rules hang under the root', () => {
    const { pages, pageRules, notes } = map(
      [
        node({ id: 'home', name: 'Home', rootwebpageid: 'home' }),
        node({ id: 'home-fr', name: 'Accueil', rootwebpageid: 'HOME' }),
        node({ id: 'news', name: 'News', parentpageid: 'home-fr' }),
        node({ id: 'file', name: 'File', parentpageid: 'home-fr', rootwebpageid: 'news' }, 'webFile'),
      ],
      [member('fr-only', 'home-fr', 2)],
    );
    expect(pages).toEqual([
      { id: 'home', title: 'Home' },
      { id: 'news', parent: 'home', title: 'News' },
      { id: 'file', parent: 'home', title: 'File', kind: 'webFile' },
    ]);
    expect(pageRules).toEqual([
      { name: 'fr-only', page: 'home', right: 'restrictRead', webRoles: ['Member'] },
    ]);
    expect(notes).toEqual([['Accueil', 'a language content page: it folds into its root page home']]);
  });

  it('an inactive page is left out, and the pages below it with it (denied)', () => {
    const { pages, skipped } = map([
      node({ id: 'home', name: 'Home' }),
      node({ id: 'old', name: 'Old', parentpageid: 'home', statecode: 1 }),
      node({ id: 'below', name: 'Below', parentpageid: 'old' }),
    ]);
    expect(pages).toEqual([{ id: 'home', title: 'Home' }]);
    expect(skipped).toEqual([
      ['page', 'Old', 'inactive', 'the record is inactive (statecode 1); it is left out, so it is denied'],
      [
        'page',
        'Below',
        'no_page',
        'its parent page old is not in the site; it is left out (denied) rather than losing the rules above it',
      ],
    ]);
  });

  it('a broken ancestry says why: a cycle, a web file as parent, a page above left out', () => {
    const { pages, skipped } = map([
      node({ id: 'a', name: 'A', parentpageid: 'b' }),
      node({ id: 'b', name: 'B', parentpageid: 'a' }),
      node({ id: 'f', name: 'F' }, 'webFile'),
      node({ id: 'under-file', name: 'Under file', parentpageid: 'f' }),
      node({ id: 'below', name: 'Below', parentpageid: 'under-file' }),
      node({ id: 'later', name: 'Later', parentpageid: 'below' }),
    ]);
    const tail = '; it is left out (denied) rather than losing the rules above it';
    expect(pages).toEqual([{ id: 'f', title: 'F', kind: 'webFile' }]);
    expect(skipped).toEqual([
      ['page', 'A', 'no_page', `its parent pages form a cycle${tail}`],
      ['page', 'B', 'no_page', `its parent pages form a cycle${tail}`],
      ['page', 'Under file', 'no_page', `its parent f is a web file${tail}`],
      ['page', 'Below', 'no_page', `a page above it was left out${tail}`],
      ['page', 'Later', 'no_page', `a page above it was left out${tail}`],
    ]);
  });

  it('a page below a page already left out is left out too, named as such', () => {
    const { skipped } = map([
      node({ id: 'orphan', name: 'Orphan', parentpageid: 'gone' }),
      node({ id: 'child', name: 'Child', parentpageid: 'orphan' }),
    ]);
    expect(skipped.map(([, name, , message]) => [name, message])).toEqual([
      [
        'Orphan',
        'its parent page gone is not in the site; it is left out (denied) rather than losing the rules above it',
      ],
      [
        'Child',
        'a page above it was left out; it is left out (denied) rather than losing the rules above it',
      ],
    ]);
  });

  it('an id written three times leaves every copy out, never the third one read', () => {
    const { pages, skipped } = map([
      node({ id: 'x', name: 'One' }),
      node({ id: 'X', name: 'Two' }),
      node({ id: 'x', name: 'Three' }),
    ]);
    expect(pages).toEqual([]);
    expect(skipped.map(([, name, reason, message]) => [name, reason, message])).toEqual([
      ['One', 'duplicate_id', 'another page or web file has id x too; both are left out (denied)'],
      ['Two', 'duplicate_id', 'another page or web file has id x too; both are left out (denied)'],
      ['Three', 'duplicate_id', 'another page or web file has id x too; both are left out (denied)'],
    ]);
  });

  it('a rule on a web file, a missing page or a broken page is left out and closes nothing', () => {
    const { pages, pageRules, skipped } = map(
      [
        node({ id: 'home', name: 'Home' }),
        node({ id: 'f', name: 'F', parentpageid: 'home' }, 'webFile'),
        node({ id: 'orphan', name: 'Orphan', parentpageid: 'gone' }),
      ],
      [
        member('on-file', 'f', 2),
        member('on-nothing', 'nowhere', 2),
        member('no-page', 'orphan', 2),
        { id: 'bare', name: 'bare', right: 2 },
      ],
    );
    expect(pages.map(({ id }) => id)).toEqual(['home', 'f']);
    expect(pageRules).toEqual([]);
    expect(skipped.filter(([kind]) => kind === 'pageRule')).toEqual([
      ['pageRule', 'on-file', 'no_page', 'its page f is not a web page of the site'],
      ['pageRule', 'on-nothing', 'no_page', 'its page nowhere is not a web page of the site'],
      ['pageRule', 'no-page', 'no_page', 'its page orphan is not a web page of the site'],
      ['pageRule', 'bare', 'no_page', 'its page (none) is not a web page of the site'],
    ]);
  });

  it('a restrict-read rule with an unknown right, an unknown scope or no usable name closes its branch and says so', () => {
    const { pages, pageRules, skipped } = map(
      [
        node({ id: 'a', name: 'A' }),
        node({ id: 'b', name: 'B' }),
        node({ id: 'c', name: 'C' }),
        node({ id: 'c1', name: 'C1', parentpageid: 'c' }),
        node({ id: 'd', name: 'D' }),
        node({ id: 'e', name: 'E' }),
      ],
      [
        member('odd-right', 'a', 3),
        { ...member('no-right', 'b', 2), right: undefined },
        member('odd-scope', 'c', 2, { scope: 3 }),
        member('__proto__', 'd', 2),
        member('editors', 'e', 1, { scope: 3 }),
      ],
    );
    expect(pages).toEqual([{ id: 'e', title: 'E' }]);
    expect(pageRules).toEqual([]);
    expect(skipped.filter(([kind]) => kind === 'pageRule')).toEqual([
      [
        'pageRule',
        'odd-right',
        'unknown_right',
        'right 3 is neither 1 (grant change) nor 2 (restrict read); page a and its branch are left out, so they are denied',
      ],
      [
        'pageRule',
        'no-right',
        'unknown_right',
        'right (none) is neither 1 (grant change) nor 2 (restrict read); page b and its branch are left out, so they are denied',
      ],
      [
        'pageRule',
        'odd-scope',
        'unknown_scope',
        'scope 3 is neither 1 (all content) nor 2 (exclude direct child files); page c and its branch are left out, so they are denied',
      ],
      [
        'pageRule',
        '__proto__',
        'missing_name',
        'the rule has no usable name; page d and its branch are left out, so they are denied',
      ],
      [
        'pageRule',
        'editors',
        'unknown_scope',
        'scope 3 is neither 1 (all content) nor 2 (exclude direct child files)',
      ],
    ]);
    expect(
      skipped.filter(([kind]) => kind === 'page').map(([, name, reason, message]) => [name, reason, message]),
    ).toEqual(
      ['A', 'B', 'C', 'C1', 'D'].map((name) => [
        name,
        'no_page',
        'a restrict-read rule above it could not be mapped, so it is left out (denied)',
      ]),
    );
  });

  it('a rule with only the Anonymous users role lists no role it may, and closes its branch', () => {
    const { pages, skipped, notes } = map(
      [node({ id: 'home', name: 'Home' })],
      [{ ...member('anon', 'home', 2), webpageaccesscontrolrule_webrole: ['r-anon'] }],
    );
    expect(pages).toEqual([]);
    expect(skipped[0]).toEqual([
      'pageRule',
      'anon',
      'no_roles',
      'it lists no mapped web role (the Anonymous users role cannot be listed); page home and its branch are left out, so they are denied',
    ]);
    expect(notes).toEqual([]);
  });

  it('the Anonymous users role dropped from a rule is noted by name; a rule without a name is named by its id', () => {
    const { pageRules, notes } = map(
      [node({ id: 'home', name: 'Home' })],
      [
        {
          id: 'R-1',
          webpageid: 'home',
          right: 1,
          scope: 1,
          webpageaccesscontrolrule_webrole: ['r-anon', 'r-member', 'R-MEMBER'],
        },
      ],
    );
    // Scope 1 (all content) is the default, so it is not written.
    expect(pageRules).toStrictEqual([
      { name: 'r-1', page: 'home', right: 'grantChange', webRoles: ['Member'] },
    ]);
    expect(notes).toEqual([
      ['r-1', 'the Anonymous users role "Anonymous Users" is dropped: a page rule cannot list it'],
    ]);
  });

  it('a second rule of one name is renamed with its id, or its place when it has none, and noted', () => {
    const { pageRules, notes } = map(
      [node({ id: 'home', name: 'Home' })],
      [
        member('r1', 'home', 1, { name: 'Editors' }),
        member('r2', 'home', 1, { name: 'Editors' }),
        { ...member('r3', 'home', 1, { name: 'Editors' }), id: undefined },
      ],
    );
    expect(pageRules.map(({ name }) => name)).toEqual(['Editors', 'Editors [r2]', 'Editors [2]']);
    expect(notes).toEqual([
      ['Editors', 'another rule is already called "Editors"; this one is named "Editors [r2]"'],
      ['Editors', 'another rule is already called "Editors"; this one is named "Editors [2]"'],
    ]);
  });

  it('a mapped rule on a page that another rule closed is dropped with the page', () => {
    const { pages, pageRules } = map(
      [node({ id: 'home', name: 'Home' }), node({ id: 'inner', name: 'Inner', parentpageid: 'home' })],
      [
        member('broken', 'home', 2, { webpageaccesscontrolrule_webrole: ['r-gone'] }),
        member('fine', 'inner', 2),
      ],
    );
    expect(pages).toEqual([]);
    expect(pageRules).toEqual([]);
  });

  it('a web file listed before the page below it stays mapped: only the page under it is left out', () => {
    const { pages, skipped } = map([
      node({ id: 'under-file', name: 'Under file', parentpageid: 'f' }),
      node({ id: 'f', name: 'F' }, 'webFile'),
    ]);
    expect(pages).toEqual([{ id: 'f', title: 'F', kind: 'webFile' }]);
    expect(skipped.map(([, name]) => name)).toEqual(['Under file']);
  });

  it('an inactive rule, and a rule with neither name nor id, are reported; a standard-model rule is named by its id', () => {
    const { pageRules, skipped } = map(
      [node({ id: 'home', name: 'Home' })],
      [
        member('old', 'home', 2, { statecode: 1 }),
        { webpageid: 'home', right: 1, webpageaccesscontrolrule_webrole: ['r-member'] },
        {
          adx_webpageaccesscontrolruleid: 'Std-1',
          adx_webpageid: 'home',
          adx_right: 1,
          adx_webpageaccesscontrolrule_webrole: ['r-member'],
        },
      ],
    );
    expect(pageRules).toEqual([{ name: 'std-1', page: 'home', right: 'grantChange', webRoles: ['Member'] }]);
    expect(skipped).toEqual([
      ['pageRule', 'old', 'inactive', 'the rule is inactive (statecode 1); the engine ignores it'],
      ['pageRule', '(unnamed)', 'missing_name', 'the rule has no usable name'],
    ]);
  });
});

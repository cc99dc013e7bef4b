import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../src/import/import-error.js';
import { checkImportedPolicy, importPowerPagesSite } from '../../src/import/import-site.js';
import { abilityFor, definePolicy, PolicyValidationError, page, subject } from '../../src/index.js';

const SITE = fileURLToPath(new URL('../fixtures/import/enhanced-site', import.meta.url));
/** A trimmed real download (MIT, see its SOURCE.md). */
const REAL_SITE = fileURLToPath(new URL('../fixtures/import/adaptivecards-site', import.meta.url));
const AUTHENTICATED = '11111111-1111-4111-8111-111111111111';
const CUSTOMER_ADMIN = '33333333-3333-4333-8333-333333333333';

async function setup(options: Parameters<typeof importPowerPagesSite>[1] = {}) {
  const { policy, report } = await importPowerPagesSite(SITE, options);
  const portal = definePolicy(policy);
  const contact = (webRoles: string[]) =>
    abilityFor(portal, { kind: 'contact', id: 'jane', accountId: 'acme', webRoles });
  const visitor = () => abilityFor(portal, { kind: 'anonymous' });
  return { policy, report, contact, visitor };
}

describe('importing an enhanced-model site download', () => {
  it("a signed-in contact reads the orders naming them and not a colleague's", async () => {
    const { contact } = await setup();
    const jane = contact(['Authenticated Users']);
    expect(jane.can('read', subject('salesorder', { salesorderid: 'o1', customerid: 'jane' }))).toBe(true);
    expect(jane.can('read', subject('salesorder', { salesorderid: 'o2', customerid: 'bob' }))).toBe(false);
  });

  it('a customer admin reads the orders of the company, and their lines through the parent chain', async () => {
    const { contact } = await setup();
    const admin = contact(['Customer Admin']);
    expect(admin.can('read', subject('salesorder', { salesorderid: 'o3', customerid: 'acme' }))).toBe(true);
    const line = {
      salesorderdetailid: 'l1',
      salesorderid: 'o3',
      salesorder: { salesorderid: 'o3', customerid: 'acme' },
    };
    expect(admin.can('read', subject('salesorderdetail', line))).toBe(true);
    const foreign = {
      salesorderdetailid: 'l2',
      salesorderid: 'o4',
      salesorder: { salesorderid: 'o4', customerid: 'globex' },
    };
    expect(admin.can('read', subject('salesorderdetail', foreign))).toBe(false);
  });

  it("a child permission with no roles of its own works for its chain's roles, and says so when its own differ", async () => {
    const { policy, report } = await setup();
    const lines = policy.tablePermissions?.find((permission) => permission.name === 'Order lines');
    expect(lines).toMatchObject({ scope: 'parent', parent: 'Company orders', webRoles: ['Customer Admin'] });
    const notes = policy.tablePermissions?.find((permission) => permission.name === 'Order notes');
    expect(notes?.webRoles).toEqual(['Authenticated Users']);
    expect(report.notes.map((note) => note.name)).toContain('Order notes');
  });

  it('write without read stays write, and only true flags grant', async () => {
    const { policy } = await setup();
    const self = policy.tablePermissions?.find((permission) => permission.name === 'Contact self');
    expect(self?.privileges).toEqual(['read', 'write', 'appendTo']);
  });

  it('an inactive permission and an unresolved relationship are left out and reported with their files', async () => {
    const { policy, report } = await setup();
    const names = policy.tablePermissions?.map((permission) => permission.name);
    expect(names).not.toContain('Old quotes');
    expect(names).not.toContain('Projects');
    expect(Object.keys(policy.tables)).not.toContain('cr123_project');
    expect(report.skipped.map(({ name, reason, file }) => ({ name, reason, file }))).toEqual([
      {
        name: 'Old quotes',
        reason: 'inactive',
        file: '.powerpages-site/table-permissions/Old-quotes.tablepermission.yml',
      },
      {
        name: 'Projects',
        reason: 'unresolved_relationship',
        file: '.powerpages-site/table-permissions/Projects.tablepermission.yml',
      },
    ]);
    expect(report.skipped[1]?.message).toContain(
      '"cr123_project_contact": { "table": "cr123_project", "column": "<lookup column>" }',
    );
  });

  it('an unknown option (a typo of strict) or a strict that is not a boolean is refused at its path, never ignored', async () => {
    for (const [options, path] of [
      [{ strcit: true }, ['strcit']],
      [{ strict: 'yes' }, ['strict']],
      [null, ['options']],
    ] as const) {
      await expect(
        importPowerPagesSite(SITE, options as never),
        JSON.stringify(options),
      ).rejects.toMatchObject({
        code: 'import_invalid_options',
        path,
      });
    }
    await expect(importPowerPagesSite(SITE, { strcit: true } as never)).rejects.toThrow(
      'unknown option "strcit"; the options are relationships, strict',
    );
    const { importDataverseSolution } = await import('../../src/import/import-solution.js');
    await expect(importDataverseSolution(SITE, { strcit: true } as never)).rejects.toMatchObject({
      code: 'import_invalid_options',
    });
  });

  it('an inherited strict or relationships option is not read', async () => {
    const options = Object.create({
      strict: true,
      relationships: { cr123_project_contact: { table: 'cr123_project', column: 'cr123_contactid' } },
    }) as Parameters<typeof importPowerPagesSite>[1];
    const { report } = await importPowerPagesSite(SITE, options);
    expect(report.relationships.map(({ origin }) => origin)).not.toContain('option');
  });

  it('a relationship mapped in options is used, and strict refuses an unresolved one', async () => {
    const { contact, report } = await setup({
      relationships: { cr123_project_contact: { table: 'cr123_project', column: 'cr123_contactid' } },
    });
    const jane = contact(['Authenticated Users']);
    expect(
      jane.can('read', subject('cr123_project', { cr123_projectid: 'p1', cr123_contactid: 'jane' })),
    ).toBe(true);
    expect(
      jane.can('read', subject('cr123_project', { cr123_projectid: 'p2', cr123_contactid: 'bob' })),
    ).toBe(false);
    expect(report.relationships).toContainEqual({
      name: 'cr123_project_contact',
      table: 'cr123_project',
      column: 'cr123_contactid',
      origin: 'option',
    });
    await expect(importPowerPagesSite(SITE, { strict: true })).rejects.toMatchObject({
      code: 'import_unresolved_relationship',
    });
    await expect(importPowerPagesSite(SITE, { strict: true })).rejects.toBeInstanceOf(ImportError);
    const resolved = await importPowerPagesSite(SITE, {
      strict: true,
      relationships: { cr123_project_contact: { table: 'cr123_project', column: 'cr123_contactid' } },
    });
    expect(resolved.policy.tablePermissions?.map(({ name }) => name)).toContain('Projects');
  });

  it('pages are keyed by web page id, a language content page folds into its root, and its rule follows', async () => {
    const { policy, contact, visitor: anonymous } = await setup();
    expect(policy.pages?.map((entry) => entry.id).sort()).toEqual([
      'b0000000-0000-4000-8000-000000000001',
      'b0000000-0000-4000-8000-000000000003',
      'd0000000-0000-4000-8000-000000000001',
    ]);
    expect(policy.pageRules).toContainEqual({
      name: 'Home editors',
      page: 'b0000000-0000-4000-8000-000000000001',
      right: 'grantChange',
      webRoles: ['Customer Admin'],
    });
    const visitor = anonymous();
    expect(visitor.can('view', page('b0000000-0000-4000-8000-000000000001'))).toBe(true);
    expect(visitor.can('view', page('b0000000-0000-4000-8000-000000000003'))).toBe(false);
    expect(visitor.can('view', page('d0000000-0000-4000-8000-000000000001'))).toBe(false);
    expect(contact(['Authenticated Users']).can('view', page('b0000000-0000-4000-8000-000000000003'))).toBe(
      true,
    );
    expect(contact(['Customer Admin']).can('change', page('b0000000-0000-4000-8000-000000000001'))).toBe(
      true,
    );
  });

  it('the same files given as { files } import to the same policy, whatever their order', async () => {
    const { policy } = await setup();
    const { readdirSync, readFileSync } = await import('node:fs');
    const files: Record<string, string> = {};
    for (const entry of readdirSync(SITE, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = `${entry.parentPath}/${entry.name}`;
      files[full.slice(SITE.length + 1)] = readFileSync(full, 'utf8');
    }
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect((await importPowerPagesSite({ files: reversed })).policy).toEqual(policy);
  });

  it('a source with no site record is an error that says what to pass', async () => {
    await expect(importPowerPagesSite({ files: { 'readme.json': '{}' } })).rejects.toMatchObject({
      code: 'import_nothing_found',
    });
  });

  it('a site of roles and global permissions imports to exactly them: no empty section, tables in name order, each record reported', async () => {
    const files = {
      'web-roles/b.webrole.yml': 'id: r2\nname: Zeta\n',
      'web-roles/a.webrole.yml': 'id: r1\nname: Alpha\nauthenticatedusersrole: true\n',
      'table-permissions/p.tablepermission.yml':
        'id: p\nentityname: Quotes\nentitylogicalname: quote\nscope: 756150000\nread: true\nentitypermission_webrole: [r1]\n',
      'table-permissions/q.tablepermission.yml':
        'id: q\nentityname: Accounts\nentitylogicalname: account\nscope: 756150000\nread: true\nentitypermission_webrole: [r2]\n',
    };
    const { policy, report } = await importPowerPagesSite({ files });
    expect(policy).toStrictEqual({
      tables: { account: { key: 'accountid' }, quote: { key: 'quoteid' } },
      webRoles: [{ name: 'Alpha', authenticatedUsers: true }, { name: 'Zeta' }],
      tablePermissions: [
        { name: 'Quotes', table: 'quote', scope: 'global', privileges: ['read'], webRoles: ['Alpha'] },
        { name: 'Accounts', table: 'account', scope: 'global', privileges: ['read'], webRoles: ['Zeta'] },
      ],
    });
    expect(Object.keys(policy.tables)).toEqual(['account', 'quote']);
    expect(report).toStrictEqual({
      forms: ['enhanced'],
      read: 4,
      mapped: [
        { kind: 'webRole', name: 'Alpha', file: 'web-roles/a.webrole.yml' },
        { kind: 'webRole', name: 'Zeta', file: 'web-roles/b.webrole.yml' },
        { kind: 'tablePermission', name: 'Quotes', file: 'table-permissions/p.tablepermission.yml' },
        { kind: 'tablePermission', name: 'Accounts', file: 'table-permissions/q.tablepermission.yml' },
      ],
      skipped: [],
      notes: [],
      skippedFiles: [],
      relationships: [],
    });
  });

  it('options that are not an object (a string, a number) are refused at the path options', async () => {
    for (const options of ['strict', 5]) {
      await expect(importPowerPagesSite(SITE, options as never), String(options)).rejects.toMatchObject({
        code: 'import_invalid_options',
        path: ['options'],
        message: 'options must be an object: { relationships?, strict? }',
      });
    }
  });

  it('strict says how many permissions it cannot resolve and names the first five, each with its file and the fix', async () => {
    const permission = (index: number) =>
      `id: p${index}\nentityname: Projects ${index}\nentitylogicalname: cr123_project\nscope: 756150001\nread: true\ncontactrelationship: cr123_project_contact\nentitypermission_webrole: [r]\n`;
    const files: Record<string, string> = { 'web-roles/a.webrole.yml': 'id: r\nname: Member\n' };
    for (let index = 1; index <= 6; index++)
      files[`table-permissions/p${index}.tablepermission.yml`] = permission(index);
    const error = await importPowerPagesSite({ files }, { strict: true }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'import_unresolved_relationship', path: [] });
    const message = (error as Error).message;
    expect(message).toMatch(
      /^6 table permission\(s\) name a relationship that cannot be resolved \(strict\): table permission "Projects 1" \(table-permissions\/p1\.tablepermission\.yml\): relationship "cr123_project_contact" is not in the solution's metadata nor in the standard table; map it in options\.relationships/,
    );
    expect(message.split('; table permission ').length).toBe(5);
    expect(message).toContain('"Projects 5"');
    expect(message).not.toContain('"Projects 6"');
  });

  it('an empty source says what to pass', async () => {
    await expect(importPowerPagesSite({ files: { 'readme.json': '{}' } })).rejects.toThrow(
      'no web role, table permission, web page or page rule was found; pass the folder pac pages download wrote (with .powerpages-site) or an unpacked solution',
    );
  });

  it('an imported policy that does not validate is refused at the path of the problem, its validation error kept as the cause', () => {
    let error: unknown;
    try {
      checkImportedPolicy({
        tables: {},
        tablePermissions: [{ name: 'x', table: 'nope', scope: 'global', privileges: ['read'] }],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: 'import_invalid_policy', path: ['tablePermissions', 0, 'table'] });
    expect((error as Error).message).toMatch(
      /^the imported policy does not validate, so nothing is imported: The policy is invalid \(1 issue\):\n- tablePermissions\[0\]\.table: table "nope" is not declared/,
    );
    expect((error as Error).cause).toBeInstanceOf(PolicyValidationError);
  });

  it('an error that is not a validation failure passes through unchanged, never relabelled as an invalid policy', () => {
    const failure = new RangeError('the policy could not be read');
    const policy = Object.defineProperty({}, 'tables', {
      enumerable: true,
      get() {
        throw failure;
      },
    });
    expect(() => checkImportedPolicy(policy as never)).toThrow(failure);
  });
});

describe('the other forms a site comes in', () => {
  it('a standard-model download (adx_ keys, one list file per kind) imports the same way', async () => {
    const files = {
      'webrole.yml': `- adx_webroleid: ${AUTHENTICATED}\n  adx_name: Authenticated Users\n  adx_authenticatedusersrole: true\n- adx_webroleid: ${CUSTOMER_ADMIN}\n  adx_name: Customer Admin\n`,
      'table-permissions/My-orders.tablepermission.yml': [
        'adx_entitypermissionid: a1',
        'adx_entityname: My orders',
        'adx_entitylogicalname: salesorder',
        'adx_scope: 756150001',
        'adx_contactrelationship: order_customer_contacts',
        'adx_read: true',
        'adx_write: "true"',
        'adx_delete: yes',
        'adx_entitypermission_webrole:',
        `- ${AUTHENTICATED.toUpperCase()}`,
        '',
      ].join('\n'),
      'web-pages/home/Home.webpage.yml': 'adx_webpageid: home\nadx_name: Home\nadx_isroot: true\n',
      'webpagerule.yml': `- adx_webpageaccesscontrolruleid: r1\n  adx_name: Admins edit\n  adx_webpageid: home\n  adx_right: 1\n  adx_webpageaccesscontrolrule_webrole:\n  - ${CUSTOMER_ADMIN}\n`,
    };
    const { policy, report } = await importPowerPagesSite({ files });
    expect(report.forms).toEqual(['standard']);
    // "yes" is YAML 1.2 text, not a boolean: it grants nothing.
    expect(policy.tablePermissions).toEqual([
      {
        name: 'My orders',
        table: 'salesorder',
        scope: 'contact',
        privileges: ['read', 'write'],
        webRoles: ['Authenticated Users'],
      },
    ]);
    expect(policy.pageRules).toEqual([
      { name: 'Admins edit', page: 'home', right: 'grantChange', webRoles: ['Customer Admin'] },
    ]);
  });

  it('an unpacked solution holding the site as powerpagecomponents imports its JSON content', async () => {
    const component = (id: string, type: number, name: string, content: object) =>
      `<powerpagecomponent powerpagecomponentid="${id}"><content>${JSON.stringify(content).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;')}</content><name>${name}</name><powerpagecomponenttype>${type}</powerpagecomponenttype><statecode>0</statecode></powerpagecomponent>`;
    const files = {
      [`powerpagecomponents/${AUTHENTICATED}/powerpagecomponent.xml`]: component(
        AUTHENTICATED,
        11,
        'Authenticated Users',
        { authenticatedusersrole: true },
      ),
      'powerpagecomponents/p1/powerpagecomponent.xml': component('p1', 18, 'Contact self', {
        entityname: 'Contact self & friends',
        entitylogicalname: 'contact',
        scope: 756150004,
        read: true,
        adx_entitypermission_webrole: [AUTHENTICATED],
      }),
      'powerpagecomponents/s1/powerpagecomponent.xml': component('s1', 9, 'A site setting', { value: 'x' }),
    };
    const { policy, report } = await importPowerPagesSite({ files });
    expect(report.forms).toEqual(['solution']);
    expect(policy.tablePermissions).toEqual([
      {
        name: 'Contact self & friends',
        table: 'contact',
        scope: 'self',
        privileges: ['read'],
        webRoles: ['Authenticated Users'],
      },
    ]);
  });

  it("pac's website-accesss folder is named in the report, not read as permissions", async () => {
    const { report } = await setup();
    expect(report.skippedFiles).toEqual([
      {
        file: '.powerpages-site/website-accesss/Admin.websiteaccess.yml',
        reason:
          'website access records (rights to edit site content) carry no permission this library models',
      },
    ]);
  });

  it('a real enhanced-model download imports: roles by their flags, content pages folded, a rule without a page left out', async () => {
    const { policy, report } = await importPowerPagesSite(REAL_SITE);
    expect(report.forms).toEqual(['enhanced']);
    expect(policy.webRoles).toEqual([
      { name: 'Administrators' },
      { name: 'Anonymous Users', anonymousUsers: true },
      { name: 'Authenticated Users', authenticatedUsers: true },
    ]);
    const home = 'aefc0283-51f6-485d-8db0-3735cb073228';
    expect(policy.pages).toEqual([
      { id: home, title: 'Home' },
      { id: '5d8ab72b-127e-4f2b-9288-07346c7face8', parent: home, title: 'Profile' },
    ]);
    expect(policy.pageRules).toEqual([
      {
        name: 'Grant Change to Administrators',
        page: home,
        right: 'grantChange',
        webRoles: ['Administrators'],
      },
    ]);
    expect(report.skipped.map(({ name, reason }) => [name, reason])).toEqual([
      ['Grant Change to Content', 'no_page'],
    ]);
    expect(report.notes.filter((note) => note.message.includes('language content page'))).toHaveLength(2);
    const portal = definePolicy(policy);
    const admin = abilityFor(portal, { kind: 'contact', id: 'a', webRoles: ['Administrators'] });
    const member = abilityFor(portal, { kind: 'contact', id: 'm', webRoles: [] });
    expect(admin.can('change', page('5d8ab72b-127e-4f2b-9288-07346c7face8'))).toBe(true);
    expect(member.can('view', page('5d8ab72b-127e-4f2b-9288-07346c7face8'))).toBe(true);
    expect(member.can('change', page(home))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_PARENT_DEPTH } from '../../src/base/privilege.js';
import { importPowerPagesSite } from '../../src/import/import-site.js';

const ROLES = {
  'web-roles/a.webrole.yml': 'id: r-a\nname: A\n',
  'web-roles/b.webrole.yml': 'id: r-b\nname: B\n',
};
const permission = (fields: Record<string, unknown>) =>
  Object.entries(fields)
    .map(([key, value]) =>
      Array.isArray(value) ? `${key}:\n${value.map((entry) => `- ${entry}`).join('\n')}` : `${key}: ${value}`,
    )
    .join('\n');
const base = (id: string, extra: Record<string, unknown> = {}) =>
  permission({
    id,
    entityname: id,
    entitylogicalname: 'product',
    scope: 756150000,
    read: true,
    entitypermission_webrole: ['r-a'],
    ...extra,
  });

async function importPermissions(files: Record<string, string>) {
  return importPowerPagesSite({ files: { ...ROLES, ...files } });
}

describe('mapping table permissions', () => {
  it('an unknown scope, a missing table and a role-less root are left out with their reasons', async () => {
    const { policy, report } = await importPermissions({
      'table-permissions/1.tablepermission.yml': base('odd-scope', { scope: 756150009 }),
      'table-permissions/2.tablepermission.yml': base('no-table', { entitylogicalname: '"bad name"' }),
      'table-permissions/3.tablepermission.yml': base('proto', { entitylogicalname: '__proto__' }),
      'table-permissions/4.tablepermission.yml': base('no-roles', {
        entitypermission_webrole: ['r-unknown'],
      }),
      'table-permissions/5.tablepermission.yml': base('ok'),
    });
    expect(policy.tablePermissions?.map((entry) => entry.name)).toEqual(['ok']);
    expect(report.skipped.map(({ name, reason }) => [name, reason])).toEqual([
      ['odd-scope', 'unknown_scope'],
      ['no-table', 'unknown_table'],
      ['proto', 'unknown_table'],
      ['no-roles', 'no_roles'],
    ]);
  });

  it('a second permission with the same name is left out, never merged', async () => {
    const { policy, report } = await importPermissions({
      'table-permissions/1.tablepermission.yml': base('p1', { entityname: 'Products' }),
      'table-permissions/2.tablepermission.yml': base('p2', { entityname: 'Products', write: true }),
    });
    expect(policy.tablePermissions).toEqual([
      { name: 'Products', table: 'product', scope: 'global', privileges: ['read'], webRoles: ['A'] },
    ]);
    expect(report.skipped.map((entry) => entry.reason)).toEqual(['duplicate_name']);
  });

  it('children of an inactive, missing or cyclic parent are left out as orphans', async () => {
    const child = (id: string, parent: string) =>
      base(id, {
        entitylogicalname: 'annotation',
        scope: 756150003,
        parententitypermission: parent,
        parentrelationship: 'Contact_Annotation',
      });
    const { policy, report } = await importPermissions({
      'table-permissions/0.tablepermission.yml': base('root', { entitylogicalname: 'contact', statecode: 1 }),
      'table-permissions/1.tablepermission.yml': child('of-inactive', 'root'),
      'table-permissions/2.tablepermission.yml': child('of-missing', 'nowhere'),
      'table-permissions/3.tablepermission.yml': child('loop-a', 'loop-b'),
      'table-permissions/4.tablepermission.yml': child('loop-b', 'loop-a'),
    });
    expect(policy.tablePermissions).toEqual([]);
    expect(
      report.skipped
        .filter((entry) => entry.reason === 'orphan_child')
        .map((entry) => entry.name)
        .sort(),
    ).toEqual(['loop-a', 'loop-b', 'of-inactive', 'of-missing']);
  });

  it('a relationship pointing the wrong way is not guessed into a column', async () => {
    const { policy, report } = await importPermissions({
      // order_customer_accounts relates orders to accounts: it cannot give a contact scope on orders.
      'table-permissions/1.tablepermission.yml': base('orders', {
        entitylogicalname: 'salesorder',
        scope: 756150001,
        contactrelationship: 'order_customer_accounts',
      }),
      // Contact_Annotation is a lookup of annotation, not of incident.
      'table-permissions/2.tablepermission.yml': base('cases', {
        entitylogicalname: 'incident',
        scope: 756150001,
        contactrelationship: 'Contact_Annotation',
      }),
    });
    expect(policy.tablePermissions).toEqual([]);
    expect(report.skipped.map((entry) => entry.reason)).toEqual([
      'unresolved_relationship',
      'unresolved_relationship',
    ]);
    expect(report.skipped[0]?.message).toContain('points to table "account"');
  });

  it("account scope on the account table compares the account key with the contact's account", async () => {
    const { policy } = await importPermissions({
      'table-permissions/1.tablepermission.yml': base('company', {
        entitylogicalname: 'account',
        scope: 756150002,
        accountrelationship: 'contact_customer_accounts',
      }),
    });
    expect(policy.tables.account).toEqual({ key: 'accountid', account: 'accountid' });
  });

  it("a second column for the same scope on one table becomes the permission's own relationship", async () => {
    const { policy } = await importPowerPagesSite(
      {
        files: {
          ...ROLES,
          'table-permissions/1.tablepermission.yml': base('by-customer', {
            entitylogicalname: 'salesorder',
            scope: 756150001,
            contactrelationship: 'order_customer_contacts',
          }),
          'table-permissions/2.tablepermission.yml': base('by-approver', {
            entitylogicalname: 'salesorder',
            scope: 756150001,
            contactrelationship: 'cr_order_approver',
          }),
        },
      },
      { relationships: { cr_order_approver: { table: 'salesorder', column: 'cr_approverid' } } },
    );
    expect(policy.tables.salesorder?.contact).toBe('customerid');
    expect(policy.tablePermissions?.map((entry) => [entry.name, entry.relationship])).toEqual([
      ['by-customer', undefined],
      ['by-approver', 'cr_approverid'],
    ]);
  });

  it('an inactive permission, one without id or name, and a second of the same id are left out with their reasons', async () => {
    const { policy, report } = await importPermissions({
      'table-permissions/1.tablepermission.yml': base('gone', { statecode: 1 }),
      'table-permissions/2.tablepermission.yml': permission({
        entityname: 'no-id',
        entitylogicalname: 'product',
        scope: 756150000,
        read: true,
        entitypermission_webrole: ['r-a'],
      }),
      'table-permissions/3.tablepermission.yml': base('no-name', { entityname: '"  "' }),
      'table-permissions/4.tablepermission.yml': base('twin', { write: true }),
      'table-permissions/5.tablepermission.yml': base('twin', { entityname: 'Twin again', delete: true }),
      'table-permissions/6.tablepermission.yml': base('no-scope', { scope: '"global"' }),
    });
    expect(policy.tablePermissions).toEqual([
      { name: 'twin', table: 'product', scope: 'global', privileges: ['read', 'write'], webRoles: ['A'] },
    ]);
    expect(report.skipped.map(({ name, reason, message }) => [name, reason, message])).toEqual([
      [
        'gone',
        'inactive',
        'the permission is inactive (statecode 1), so the engine ignores it and its children',
      ],
      ['no-id', 'missing_id', 'the permission has no id'],
      ['no-name', 'missing_name', 'the permission has no usable name (entityname)'],
      ['Twin again', 'duplicate_id', 'another permission already has id twin'],
      [
        'no-scope',
        'unknown_scope',
        'scope (none) is not one of 756150000-756150004 (global, contact, account, parent, self)',
      ],
    ]);
  });

  it('self scope applies to the contact table only', async () => {
    const { policy, report } = await importPermissions({
      'table-permissions/1.tablepermission.yml': base('me', {
        entitylogicalname: 'contact',
        scope: 756150004,
      }),
      'table-permissions/2.tablepermission.yml': base('not-me', { scope: 756150004 }),
    });
    expect(policy.tablePermissions?.map(({ name, scope }) => [name, scope])).toEqual([['me', 'self']]);
    expect(report.skipped.map(({ name, reason, message }) => [name, reason, message])).toEqual([
      ['not-me', 'invalid_value', 'scope self applies to the contact table only, not to "product"'],
    ]);
  });

  it('role links that name no mapped web role are dropped and noted; a child works for its chain, noted when its own differ', async () => {
    const { policy, report } = await importPermissions({
      'table-permissions/1.tablepermission.yml': base('root', {
        entitypermission_webrole: ['r-a', 'r-gone'],
      }),
      'table-permissions/2.tablepermission.yml': base('child', {
        scope: 756150003,
        parententitypermission: 'root',
        parentrelationship: 'product_parent_product',
        entitypermission_webrole: ['r-b'],
      }),
    });
    expect(report.notes.map(({ name, message }) => [name, message])).toEqual([
      ['root', 'some of its web role ids name no mapped web role; those links are dropped'],
      ['child', "a child permission works for its chain's roles (A), not its own"],
    ]);
    expect(policy.tablePermissions?.[0]).toMatchObject({ name: 'root', webRoles: ['A'] });
  });

  it('a chain deeper than the parent bound is left out as orphans, never followed without end', async () => {
    const files: Record<string, string> = {
      'table-permissions/0.tablepermission.yml': base('p0'),
    };
    for (let level = 1; level <= 40; level++)
      files[`table-permissions/${level}.tablepermission.yml`] = base(`p${level}`, {
        scope: 756150003,
        parententitypermission: `p${level - 1}`,
        parentrelationship: 'rel',
      });
    const { report } = await importPermissions(files);
    expect(
      report.skipped.some(({ message }) => /its parent chain is deeper than \d+ permissions/.test(message)),
    ).toBe(true);
  });

  it('a child whose parent id two permissions share is left out: which parent, and whose roles, would be a guess', async () => {
    const { policy, report } = await importPermissions({
      'table-permissions/1.tablepermission.yml': base('p', {
        entityname: 'Everyone',
        entitypermission_webrole: ['r-a', 'r-b'],
      }),
      'table-permissions/2.tablepermission.yml': base('p', {
        entityname: 'Only B',
        entitypermission_webrole: ['r-b'],
      }),
      'table-permissions/3.tablepermission.yml': base('child', {
        entitylogicalname: 'productline',
        scope: 756150003,
        parententitypermission: 'p',
        parentrelationship: 'product_productline',
      }),
    });
    expect(policy.tablePermissions?.map(({ name }) => name)).toEqual(['Everyone']);
    expect(report.skipped.map(({ name, reason, message }) => [name, reason, message])).toEqual([
      ['Only B', 'duplicate_id', 'another permission already has id p'],
      ['child', 'orphan_child', 'its parent id p is shared by several permissions'],
    ]);
  });
});

describe('the parent chain bound, whatever order the files list a chain in', () => {
  const RELATIONSHIPS = { relationships: { rel: { table: 'product', column: 'parentid' } } };
  /** A chain p0 (root) … p<length-1>, in files named so that they are read root first or deepest first. */
  function chain(length: number, deepestFirst: boolean): Record<string, string> {
    const files: Record<string, string> = {};
    for (let level = 0; level < length; level++) {
      const file = String(deepestFirst ? 99 - level : level).padStart(2, '0');
      files[`table-permissions/${file}.tablepermission.yml`] =
        level === 0
          ? base('p0')
          : base(`p${level}`, {
              scope: 756150003,
              parententitypermission: `p${level - 1}`,
              parentrelationship: 'rel',
            });
    }
    return files;
  }

  it.each([false, true])(
    'a chain of MAX_PARENT_DEPTH permissions is imported whole, and a permission below it is left out alone (deepest first: %s)',
    async (deepestFirst) => {
      const { policy, report } = await importPowerPagesSite(
        { files: { ...ROLES, ...chain(MAX_PARENT_DEPTH + 1, deepestFirst) } },
        RELATIONSHIPS,
      );
      expect(policy.tablePermissions?.map(({ name }) => name).sort()).toEqual(
        Array.from({ length: MAX_PARENT_DEPTH }, (_, level) => `p${level}`).sort(),
      );
      expect(report.skipped.map(({ name, reason, message }) => [name, reason, message])).toEqual([
        [
          `p${MAX_PARENT_DEPTH}`,
          'orphan_child',
          `its parent chain is deeper than ${MAX_PARENT_DEPTH} permissions`,
        ],
      ]);
    },
  );
});

describe('what the report says of each table permission left out', () => {
  const skippedOf = (report: { skipped: readonly { name: string; reason: string; message: string }[] }) =>
    report.skipped.map(({ name, reason, message }) => [name, reason, message]);

  it('a permission without a name or an id is reported as unnamed; a missing table and a duplicate name say what to do', async () => {
    const { report } = await importPermissions({
      'table-permissions/1.tablepermission.yml': permission({ scope: 756150000, read: true }),
      'table-permissions/2.tablepermission.yml': base('no-table', { entitylogicalname: '~' }),
      'table-permissions/3.tablepermission.yml': base('p1', { entityname: 'Products' }),
      'table-permissions/4.tablepermission.yml': base('p2', { entityname: 'Products' }),
      'table-permissions/5.tablepermission.yml': base('nobody', { entitypermission_webrole: ['r-gone'] }),
    });
    expect(skippedOf(report)).toEqual([
      ['(unnamed)', 'missing_id', 'the permission has no id'],
      ['no-table', 'unknown_table', 'entitylogicalname is missing or not a logical name'],
      [
        'Products',
        'duplicate_name',
        'another permission is already called "Products"; rename one (permissions are keyed by name)',
      ],
      ['nobody', 'no_roles', 'no web role holds it (or its chain), so it grants nothing'],
    ]);
  });

  it('a parent-scoped permission naming no parent, or a parent left out, is an orphan that says which', async () => {
    const child = (id: string, extra: Record<string, unknown>) =>
      base(id, { scope: 756150003, parentrelationship: 'product_parent_product', ...extra });
    const { policy, report } = await importPermissions({
      'table-permissions/1.tablepermission.yml': base('roleless', {
        entityname: 'Role-less',
        entitypermission_webrole: ['r-gone'],
      }),
      'table-permissions/2.tablepermission.yml': child('first', { parententitypermission: 'roleless' }),
      'table-permissions/3.tablepermission.yml': child('second', { parententitypermission: 'ROLELESS' }),
      'table-permissions/4.tablepermission.yml': child('parentless', {}),
      'table-permissions/5.tablepermission.yml': child('loop-a', { parententitypermission: 'loop-b' }),
      'table-permissions/6.tablepermission.yml': child('loop-b', { parententitypermission: 'loop-a' }),
    });
    expect(policy.tablePermissions).toEqual([]);
    expect(skippedOf(report)).toEqual([
      ['Role-less', 'no_roles', 'no web role holds it (or its chain), so it grants nothing'],
      ['first', 'orphan_child', 'its parent permission "Role-less" was left out'],
      ['second', 'orphan_child', 'its parent permission "Role-less" was left out'],
      ['parentless', 'orphan_child', 'its parent permission (none) is not in the site or was left out'],
      ['loop-a', 'orphan_child', 'its parent chain is a cycle'],
      ['loop-b', 'orphan_child', 'its parent chain is a cycle'],
    ]);
  });

  it('a child is mapped under its parent for its chain’s roles; it is noted only when its own roles differ', async () => {
    const child = (id: string, roles: string[]) =>
      base(id, {
        scope: 756150003,
        parententitypermission: 'root',
        parentrelationship: 'rel',
        ...(roles.length === 0 ? { entitypermission_webrole: '~' } : { entitypermission_webrole: roles }),
      });
    const { policy, report } = await importPowerPagesSite(
      {
        files: {
          ...ROLES,
          'web-roles/c.webrole.yml': 'id: r-ab\nname: AB\n',
          'table-permissions/0.tablepermission.yml': base('root', {
            entitypermission_webrole: ['r-a', 'r-b'],
          }),
          'table-permissions/1.tablepermission.yml': child('none-of-its-own', []),
          'table-permissions/2.tablepermission.yml': child('same-roles', ['r-b', 'r-a', 'R-A']),
          'table-permissions/4.tablepermission.yml': child('exactly', ['r-a', 'r-b']),
          'table-permissions/3.tablepermission.yml': child('run-together', ['r-ab']),
        },
      },
      { relationships: { rel: { table: 'product', column: 'parentid' } } },
    );
    expect(policy.tablePermissions).toEqual([
      { name: 'root', table: 'product', scope: 'global', privileges: ['read'], webRoles: ['A', 'B'] },
      ...['none-of-its-own', 'same-roles', 'run-together', 'exactly'].map((name) => ({
        name,
        table: 'product',
        scope: 'parent',
        privileges: ['read'],
        webRoles: ['A', 'B'],
        parent: 'root',
      })),
    ]);
    expect(report.notes.map(({ name, message }) => [name, message])).toEqual([
      ['same-roles', "a child permission works for its chain's roles (A, B), not its own"],
      ['run-together', "a child permission works for its chain's roles (A, B), not its own"],
    ]);
    expect(report.skipped).toEqual([]);
  });

  it('a relationship left unresolved is listed for strict mode, which refuses the import naming the permission and file', async () => {
    const files = {
      'table-permissions/1.tablepermission.yml': base('orders', {
        entitylogicalname: 'salesorder',
        scope: 756150001,
        contactrelationship: 'cr_unknown',
      }),
    };
    await expect(
      importPowerPagesSite({ files: { ...ROLES, ...files } }, { strict: true }),
    ).rejects.toMatchObject({
      code: 'import_unresolved_relationship',
      message: expect.stringContaining(
        'table permission "orders" (table-permissions/1.tablepermission.yml): relationship "cr_unknown"',
      ),
    });
  });

  it('a permission whose name is no usable name is left out before it can reach the policy', async () => {
    const { policy, report } = await importPermissions({
      'table-permissions/1.tablepermission.yml': base('proto', { entityname: '__proto__' }),
    });
    expect(policy.tablePermissions).toEqual([]);
    expect(report.skipped.map(({ name, reason }) => [name, reason])).toEqual([['__proto__', 'missing_name']]);
  });

  it('a permission of another scope is a root even when it names a parent: a stray parent field makes no chain', async () => {
    const { policy, report } = await importPowerPagesSite(
      {
        files: {
          ...ROLES,
          'table-permissions/1.tablepermission.yml': base('root', { parententitypermission: 'child' }),
          'table-permissions/2.tablepermission.yml': base('child', {
            scope: 756150003,
            parententitypermission: 'root',
            parentrelationship: 'rel',
          }),
        },
      },
      { relationships: { rel: { table: 'product', column: 'parentid' } } },
    );
    expect(policy.tablePermissions?.map(({ name, parent }) => [name, parent])).toEqual([
      ['root', undefined],
      ['child', 'root'],
    ]);
    expect(report.skipped).toEqual([]);
  });

  it('strict mode imports a site whose relationships all resolve, declaring each table with its key', async () => {
    const { policy } = await importPowerPagesSite(
      {
        files: {
          ...ROLES,
          'table-permissions/1.tablepermission.yml': base('products'),
          'table-permissions/2.tablepermission.yml': base('mine', {
            entitylogicalname: 'contact',
            scope: 756150004,
          }),
        },
      },
      { strict: true },
    );
    expect(policy.tablePermissions?.map(({ name }) => name)).toEqual(['products', 'mine']);
    expect(policy.tables).toEqual({ contact: { key: 'contactid' }, product: { key: 'productid' } });
  });
});

import { describe, expect, it } from 'vitest';
import { importPowerPagesSite } from '../../src/import/import-site.js';
import { abilityFor, definePolicy, subject } from '../../src/index.js';

const CREATE = 746610000;
const READ = 746610001;
const UPDATE = 746610002;

const yaml = (fields: Record<string, unknown>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? `[${value.join(', ')}]` : value}`)
    .join('\n');

/** Roles Staff and Guest, both with global read, write and create on contacts, plus the files given. */
function siteWith(files: Record<string, string>): Record<string, string> {
  return {
    'web-roles/staff.webrole.yml': 'id: r-staff\nname: Staff\n',
    'web-roles/guest.webrole.yml': 'id: r-guest\nname: Guest\n',
    'table-permissions/contacts.tablepermission.yml': yaml({
      id: 'tp',
      entityname: 'Contacts',
      entitylogicalname: 'contact',
      scope: 756150000,
      read: true,
      write: true,
      create: true,
      entitypermission_webrole: ['r-staff', 'r-guest'],
    }),
    ...files,
  };
}

const profile = (id: string, fields: Record<string, unknown>) => ({
  [`column-permission-profiles/${id}/${id}.columnpermissionprofile.yml`]: yaml({
    id,
    profilename: `Profile ${id}`,
    tablename: 'contact',
    columnpermissionprofile_webrole: ['r-staff'],
    ...fields,
  }),
});
const column = (
  profileId: string,
  name: string,
  permissions: unknown[],
  extra: Record<string, unknown> = {},
) => ({
  [`column-permission-profiles/${profileId}/${name}-${permissions.join('-')}.columnpermission.yml`]: yaml({
    id: `${profileId}-${name}-${permissions.join('-')}`,
    columnname: name,
    permissions,
    columnpermissionprofileid: profileId,
    ...extra,
  }),
});

async function setup(files: Record<string, string>) {
  const { policy, report } = await importPowerPagesSite({ files: siteWith(files) });
  const portal = definePolicy(policy);
  const contact = (...webRoles: string[]) => abilityFor(portal, { kind: 'contact', id: 'jane', webRoles });
  const row = subject('contact', { contactid: 'c1', fullname: 'Jo', jobtitle: 'CEO', salary: 1 });
  return { policy, report, contact, row };
}

describe('importing column permission profiles', () => {
  it('a profile restricts exactly the columns it lists, for the roles it names', async () => {
    const { policy, contact, row } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ] }),
      ...column('p1', 'jobtitle', [READ, UPDATE]),
      ...column('p1', 'salary', [CREATE]),
    });
    expect(policy.columnPermissions).toEqual([
      {
        name: 'Profile p1',
        table: 'contact',
        webRoles: ['Staff'],
        allColumns: ['read'],
        columns: { jobtitle: ['read', 'update'], salary: ['create'] },
      },
    ]);
    expect(policy.tablePermissions?.map((permission) => permission.name)).toEqual(['Contacts']);
    const staff = contact('Staff');
    expect(staff.can('read', row)).toBe(true);
    expect(staff.can('read', row, 'fullname')).toBe(true);
    expect(staff.can('write', row, 'fullname')).toBe(false);
    expect(staff.can('write', row, 'jobtitle')).toBe(true);
    expect(staff.can('read', row, 'salary')).toBe(false);
    expect(staff.can('create', row, 'salary')).toBe(true);
  });

  it('an empty All Column Permissions leaves the columns it does not list open, and says so', async () => {
    const { policy, report, contact, row } = await setup({
      ...profile('p1', {}),
      ...column('p1', 'salary', [READ]),
    });
    expect(policy.columnPermissions?.[0]?.allColumns).toEqual(['read', 'create', 'update']);
    const staff = contact('Staff');
    expect(staff.can('write', row, 'fullname')).toBe(true);
    expect(staff.can('read', row, 'salary')).toBe(true);
    expect(staff.can('write', row, 'salary')).toBe(false);
    expect(report.notes.map((note) => note.message)).toContainEqual(
      expect.stringContaining('All Column Permissions is empty'),
    );
  });

  it('a contact holding none of the profiles of a restricted table gets no column of it, reported', async () => {
    const { report, contact, row } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ, CREATE, UPDATE] }),
      ...column('p1', 'salary', [READ]),
    });
    const guest = contact('Guest');
    expect(guest.can('read', row)).toBe(true);
    expect(guest.can('read', row, 'fullname')).toBe(false);
    expect(report.notes.map((note) => note.message)).toContainEqual(
      expect.stringContaining('contacts holding none of Staff get no column of "contact"'),
    );
  });

  it('profiles of several held roles combine by union (D11)', async () => {
    const { contact, row } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ] }),
      ...profile('p2', { allcolumnpermissions: [READ], columnpermissionprofile_webrole: ['r-guest'] }),
      ...column('p2', 'salary', [READ, UPDATE]),
    });
    expect(contact('Staff').can('write', row, 'salary')).toBe(false);
    expect(contact('Guest').can('write', row, 'salary')).toBe(true);
    expect(contact('Staff', 'Guest').can('write', row, 'salary')).toBe(true);
    expect(contact('Staff', 'Guest').can('write', row, 'fullname')).toBe(false);
  });

  it('inactive, role-less and orphan records are left out with their reasons; bad values grant nothing', async () => {
    const { policy, report } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ, 999] }),
      ...profile('p2', { statecode: 1 }),
      ...profile('p3', { columnpermissionprofile_webrole: ['r-unknown'] }),
      ...column('p1', 'jobtitle', [UPDATE, 'x']),
      ...column('p1', 'salary', [READ], { statecode: 1 }),
      ...column('p2', 'salary', [READ]),
      ...column('p1', '__proto__', [READ]),
    });
    expect(policy.columnPermissions).toEqual([
      {
        name: 'Profile p1',
        table: 'contact',
        webRoles: ['Staff'],
        allColumns: ['read'],
        columns: { jobtitle: ['update'] },
      },
    ]);
    expect(report.skipped.map(({ kind, name, reason }) => [kind, name, reason])).toEqual([
      ['columnPermissionProfile', 'Profile p2', 'inactive'],
      ['columnPermissionProfile', 'Profile p3', 'no_roles'],
      ['columnPermission', '__proto__', 'invalid_value'],
      ['columnPermission', 'salary', 'inactive'],
      ['columnPermission', 'salary', 'orphan_child'],
    ]);
    const notes = report.notes.map((note) => note.message);
    expect(notes).toContainEqual(expect.stringContaining('allcolumnpermissions values 999'));
    expect(notes).toContainEqual(expect.stringContaining('permissions values x'));
  });

  it('a column listed twice keeps the actions both give; a second profile of one name is renamed', async () => {
    const { policy } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ] }),
      ...profile('p2', { allcolumnpermissions: [READ], profilename: 'Profile p1' }),
      ...column('p1', 'salary', [READ, UPDATE]),
      ...column('p1', 'salary', [READ, CREATE]),
    });
    expect(policy.columnPermissions?.map((entry) => [entry.name, entry.columns])).toEqual([
      ['Profile p1', { salary: ['read'] }],
      ['Profile p1 [p2]', undefined],
    ]);
  });

  it('a profile without a table or an id, or holding nested records, fails the import', async () => {
    for (const fields of [{ tablename: '~' }, { id: '~' }, { tablename: '"a b"' }]) {
      await expect(importPowerPagesSite({ files: siteWith(profile('p1', fields)) })).rejects.toMatchObject({
        code: 'import_unsupported_record',
      });
    }
    const nested = {
      'column-permission-profiles/p/p.columnpermissionprofile.yml':
        'id: p\nprofilename: P\ntablename: contact\ncolumnpermissionprofile_webrole: [r-staff]\ncolumns:\n- columnname: salary\n',
    };
    await expect(importPowerPagesSite({ files: siteWith(nested) })).rejects.toMatchObject({
      code: 'import_unsupported_record',
    });
  });

  it('reads the standard model (adx_ keys, comma-separated choices) and solution components 28 and 29', async () => {
    const standard = await importPowerPagesSite({
      files: siteWith({
        'column-permission-profiles/p/p.columnpermissionprofile.yml':
          'adx_columnpermissionprofileid: P\nadx_profilename: Std\nadx_tablename: Contact\nadx_allcolumnpermissions: "746610001,746610002"\nadx_columnpermissionprofile_webrole:\n- r-staff\n',
        'column-permission-profiles/p/salary.columnpermission.yml':
          'adx_columnpermissionid: c\nadx_columnname: Salary\nadx_permissions: "746610001"\nadx_columnpermissionprofileid: p\n',
      }),
    });
    expect(standard.policy.columnPermissions).toEqual([
      {
        name: 'Std',
        table: 'contact',
        webRoles: ['Staff'],
        allColumns: ['read', 'update'],
        columns: { salary: ['read'] },
      },
    ]);
    const component = (id: string, type: number, name: string, content: object) =>
      `<powerpagecomponent powerpagecomponentid="${id}"><content>${JSON.stringify(content).replaceAll('"', '&quot;')}</content><name>${name}</name><powerpagecomponenttype>${type}</powerpagecomponenttype></powerpagecomponent>`;
    const solution = await importPowerPagesSite({
      files: {
        'powerpagecomponents/r/powerpagecomponent.xml': component('r-staff', 11, 'Staff', {}),
        'powerpagecomponents/p/powerpagecomponent.xml': component('p', 28, 'Solution profile', {
          tablename: 'contact',
          allcolumnpermissions: String(READ),
          columnpermissionprofile_webrole: ['r-staff'],
        }),
        'powerpagecomponents/c/powerpagecomponent.xml': component('c', 29, 'salary', {
          columnname: 'salary',
          permissions: [],
          columnpermissionprofileid: 'p',
        }),
      },
    });
    expect(solution.policy.columnPermissions).toEqual([
      {
        name: 'Solution profile',
        table: 'contact',
        webRoles: ['Staff'],
        allColumns: ['read'],
        columns: { salary: [] },
      },
    ]);
    expect(solution.policy.tables).toEqual({ contact: { key: 'contactid' } });
  });

  it('a profile linked to a web role id two web roles have fails the import: dropping the link would open the columns', async () => {
    await expect(
      importPowerPagesSite({
        files: siteWith({
          'web-roles/twin.webrole.yml': 'id: R-STAFF\nname: Twin\n',
          ...profile('p', { allcolumnpermissions: READ }),
          ...column('p', 'salary', []),
        }),
      }),
    ).rejects.toMatchObject({
      code: 'import_unsupported_record',
      path: ['column-permission-profiles/p/p.columnpermissionprofile.yml'],
    });
  });
});

describe('what the report says of each column permission profile and column', () => {
  const PROFILE_FILE = 'column-permission-profiles/p1/p1.columnpermissionprofile.yml';

  it('each profile the import cannot place fails it with the profile file as path and the problem in the message', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: '~' }, 'a column permission profile has no id (its column permissions name it by id)'],
      [{ tablename: '~' }, 'a column permission profile names no table (tablename)'],
      [
        { tablename: '"a b"' },
        'a column permission profile names the table "a b", which is not a logical name',
      ],
      [
        { columnpermissionprofile_webrole: '[r-staff, r-twin]' },
        'links to web role id r-twin, which two web roles have',
      ],
    ];
    for (const [fields, problem] of cases) {
      const files = siteWith({
        'web-roles/twin-1.webrole.yml': 'id: r-twin\nname: Twin one\n',
        'web-roles/twin-2.webrole.yml': 'id: R-TWIN\nname: Twin two\n',
        ...profile('p1', fields),
      });
      await expect(importPowerPagesSite({ files }), problem).rejects.toMatchObject({
        code: 'import_unsupported_record',
        path: [PROFILE_FILE],
        message: expect.stringContaining(problem),
      });
    }
  });

  it('two profiles sharing an id fail the import: which one a column permission belongs to would be a guess', async () => {
    const files = siteWith({
      ...profile('p1', {}),
      'column-permission-profiles/p1/other.columnpermissionprofile.yml': yaml({
        id: 'P1',
        profilename: 'Other',
        tablename: 'contact',
        columnpermissionprofile_webrole: ['r-guest'],
      }),
    });
    await expect(importPowerPagesSite({ files })).rejects.toMatchObject({
      code: 'import_unsupported_record',
      message: expect.stringContaining('shares its id p1 with another profile'),
    });
  });

  it('a profile of mapped roles with every value known is mapped with no note but the restricted table', async () => {
    const { report } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ] }),
      ...column('p1', 'salary', [READ]),
    });
    expect(report.notes.map(({ name, message }) => [name, message])).toEqual([
      [
        'contact',
        'contacts holding none of Staff get no column of "contact" (the engine would give them every column): link a profile to their roles to open columns to them',
      ],
    ]);
    expect(report.mapped.filter(({ kind }) => kind !== 'webRole' && kind !== 'tablePermission')).toEqual([
      { kind: 'columnPermission', name: 'Profile p1: salary', file: expect.stringContaining('salary') },
      { kind: 'columnPermissionProfile', name: 'Profile p1', file: PROFILE_FILE },
    ]);
  });

  it('links to no mapped role, values that grant nothing, an empty All Column Permissions and a column listed twice are noted', async () => {
    const { report } = await setup({
      ...profile('p1', { columnpermissionprofile_webrole: ['r-staff', 'r-gone'] }),
      ...column('p1', 'salary', [READ, 'x', 'y']),
      ...column('p1', 'salary', [READ, UPDATE]),
    });
    expect(report.notes.map(({ kind, name, message }) => [kind, name, message]).slice(0, 4)).toEqual([
      [
        'columnPermissionProfile',
        'Profile p1',
        'some of its web role ids name no mapped web role; those links are dropped',
      ],
      [
        'columnPermissionProfile',
        'Profile p1',
        'All Column Permissions is empty: the columns it does not list keep their row access',
      ],
      ['columnPermission', 'salary', 'permissions values x, y are not column actions; they grant nothing'],
      ['columnPermission', 'salary', '"Profile p1" lists salary twice; it keeps only the actions both give'],
    ]);
  });

  it('profiles of one table and role name that role once in the restricted-table note; a renamed profile is noted', async () => {
    const { report } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ] }),
      ...profile('p2', { allcolumnpermissions: [READ], profilename: 'Profile p1' }),
    });
    expect(report.notes.map(({ name, message }) => [name, message])).toEqual([
      [
        'Profile p1',
        'another column permission profile is already called "Profile p1"; this one is named "Profile p1 [p2]"',
      ],
      [
        'contact',
        'contacts holding none of Staff get no column of "contact" (the engine would give them every column): link a profile to their roles to open columns to them',
      ],
    ]);
  });

  it('a profile without a usable name is named by its id; its table may be written as entitylogicalname', async () => {
    const { policy } = await setup({
      'column-permission-profiles/x/x.columnpermissionprofile.yml': yaml({
        id: 'P9',
        profilename: '__proto__',
        entitylogicalname: 'Contact',
        allcolumnpermissions: [READ],
        columnpermissionprofile_webrole: ['r-staff'],
      }),
    });
    expect(policy.columnPermissions).toEqual([
      { name: 'p9', table: 'contact', webRoles: ['Staff'], allColumns: ['read'] },
    ]);
  });

  it('columns are listed in name order, whatever order their files are read in', async () => {
    const { policy } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ] }),
      'column-permission-profiles/p1/a.columnpermission.yml': yaml({
        id: 'c1',
        columnname: 'salary',
        permissions: [READ],
        columnpermissionprofileid: 'p1',
      }),
      'column-permission-profiles/p1/b.columnpermission.yml': yaml({
        id: 'c2',
        columnname: 'jobtitle',
        permissions: [READ],
        columnpermissionprofileid: 'p1',
      }),
    });
    expect(Object.keys(policy.columnPermissions?.[0]?.columns ?? {})).toEqual(['jobtitle', 'salary']);
  });

  it('an inactive profile or column, an orphan column and a column without a name are reported by what names them', async () => {
    const { report } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ] }),
      'column-permission-profiles/p2/p2.columnpermissionprofile.yml': yaml({
        id: 'p2',
        name: 'Named',
        statecode: 1,
      }),
      'column-permission-profiles/p3/p3.columnpermissionprofile.yml': yaml({ id: 'p3', statecode: 1 }),
      'column-permission-profiles/p1/c1.columnpermission.yml': yaml({
        id: 'C1',
        permissions: [READ],
        columnpermissionprofileid: 'p1',
      }),
      'column-permission-profiles/p1/c2.columnpermission.yml': yaml({
        columnname: 'salary',
        permissions: [READ],
      }),
      'column-permission-profiles/p1/c3.columnpermission.yml': yaml({
        permissions: [READ],
        columnpermissionprofileid: 'p1',
        statecode: 1,
      }),
    });
    expect(report.skipped.map(({ kind, name, reason, message }) => [kind, name, reason, message])).toEqual([
      [
        'columnPermissionProfile',
        'Named',
        'inactive',
        'the profile is inactive (statecode 1); the engine ignores it',
      ],
      [
        'columnPermissionProfile',
        'column-permission-profiles/p3/p3.columnpermissionprofile.yml',
        'inactive',
        'the profile is inactive (statecode 1); the engine ignores it',
      ],
      [
        'columnPermission',
        'c1',
        'invalid_value',
        'columnname is missing or not a logical name, so it names no column',
      ],
      [
        'columnPermission',
        'salary',
        'orphan_child',
        'its profile (none) is not in the site or applies to no one',
      ],
      [
        'columnPermission',
        '(unnamed)',
        'inactive',
        'the column permission is inactive (statecode 1); the engine ignores it',
      ],
    ]);
  });

  it('values that grant nothing are listed one by one; a profile of no mapped role restricts no one and says so', async () => {
    const { report } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ, 998, 999] }),
      ...profile('p2', { columnpermissionprofile_webrole: ['r-gone'] }),
    });
    expect(report.notes.map(({ message }) => message)).toContainEqual(
      'allcolumnpermissions values 998, 999 are not column actions; they grant nothing',
    );
    expect(report.skipped.map(({ kind, name, reason, message }) => [kind, name, reason, message])).toEqual([
      [
        'columnPermissionProfile',
        'Profile p2',
        'no_roles',
        'it is linked to no mapped web role, so it restricts no one',
      ],
    ]);
  });

  it('the restricted-table note names every role a profile of the table is linked to, as a site-wide note', async () => {
    const { report } = await setup({
      ...profile('p1', {
        allcolumnpermissions: [READ],
        columnpermissionprofile_webrole: ['r-staff', 'r-guest'],
      }),
    });
    expect(report.notes).toEqual([
      {
        kind: 'columnPermissionProfile',
        name: 'contact',
        file: '(site)',
        message:
          'contacts holding none of Staff, Guest get no column of "contact" (the engine would give them every column): link a profile to their roles to open columns to them',
      },
    ]);
  });

  it('three columns read out of order are listed in name order', async () => {
    const at = (file: string, columnname: string) => ({
      [`column-permission-profiles/p1/${file}.columnpermission.yml`]: yaml({
        id: file,
        columnname,
        permissions: [READ],
        columnpermissionprofileid: 'p1',
      }),
    });
    const { policy } = await setup({
      ...profile('p1', { allcolumnpermissions: [READ] }),
      ...at('a', 'salary'),
      ...at('b', 'birthdate'),
      ...at('c', 'jobtitle'),
    });
    expect(Object.keys(policy.columnPermissions?.[0]?.columns ?? {})).toEqual([
      'birthdate',
      'jobtitle',
      'salary',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { ReportBuilder } from '../../src/import/import-report.js';
import { mapSecurityRoles, privilegeOf } from '../../src/import/map-security-roles.js';

function map(files: Record<string, string>) {
  const report = new ReportBuilder();
  const mapped = mapSecurityRoles(new Map(Object.entries(files)), report);
  return {
    ...mapped,
    skipped: report.skipped.map(({ kind, name, reason, message }) => [kind, name, reason, message]),
    mapped: report.mapped.map(({ kind, name, file }) => [kind, name, file]),
  };
}
const role = (name: string | undefined, privileges: string) =>
  `<Role${name === undefined ? '' : ` name="${name}"`}><RolePrivileges>${privileges}</RolePrivileges></Role>`;
const privilege = (name: string, level: string) => `<RolePrivilege name="${name}" level="${level}" />`;

describe('reading a privilege name', () => {
  it('each record-level verb is read, AppendTo before Append, with the table lower-cased', () => {
    expect(
      ['AppendTo', 'Append', 'Assign', 'Create', 'Delete', 'Read', 'Share', 'Write'].map((verb) =>
        privilegeOf(`prv${verb}cr123_Project`),
      ),
    ).toEqual(
      ['appendTo', 'append', 'assign', 'create', 'delete', 'read', 'share', 'write'].map((privilege) => ({
        privilege,
        table: 'cr123_project',
      })),
    );
  });

  it('a name without the prv prefix, verb or table, or with a table that is no logical name, is no record-level privilege', () => {
    for (const name of [
      'ReadAccount',
      'xprvReadAccount',
      'PrvReadAccount',
      'prvExportToExcel',
      'prvRead',
      'prvAppendTo',
      'prvReadsales order',
      'prvRead__proto__',
      'prvReadconstructor',
    ])
      expect(privilegeOf(name), name).toBeUndefined();
  });
});

describe('mapping the security roles of a solution', () => {
  it('roles are read from Roles/*.xml and customizations.xml in any folder and case, in path order; other files are not read', () => {
    const { roles, tables, mapped } = map({
      'roles/b.XML': role('B', privilege('prvReadContact', 'Basic')),
      'Roles/a.xml': role('A', privilege('prvWriteAccount', 'Local')),
      'x/Customizations.xml': role('C', ''),
      'Other/Roles.xml': role('Not read', privilege('prvReadLead', 'Global')),
      'Roles/sub/d.xml': role('Not read either', ''),
      'Roles/e.xml.bak': role('Not xml', ''),
    });
    expect(roles).toEqual([
      { name: 'A', privileges: { account: { write: 'businessUnit' } } },
      { name: 'B', privileges: { contact: { read: 'user' } } },
      { name: 'C', privileges: {} },
    ]);
    expect([...tables]).toEqual(['account', 'contact']);
    expect(mapped).toEqual([
      ['securityRole', 'A', 'Roles/a.xml'],
      ['securityRole', 'B', 'roles/b.XML'],
      ['securityRole', 'C', 'x/Customizations.xml'],
    ]);
  });

  it('each depth is its access level, whatever its case; a depth listed twice at one level stays that level', () => {
    const { roles } = map({
      'Roles/r.xml': role(
        'R',
        [
          privilege('prvReadAccount', 'basic'),
          privilege('prvWriteAccount', 'LOCAL'),
          privilege('prvCreateAccount', 'Deep'),
          privilege('prvDeleteAccount', 'Global'),
          privilege('prvShareAccount', 'Deep'),
          privilege('prvShareAccount', 'Deep'),
        ].join(''),
      ),
    });
    expect(roles[0]?.privileges).toEqual({
      account: {
        read: 'user',
        write: 'businessUnit',
        create: 'parentChildBusinessUnits',
        delete: 'organization',
        share: 'parentChildBusinessUnits',
      },
    });
  });

  it('a role without a usable name, a second role of one name and a privilege at no known depth are reported with what to do', () => {
    const { roles, tables, skipped } = map({
      'Roles/1.xml': role(undefined, privilege('prvReadAccount', 'Global')),
      'Roles/2.xml': role('__proto__', privilege('prvReadAccount', 'Global')),
      'Roles/3.xml': role('R', '<RolePrivilege level="Global" />'),
      'Roles/4.xml': role('R', privilege('prvReadContact', 'Global')),
      'Roles/5.xml': role(
        'S',
        `${privilege('prvReadLead', 'Organization')}<RolePrivilege name="prvReadTask" />`,
      ),
    });
    expect(roles).toEqual([
      { name: 'R', privileges: {} },
      { name: 'S', privileges: {} },
    ]);
    expect([...tables]).toEqual([]);
    expect(skipped).toEqual([
      ['securityRole', '(unnamed)', 'missing_name', 'the role has no usable name'],
      ['securityRole', '__proto__', 'missing_name', 'the role has no usable name'],
      [
        'privilege',
        'R: (unnamed)',
        'unknown_privilege',
        'not a record-level privilege (prv<Action><Table>); this library models table privileges only',
      ],
      ['securityRole', 'R', 'duplicate_name', 'another security role is already called "R"'],
      [
        'privilege',
        'S: prvReadLead',
        'invalid_value',
        'level "Organization" is not Basic, Local, Deep or Global',
      ],
      ['privilege', 'S: prvReadTask', 'invalid_value', 'level "" is not Basic, Local, Deep or Global'],
    ]);
  });
});

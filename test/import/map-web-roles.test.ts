import { describe, expect, it } from 'vitest';
import { ReportBuilder } from '../../src/import/import-report.js';
import { importPowerPagesSite } from '../../src/import/import-site.js';
import { mapWebRoles } from '../../src/import/map-web-roles.js';
import type { SiteRecord } from '../../src/import/site-record.js';

const role = (fields: Record<string, unknown>, file = 'a.webrole.yml'): SiteRecord => ({
  kind: 'webRole',
  file,
  fields,
});

function mapped(records: SiteRecord[]) {
  const report = new ReportBuilder();
  const result = mapWebRoles(records, report);
  return { ...result, skipped: report.skipped.map(({ name, reason }) => [name, reason]), report };
}

describe('mapping web roles', () => {
  it('a role keeps its name, description and flags; its id maps to its name, lower-cased', () => {
    const { webRoles, nameById, anonymous, report } = mapped([
      role({ id: 'R-1', name: 'Staff', description: 'Office staff' }),
      role({ adx_webroleid: 'R-2', adx_name: 'Members', adx_authenticatedusersrole: true }),
      role({ id: 'R-3', name: 'Visitors', anonymoususersrole: 'true' }),
    ]);
    // A role without a description, or without a flag, is written without the key.
    expect(webRoles).toStrictEqual([
      { name: 'Staff', description: 'Office staff' },
      { name: 'Members', authenticatedUsers: true },
      { name: 'Visitors', anonymousUsers: true },
    ]);
    expect([...nameById]).toEqual([
      ['r-1', 'Staff'],
      ['r-2', 'Members'],
      ['r-3', 'Visitors'],
    ]);
    expect(anonymous).toBe('Visitors');
    expect(report.mapped.map(({ name }) => name)).toEqual(['Staff', 'Members', 'Visitors']);
  });

  it('without an Anonymous users role none is named', () => {
    expect(mapped([role({ id: 'r', name: 'Staff' })])).not.toHaveProperty('anonymous');
  });

  it('inactive roles, roles without a usable name or id, and second roles of a name or id are reported', () => {
    const { webRoles, nameById, skipped } = mapped([
      role({ id: 'a', name: 'Gone', statecode: 1 }),
      role({ id: 'b', name: '  ' }),
      role({ id: 'c', name: '__proto__' }),
      role({ name: 'No id' }),
      role({ id: 'd', name: 'Staff' }),
      role({ id: 'e', name: 'Staff' }),
      role({ id: 'D', name: 'Other' }),
    ]);
    expect(webRoles).toEqual([{ name: 'Staff' }]);
    expect(nameById.has('d')).toBe(false);
    expect(skipped).toEqual([
      ['Gone', 'inactive'],
      ['b', 'missing_name'],
      ['__proto__', 'missing_name'],
      ['No id', 'missing_id'],
      ['Staff', 'duplicate_name'],
      ['Other', 'duplicate_id'],
    ]);
  });

  it('a role flagged both Anonymous and Authenticated, or a second role of either kind, is reported, never merged', () => {
    const { webRoles, anonymous, skipped, report } = mapped([
      role({ id: 'a', name: 'Both', anonymoususersrole: true, authenticatedusersrole: true }),
      role({ id: 'b', name: 'Visitors', anonymoususersrole: true }),
      role({ id: 'c', name: 'More visitors', anonymoususersrole: true }),
      role({ id: 'd', name: 'Members', authenticatedusersrole: true }),
      role({ id: 'e', name: 'More members', authenticatedusersrole: true }),
    ]);
    expect(webRoles).toEqual([
      { name: 'Visitors', anonymousUsers: true },
      { name: 'Members', authenticatedUsers: true },
    ]);
    expect(anonymous).toBe('Visitors');
    expect(skipped).toEqual([
      ['Both', 'invalid_value'],
      ['More visitors', 'invalid_value'],
      ['More members', 'invalid_value'],
    ]);
    expect(report.skipped.map(({ message }) => message)).toEqual([
      'it is flagged both Anonymous and Authenticated users role; keep one such role',
      '"Visitors" is already the Anonymous users role; keep one such role',
      '"Members" is already the Authenticated users role; keep one such role',
    ]);
  });

  it('a web role id written twice links to no role: a permission naming it grants nothing rather than to the first role read', async () => {
    const { policy, report } = await importPowerPagesSite({
      files: {
        'web-roles/a.webrole.yml': 'id: r-1\nname: Guests\n',
        'web-roles/b.webrole.yml': 'id: R-1\nname: Administrators\n',
        'web-roles/c.webrole.yml': 'id: r-2\nname: Staff\n',
        'table-permissions/p.tablepermission.yml':
          'id: p\nentityname: All orders\nentitylogicalname: salesorder\nscope: 756150000\nread: true\nentitypermission_webrole:\n- r-1\n',
        'table-permissions/q.tablepermission.yml':
          'id: q\nentityname: Products\nentitylogicalname: product\nscope: 756150000\nread: true\nentitypermission_webrole:\n- r-1\n- r-2\n',
      },
    });
    expect(policy.tablePermissions?.map(({ name, webRoles }) => [name, webRoles])).toEqual([
      ['Products', ['Staff']],
    ]);
    expect(report.skipped.map(({ name, reason }) => [name, reason])).toEqual([
      ['Administrators', 'duplicate_id'],
      ['All orders', 'no_roles'],
    ]);
  });

  it('each role left out says why and what to do; a role with neither name nor id is reported as unnamed', () => {
    const { report } = mapped([
      role({ id: 'a', name: 'Gone', statecode: 1 }),
      role({ statecode: 0 }),
      role({ name: 'No id' }),
      role({ id: 'b', name: 'Staff' }),
      role({ id: 'c', name: 'Staff' }),
      role({ id: 'B', name: 'Other' }),
    ]);
    expect(report.skipped.map(({ name, reason, message }) => [name, reason, message])).toEqual([
      ['Gone', 'inactive', 'the web role is inactive (statecode 1); its holders get nothing from it'],
      ['(unnamed)', 'missing_name', 'the web role has no usable name; give it one'],
      ['No id', 'missing_id', 'the web role has no id, so no permission can name it'],
      [
        'Staff',
        'duplicate_name',
        'another web role is already called "Staff"; rename one (roles are keyed by name)',
      ],
      ['Other', 'duplicate_id', 'another web role already has id b; links to b are dropped'],
    ]);
  });

  it('an id written three times links to no role, never to the third role read', () => {
    const { webRoles, nameById, ambiguousIds, skipped } = mapped([
      role({ id: 'x', name: 'One' }),
      role({ id: 'X', name: 'Two' }),
      role({ id: 'x', name: 'Three' }),
    ]);
    expect(webRoles).toEqual([{ name: 'One' }]);
    expect(nameById.has('x')).toBe(false);
    expect([...ambiguousIds]).toEqual(['x']);
    expect(skipped).toEqual([
      ['Two', 'duplicate_id'],
      ['Three', 'duplicate_id'],
    ]);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importDataverseSolution } from '../../src/import/import-solution.js';
import { abilityFor, definePolicy, subject } from '../../src/index.js';

const SOLUTION = fileURLToPath(new URL('../fixtures/import/solution', import.meta.url));

describe('importing an unpacked Dataverse solution', () => {
  it('maps record-level privileges at Basic, Local, Deep and Global to access levels', async () => {
    const { policy } = await importDataverseSolution(SOLUTION);
    expect(policy.securityRoles).toEqual([
      {
        name: 'Order desk',
        privileges: {
          salesorder: {
            read: 'parentChildBusinessUnits',
            write: 'user',
            create: 'businessUnit',
            appendTo: 'user',
            append: 'user',
          },
          account: { read: 'organization' },
          cr123_project: { read: 'businessUnit' },
        },
      },
    ]);
    expect(policy.tables.salesorder).toMatchObject({
      key: 'salesorderid',
      owner: 'ownerid',
      businessUnit: 'owningbusinessunit',
    });
  });

  it('reports privileges that are not record-level, and unknown depths, instead of dropping them silently', async () => {
    const { report } = await importDataverseSolution(SOLUTION);
    expect(report.skipped.map(({ name, reason }) => [name, reason])).toEqual([
      ['Order desk: prvExportToExcel', 'unknown_privilege'],
      ['Order desk: prvShareSalesOrder', 'invalid_value'],
    ]);
  });

  it('a user with the role writes only the orders they own', async () => {
    const { policy } = await importDataverseSolution(SOLUTION);
    const portal = definePolicy({ ...policy, businessUnits: [{ id: 'root' }] });
    const user = abilityFor(portal, {
      kind: 'user',
      id: 'u1',
      businessUnitId: 'root',
      securityRoles: ['Order desk'],
      licensed: true,
    });
    expect(
      user.can(
        'write',
        subject('salesorder', { salesorderid: 'o1', ownerid: 'u1', owningbusinessunit: 'root' }),
      ),
    ).toBe(true);
    expect(
      user.can(
        'write',
        subject('salesorder', { salesorderid: 'o2', ownerid: 'u2', owningbusinessunit: 'root' }),
      ),
    ).toBe(false);
  });

  it('field security profiles become column security profiles; only the value 4 allows', async () => {
    const { policy } = await importDataverseSolution(SOLUTION);
    expect(policy.columnSecurityProfiles).toEqual([
      {
        name: 'Pricing',
        description: 'Who sees and sets prices',
        columns: { salesorder: { totalamount: ['read', 'update'], discountamount: ['read'] } },
      },
    ]);
    expect(policy.tables.salesorder?.securedColumns).toEqual(['discountamount', 'totalamount']);
  });

  it('a privilege on a table named like a prototype key is reported, never declared', async () => {
    const files = {
      'Roles/r.xml':
        '<Role name="R"><RolePrivileges><RolePrivilege name="prvRead__proto__" level="Global" /><RolePrivilege name="prvReadAccount" level="Global" /></RolePrivileges></Role>',
    };
    const { policy, report } = await importDataverseSolution({ files });
    expect(Object.keys(policy.tables)).toEqual(['account']);
    expect(report.skipped.map((entry) => entry.reason)).toEqual(['unknown_privilege']);
  });

  it('a privilege written with its level twice is refused as malformed XML, never read at its last level', async () => {
    const files = {
      'Roles/r.xml':
        '<Role name="R"><RolePrivileges><RolePrivilege name="prvReadAccount" level="Basic" level="Global" /></RolePrivileges></Role>',
    };
    await expect(importDataverseSolution({ files })).rejects.toMatchObject({
      code: 'import_unparsable_file',
      path: ['Roles/r.xml'],
    });
  });

  it('a level named like an inherited member (constructor, __proto__) is reported as an unknown depth', async () => {
    for (const level of ['constructor', '__proto__', 'hasOwnProperty']) {
      const files = {
        'Roles/r.xml': `<Role name="R"><RolePrivileges><RolePrivilege name="prvReadAccount" level="${level}" /><RolePrivilege name="prvWriteAccount" level="Basic" /></RolePrivileges></Role>`,
      };
      const { policy, report } = await importDataverseSolution({ files });
      expect(policy.securityRoles, level).toEqual([
        { name: 'R', privileges: { account: { write: 'user' } } },
      ]);
      expect(
        report.skipped.map(({ name, reason }) => [name, reason]),
        level,
      ).toEqual([['R: prvReadAccount', 'invalid_value']]);
    }
  });

  it('a privilege a role lists twice keeps the narrower depth and is noted, never the last one read', async () => {
    const files = {
      'Roles/r.xml':
        '<Role name="R"><RolePrivileges><RolePrivilege name="prvReadAccount" level="Local" /><RolePrivilege name="prvReadACCOUNT" level="Global" /><RolePrivilege name="prvReadAccount" level="Basic" /><RolePrivilege name="prvWriteAccount" level="Deep" /><RolePrivilege name="prvWriteAccount" level="Global" /></RolePrivileges></Role>',
    };
    const { policy, report } = await importDataverseSolution({ files });
    expect(policy.securityRoles).toEqual([
      { name: 'R', privileges: { account: { read: 'user', write: 'parentChildBusinessUnits' } } },
    ]);
    expect(report.notes.map(({ name, message }) => [name, message])).toEqual([
      ['R: prvReadACCOUNT', '"R" lists prvReadACCOUNT twice; it keeps the narrower depth'],
      ['R: prvReadAccount', '"R" lists prvReadAccount twice; it keeps the narrower depth'],
      ['R: prvWriteAccount', '"R" lists prvWriteAccount twice; it keeps the narrower depth'],
    ]);
  });

  it('a column a field security profile lists twice keeps only the actions both give, and is noted', async () => {
    const files = {
      'Other/FieldSecurityProfiles.xml':
        '<FieldSecurityProfiles><FieldSecurityProfile name="Pricing"><FieldPermissions><FieldPermission entityname="salesorder" attributelogicalname="totalamount" canread="0" canupdate="4" /><FieldPermission entityname="SalesOrder" attributelogicalname="totalamount" canread="4" canupdate="4" /><FieldPermission entityname="salesorder" attributelogicalname="discountamount" canread="4" /></FieldPermissions></FieldSecurityProfile></FieldSecurityProfiles>',
    };
    const { policy, report } = await importDataverseSolution({ files });
    expect(policy.columnSecurityProfiles).toEqual([
      { name: 'Pricing', columns: { salesorder: { totalamount: ['update'], discountamount: ['read'] } } },
    ]);
    expect(policy.tables.salesorder?.securedColumns).toEqual(['discountamount', 'totalamount']);
    expect(report.notes.map(({ name, message }) => [name, message])).toEqual([
      [
        'Pricing: salesorder.totalamount',
        '"Pricing" lists salesorder.totalamount twice; it keeps only the actions both give',
      ],
    ]);
  });

  it('a folder with no role, profile or site component is an error', async () => {
    await expect(
      importDataverseSolution({ files: { 'Other/Solution.xml': '<ImportExportXml/>' } }),
    ).rejects.toMatchObject({ code: 'import_nothing_found' });
  });

  it('a site inside the solution is imported with the relationships its metadata declares', async () => {
    const { readFileSync } = await import('node:fs');
    const files = {
      'Other/Relationships/cr123_Project.xml': readFileSync(
        `${SOLUTION}/Other/Relationships/cr123_Project.xml`,
        'utf8',
      ),
      'powerpagecomponents/r/powerpagecomponent.xml':
        '<powerpagecomponent powerpagecomponentid="r"><name>Member</name><powerpagecomponenttype>11</powerpagecomponenttype><content>{}</content></powerpagecomponent>',
      'powerpagecomponents/p/powerpagecomponent.xml': `<powerpagecomponent powerpagecomponentid="p"><name>My projects</name><powerpagecomponenttype>18</powerpagecomponenttype><content>{"entityname":"My projects","entitylogicalname":"cr123_project","scope":756150001,"read":true,"contactrelationship":"cr123_Project_Contact","adx_entitypermission_webrole":["r"]}</content></powerpagecomponent>`,
    };
    const { policy, report } = await importDataverseSolution({ files });
    expect(policy.tables.cr123_project).toEqual({ key: 'cr123_projectid', contact: 'cr123_contactid' });
    expect(report.relationships).toEqual([
      {
        name: 'cr123_Project_Contact',
        table: 'cr123_project',
        column: 'cr123_contactid',
        origin: 'solution',
      },
    ]);
  });

  it("a solution holding a site gives one policy and one report: the site's tables merged, owner columns only where a role reaches", async () => {
    const component = (id: string, type: number, name: string, content: object) =>
      `<powerpagecomponent powerpagecomponentid="${id}"><name>${name}</name><powerpagecomponenttype>${type}</powerpagecomponenttype><content>${JSON.stringify(content).replaceAll('"', '&quot;')}</content></powerpagecomponent>`;
    const files = {
      'Roles/desk.xml':
        '<Role name="Desk"><RolePrivileges><RolePrivilege name="prvReadSalesOrder" level="Global" /><RolePrivilege name="prvReadSalesOrder" level="Global" /><RolePrivilege name="prvExportToExcel" level="Global" /></RolePrivileges></Role>',
      'Other/FieldSecurityProfiles.xml':
        '<FieldSecurityProfiles><FieldSecurityProfile name="Pricing"><FieldPermissions><FieldPermission entityname="salesorder" attributelogicalname="totalamount" canread="4" /><FieldPermission entityname="salesorder" attributelogicalname="discountamount" canread="4" /><FieldPermission entityname="quote" attributelogicalname="totalamount" canread="4" /></FieldPermissions></FieldSecurityProfile></FieldSecurityProfiles>',
      'powerpagecomponents/r/powerpagecomponent.xml': component('r', 11, 'Member', {}),
      'powerpagecomponents/g/powerpagecomponent.xml': component('g', 11, 'Gone', { statecode: 1 }),
      'powerpagecomponents/p/powerpagecomponent.xml': component('p', 18, 'My orders', {
        entityname: 'My orders',
        entitylogicalname: 'salesorder',
        scope: 756150001,
        read: true,
        contactrelationship: 'order_customer_contacts',
        adx_entitypermission_webrole: ['r'],
      }),
    };
    const { policy, report } = await importDataverseSolution({ files });
    expect(policy.tables).toStrictEqual({
      quote: { key: 'quoteid', securedColumns: ['totalamount'] },
      salesorder: {
        key: 'salesorderid',
        contact: 'customerid',
        owner: 'ownerid',
        businessUnit: 'owningbusinessunit',
        securedColumns: ['discountamount', 'totalamount'],
      },
    });
    expect(Object.keys(policy.tables)).toEqual(['quote', 'salesorder']);
    expect(policy.webRoles).toEqual([{ name: 'Member' }]);
    expect(policy.tablePermissions?.map(({ name }) => name)).toEqual(['My orders']);
    expect(policy.securityRoles).toEqual([
      { name: 'Desk', privileges: { salesorder: { read: 'organization' } } },
    ]);
    expect(policy.columnSecurityProfiles?.map(({ name }) => name)).toEqual(['Pricing']);
    expect(report.forms).toEqual(['solution']);
    expect(report.read).toBe(6);
    expect(report.mapped.map(({ kind, name }) => `${kind} ${name}`)).toEqual([
      'webRole Member',
      'tablePermission My orders',
      'securityRole Desk',
      'fieldSecurityProfile Pricing',
    ]);
    expect(report.skipped.map(({ name, reason }) => `${name} ${reason}`)).toEqual([
      'Gone inactive',
      'Desk: prvExportToExcel unknown_privilege',
    ]);
    expect(report.notes.map(({ name }) => name)).toEqual(['Desk: prvReadSalesOrder']);
    expect(report.skippedFiles).toEqual([]);
    expect(report.relationships).toEqual([
      { name: 'order_customer_contacts', table: 'salesorder', column: 'customerid', origin: 'standard' },
    ]);
  });

  it('a solution without a site reports only what it read, under the form "solution"', async () => {
    const files = {
      'Roles/x.xml':
        '<Role name="X"><RolePrivileges><RolePrivilege name="prvReadAccount" level="Local" /><RolePrivilege name="prvExportToExcel" level="Global" /></RolePrivileges></Role>',
    };
    const { policy, report } = await importDataverseSolution({ files });
    expect(policy).toStrictEqual({
      tables: { account: { key: 'accountid', owner: 'ownerid', businessUnit: 'owningbusinessunit' } },
      securityRoles: [{ name: 'X', privileges: { account: { read: 'businessUnit' } } }],
    });
    expect(report).toMatchObject({
      forms: ['solution'],
      read: 2,
      notes: [],
      skippedFiles: [],
      relationships: [],
    });
    expect(report.skipped.map(({ reason }) => reason)).toEqual(['unknown_privilege']);
  });

  it('an empty solution says what to pass', async () => {
    await expect(
      importDataverseSolution({ files: { 'Other/Solution.xml': '<ImportExportXml/>' } }),
    ).rejects.toThrow(
      'no security role (Roles/*.xml), field security profile or site component was found; pass the folder of an unpacked solution (pac solution unpack)',
    );
  });

  it('a solution whose only role is left out answers with the report saying why, not with "nothing found"', async () => {
    const files = {
      'Roles/r.xml':
        '<Role><RolePrivileges><RolePrivilege name="prvReadAccount" level="Global" /></RolePrivileges></Role>',
    };
    const { policy, report } = await importDataverseSolution({ files });
    expect(policy).toStrictEqual({ tables: {} });
    expect(report.skipped.map(({ reason, file }) => [reason, file])).toEqual([
      ['missing_name', 'Roles/r.xml'],
    ]);
  });
});

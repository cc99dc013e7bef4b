import { describe, expect, it } from 'vitest';
import { importPowerPagesSite } from '../../src/import/import-site.js';
import type { RelationshipMap } from '../../src/import/relationships.js';

const ROLE = { 'web-roles/a.webrole.yml': 'id: r-a\nname: A\n' };
const permission = (id: string, fields: Record<string, string | number>) =>
  `${Object.entries({ id, entityname: id, read: true, entitypermission_webrole: '[r-a]', ...fields })
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n')}\n`;

async function importPermissions(permissions: Record<string, string>, relationships: RelationshipMap = {}) {
  const files: Record<string, string> = { ...ROLE };
  for (const [name, text] of Object.entries(permissions))
    files[`table-permissions/${name}.tablepermission.yml`] = text;
  return importPowerPagesSite({ files }, { relationships });
}

describe("placing a permission's relationship on its table", () => {
  it('a contact, account or parent scope that names no relationship is left out, saying which field it needs', async () => {
    const { policy, report } = await importPermissions({
      '1': permission('mine', { entitylogicalname: 'salesorder', scope: 756150001 }),
      '2': permission('company', { entitylogicalname: 'salesorder', scope: 756150002 }),
    });
    expect(policy.tablePermissions).toEqual([]);
    expect(report.skipped.map(({ name, reason, message }) => [name, reason, message])).toEqual([
      [
        'mine',
        'unresolved_relationship',
        'scope contact needs a contactrelationship, and the permission names none',
      ],
      [
        'company',
        'unresolved_relationship',
        'scope account needs a accountrelationship, and the permission names none',
      ],
    ]);
  });

  it("the first parent column of each parent table becomes the table's default; another is the child's own relationship", async () => {
    const { policy } = await importPermissions(
      {
        '1': permission('orders', { entitylogicalname: 'salesorder', scope: 756150000 }),
        '2': permission('quotes', { entitylogicalname: 'quote', scope: 756150000 }),
        '3': permission('order notes', {
          entitylogicalname: 'annotation',
          scope: 756150003,
          parententitypermission: 'orders',
          parentrelationship: 'SalesOrder_Annotation',
        }),
        '4': permission('quote notes', {
          entitylogicalname: 'annotation',
          scope: 756150003,
          parententitypermission: 'quotes',
          parentrelationship: 'Quote_Annotation',
        }),
        '5': permission('order notes by regarding', {
          entitylogicalname: 'annotation',
          scope: 756150003,
          parententitypermission: 'orders',
          parentrelationship: 'cr_note_order',
        }),
      },
      { cr_note_order: { table: 'annotation', column: 'regardingobjectid' } },
    );
    expect(policy.tables.annotation).toEqual({
      key: 'annotationid',
      parent: { salesorder: 'objectid', quote: 'objectid' },
    });
    expect(policy.tablePermissions?.map(({ name, relationship }) => [name, relationship])).toEqual([
      ['orders', undefined],
      ['quotes', undefined],
      ['order notes', undefined],
      ['quote notes', undefined],
      ['order notes by regarding', 'regardingobjectid'],
    ]);
  });

  it('a many-to-many relationship links accounts under account scope and contacts under contact scope', async () => {
    const link = (relatedColumn: string) => ({
      table: 'cr_project',
      intersect: `cr_project_${relatedColumn}`,
      recordColumn: 'cr_projectid',
      relatedColumn,
    });
    const { policy, report } = await importPermissions(
      {
        '1': permission('members', {
          entitylogicalname: 'cr_project',
          scope: 756150001,
          contactrelationship: 'cr_Project_Members',
        }),
        '2': permission('partners', {
          entitylogicalname: 'cr_project',
          scope: 756150002,
          accountrelationship: 'cr_project_partners',
        }),
      },
      { cr_Project_Members: link('contactid'), cr_project_partners: link('accountid') },
    );
    const linked = (links: string, relatedColumn: string) => ({
      links,
      field: `cr_project_${links === 'contact' ? 'members' : 'partners'}_ids`,
      intersect: `cr_project_${relatedColumn}`,
      recordColumn: 'cr_projectid',
      relatedColumn,
    });
    expect(policy.tables.cr_project?.manyToMany).toStrictEqual({
      cr_project_members: linked('contact', 'contactid'),
      cr_project_partners: linked('account', 'accountid'),
    });
    expect(policy.tablePermissions?.map(({ name, relationship }) => [name, relationship])).toEqual([
      ['members', 'cr_project_members'],
      ['partners', 'cr_project_partners'],
    ]);
    expect(report.relationships).toEqual([
      { name: 'cr_Project_Members', table: 'cr_project', column: 'cr_project_members_ids', origin: 'option' },
      {
        name: 'cr_project_partners',
        table: 'cr_project',
        column: 'cr_project_partners_ids',
        origin: 'option',
      },
    ]);
  });
});

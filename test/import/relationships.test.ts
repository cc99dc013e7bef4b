import { describe, expect, it } from 'vitest';
import { importPowerPagesSite } from '../../src/import/import-site.js';
import { parseRelationshipMap, RelationshipCatalog } from '../../src/import/relationships.js';
import { readSolutionRelationships } from '../../src/import/solution-relationships.js';

const need = { table: 'cr123_order', target: 'contact', contactTable: 'contact' } as const;
const relationshipXml = (name: string, referencing: string, attribute: string, referenced: string) => `
  <EntityRelationship Name="${name}">
    <EntityRelationshipType>OneToMany</EntityRelationshipType>
    <ReferencingEntityName>${referencing}</ReferencingEntityName>
    <ReferencedEntityName>${referenced}</ReferencedEntityName>
    <ReferencingAttributeName>${attribute}</ReferencingAttributeName>
  </EntityRelationship>`;

describe('resolving relationships to columns', () => {
  it("a solution's Other/Relationships file declares a relationship, schema names lower-cased", () => {
    const files = new Map([
      [
        'Other/Relationships/cr123_Order.xml',
        `<EntityRelationships>${relationshipXml('cr123_Order_Contact', 'cr123_Order', 'cr123_ContactId', 'Contact')}</EntityRelationships>`,
      ],
    ]);
    const catalog = new RelationshipCatalog(readSolutionRelationships(files), {});
    expect(catalog.resolve('cr123_order_contact', need)).toEqual({
      column: 'cr123_contactid',
      origin: 'solution',
    });
  });

  it('customizations.xml and Entity.xml declare relationships too', () => {
    const files = new Map([
      [
        'src/Other/customizations.xml',
        `<ImportExportXml><EntityRelationships>${relationshipXml('a_rel', 'cr123_order', 'a_col', 'contact')}</EntityRelationships></ImportExportXml>`,
      ],
      [
        'src/Entities/cr123_order/Entity.xml',
        `<Entity><EntityRelationships>${relationshipXml('b_rel', 'cr123_order', 'b_col', 'contact')}</EntityRelationships></Entity>`,
      ],
    ]);
    const catalog = new RelationshipCatalog(readSolutionRelationships(files), {});
    expect(catalog.resolve('a_rel', need)).toMatchObject({ column: 'a_col' });
    expect(catalog.resolve('b_rel', need)).toMatchObject({ column: 'b_col' });
  });

  it('options win over the solution, which wins over the standard table', () => {
    const files = new Map([
      [
        'Other/Relationships.xml',
        `<EntityRelationships>${relationshipXml('Contact_Annotation', 'annotation', 'regardingid', 'contact')}</EntityRelationships>`,
      ],
    ]);
    const annotation = {
      table: 'annotation',
      target: 'parent',
      parentTable: 'contact',
      contactTable: 'contact',
    } as const;
    expect(new RelationshipCatalog([], {}).resolve('Contact_Annotation', annotation)).toEqual({
      column: 'objectid',
      origin: 'standard',
    });
    expect(
      new RelationshipCatalog(readSolutionRelationships(files), {}).resolve('Contact_Annotation', annotation),
    ).toEqual({ column: 'regardingid', origin: 'solution' });
    const optioned = new RelationshipCatalog(readSolutionRelationships(files), {
      Contact_Annotation: { table: 'annotation', column: 'mine' },
    });
    expect(optioned.resolve('Contact_Annotation', annotation)).toEqual({ column: 'mine', origin: 'option' });
  });

  it('a relationship the solution declares twice differently is not guessed: it must be mapped in options', () => {
    const declaring = (column: string) =>
      `<EntityRelationships>${relationshipXml('cr123_Project_Contact', 'cr123_project', column, 'contact')}</EntityRelationships>`;
    const files = new Map([
      ['Other/Relationships/a.xml', declaring('cr123_contactid')],
      ['Other/Relationships/b.xml', declaring('cr123_createdby')],
      ['Other/Relationships/c.xml', declaring('cr123_contactid')],
    ]);
    const need = { table: 'cr123_project', target: 'contact', contactTable: 'contact' } as const;
    const resolved = new RelationshipCatalog(readSolutionRelationships(files), {}).resolve(
      'cr123_Project_Contact',
      need,
    );
    expect(resolved).toEqual({
      problem: expect.stringMatching(
        /^relationship "cr123_Project_Contact" is declared differently in Other\/Relationships\/a\.xml and Other\/Relationships\/b\.xml; map it in options\.relationships/,
      ),
    });
    const mapped = new RelationshipCatalog(readSolutionRelationships(files), {
      cr123_Project_Contact: { table: 'cr123_project', column: 'cr123_contactid' },
    });
    expect(mapped.resolve('cr123_Project_Contact', need)).toEqual({
      column: 'cr123_contactid',
      origin: 'option',
    });
  });

  it('a relationship declared twice the same way (customizations.xml and its own file) resolves', () => {
    const declaration = relationshipXml(
      'cr123_Project_Contact',
      'cr123_project',
      'cr123_contactid',
      'contact',
    );
    const files = new Map([
      [
        'customizations.xml',
        `<ImportExportXml><EntityRelationships>${declaration}</EntityRelationships></ImportExportXml>`,
      ],
      ['Other/Relationships/a.xml', `<EntityRelationships>${declaration}</EntityRelationships>`],
    ]);
    expect(
      new RelationshipCatalog(readSolutionRelationships(files), {}).resolve('cr123_Project_Contact', {
        table: 'cr123_project',
        target: 'contact',
        contactTable: 'contact',
      }),
    ).toEqual({ column: 'cr123_contactid', origin: 'solution' });
  });

  it('a many-to-many relationship in the solution is not guessed: its intersect columns must be mapped', () => {
    const files = new Map([
      [
        'Other/Relationships.xml',
        '<EntityRelationships><EntityRelationship Name="cr123_order_contact_nn"><EntityRelationshipType>ManyToMany</EntityRelationshipType></EntityRelationship></EntityRelationships>',
      ],
    ]);
    const resolution = new RelationshipCatalog(readSolutionRelationships(files), {}).resolve(
      'cr123_order_contact_nn',
      need,
    );
    expect(resolution).toMatchObject({
      problem: expect.stringContaining('"intersect", "recordColumn" and "relatedColumn"'),
    });
  });

  it('a many-to-many relationship mapped in options gives a contact scope through its intersect table', async () => {
    const files = {
      'web-roles/a.webrole.yml': 'id: r\nname: Member\n',
      'table-permissions/p.tablepermission.yml':
        'id: p\nentityname: Shared orders\nentitylogicalname: cr123_order\nscope: 756150001\nread: true\ncontactrelationship: cr123_order_contact_nn\nentitypermission_webrole: [r]\n',
    };
    const relationships = {
      cr123_order_contact_nn: {
        table: 'cr123_order',
        intersect: 'cr123_order_contact',
        recordColumn: 'cr123_orderid',
        relatedColumn: 'contactid',
      },
    };
    const { policy } = await importPowerPagesSite({ files }, { relationships });
    expect(policy.tables.cr123_order?.manyToMany).toEqual({
      cr123_order_contact_nn: {
        links: 'contact',
        field: 'cr123_order_contact_nn_ids',
        intersect: 'cr123_order_contact',
        recordColumn: 'cr123_orderid',
        relatedColumn: 'contactid',
      },
    });
    expect(policy.tablePermissions?.[0]?.relationship).toBe('cr123_order_contact_nn');
  });

  it('a relationship map with a bad column name is refused with its key', () => {
    expect(() => parseRelationshipMap({ rel: { table: 'order', column: 'a b' } })).toThrow(
      /options\.relationships\.rel/,
    );
    expect(() => parseRelationshipMap({ rel: { table: 'order', column: '__proto__' } })).toThrow(/reserved/);
  });
});

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

  it("a solution's lookup that does not name the table it points to is reported, never assumed to point where a permission needs", () => {
    const withoutTarget = relationshipXml(
      'cr123_Order_Contact',
      'cr123_Order',
      'cr123_ContactId',
      'x',
    ).replace(/<ReferencedEntityName>x<\/ReferencedEntityName>/, '');
    const files = new Map([
      ['Other/Relationships/cr123_Order.xml', `<EntityRelationships>${withoutTarget}</EntityRelationships>`],
    ]);
    const catalog = new RelationshipCatalog(readSolutionRelationships(files), {});
    expect(catalog.resolve('cr123_order_contact', need)).toEqual({
      problem:
        'relationship "cr123_order_contact" is declared in the solution without the table it points to (ReferencedEntityName); map it in options.relationships (--relationships): { "cr123_order_contact": { "table": "cr123_order", "column": "<lookup column>" } }',
    });
    // Mapped by hand, the same lookup resolves: the mapping states where it points by its use.
    const mapped = new RelationshipCatalog(readSolutionRelationships(files), {
      cr123_Order_Contact: { table: 'cr123_order', column: 'cr123_contactid' },
    });
    expect(mapped.resolve('cr123_order_contact', need)).toEqual({
      column: 'cr123_contactid',
      origin: 'option',
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

  it('each relationship that cannot serve the permission is reported with why and how to map it, never guessed', () => {
    const nn = {
      table: 'cr123_order',
      intersect: 'cr123_order_contact',
      recordColumn: 'cr123_orderid',
      relatedColumn: 'contactid',
    };
    const declared = (name: string, column: string) =>
      ({
        name,
        type: 'OneToMany',
        table: 'cr123_order',
        column,
        references: 'contact',
        file: 'a.xml',
      }) as const;
    const catalog = new RelationshipCatalog(
      [declared('Bad_Column', 'constructor'), declared('Dash_Column', 'a-b')],
      parseRelationshipMap({ Order_NN: nn }),
    );
    const mapIt = (name: string, table: string) =>
      `map it in options.relationships (--relationships): { "${name}": { "table": "${table}", "column": "<lookup column>" } }`;
    const cases: [string, Parameters<RelationshipCatalog['resolve']>[1], string][] = [
      [
        'nope',
        need,
        `relationship "nope" is not in the solution's metadata nor in the standard table; ${mapIt('nope', 'cr123_order')}`,
      ],
      [
        'Order_NN',
        { ...need, target: 'parent', parentTable: 'account' },
        'relationship "Order_NN" is many-to-many, which a parent permission cannot follow (a child row names one parent); grant the rows with a contact or account scope instead',
      ],
      [
        'order_nn',
        { ...need, table: 'quote' },
        `relationship "order_nn" is mapped on table "cr123_order", not "quote"; ${mapIt('order_nn', 'quote')}`,
      ],
      [
        'Bad_Column',
        need,
        `relationship "Bad_Column" names the column "constructor", which is not a usable column name; ${mapIt('Bad_Column', 'cr123_order')}`,
      ],
      [
        'Dash_Column',
        need,
        `relationship "Dash_Column" names the column "a-b", which is not a usable column name; ${mapIt('Dash_Column', 'cr123_order')}`,
      ],
      [
        'order_customer_contacts',
        need,
        `relationship "order_customer_contacts" is a lookup of table "salesorder" (salesorder.customerid), not of "cr123_order"; ${mapIt('order_customer_contacts', 'cr123_order')}`,
      ],
      [
        'order_customer_contacts',
        { ...need, table: 'salesorder', target: 'account' },
        `relationship "order_customer_contacts" points to table "contact", but this permission needs one to "account"; ${mapIt('order_customer_contacts', 'salesorder')}`,
      ],
      [
        'order_customer_accounts',
        { ...need, table: 'salesorder', target: 'contact' },
        `relationship "order_customer_accounts" points to table "account", but this permission needs one to "contact"; ${mapIt('order_customer_accounts', 'salesorder')}`,
      ],
      [
        'order_details',
        { ...need, table: 'salesorderdetail', target: 'parent', parentTable: 'quote' },
        `relationship "order_details" points to table "salesorder", but this permission needs one to "quote"; ${mapIt('order_details', 'salesorderdetail')}`,
      ],
    ];
    for (const [name, wanted, problem] of cases)
      expect(catalog.resolve(name, wanted), `${name} ${JSON.stringify(wanted)}`).toEqual({ problem });
  });

  it('a many-to-many mapping keeps its own field name, else <relationship>_ids; a lookup keeps its origin', () => {
    const nn = {
      table: 'cr123_order',
      intersect: 'cr123_order_contact',
      recordColumn: 'cr123_orderid',
      relatedColumn: 'contactid',
    };
    const catalog = new RelationshipCatalog(
      [],
      parseRelationshipMap({ Order_NN: nn, Named_NN: { ...nn, field: 'members' } }),
    );
    expect(catalog.resolve('Order_NN', { ...need, target: 'account' })).toEqual({
      manyToMany: { ...nn, field: 'order_nn_ids' },
      origin: 'option',
    });
    expect(catalog.resolve('named_nn', need)).toEqual({
      manyToMany: { ...nn, field: 'members' },
      origin: 'option',
    });
  });

  it("only the contact's own account lookup makes account scope on the account table compare the account key", () => {
    const catalog = new RelationshipCatalog(
      [
        {
          name: 'contact_owner',
          type: 'OneToMany',
          table: 'contact',
          column: 'ownerid',
          references: 'systemuser',
          file: 'a.xml',
        },
      ],
      {},
    );
    const onAccount = { table: 'account', target: 'account', contactTable: 'contact' } as const;
    expect(catalog.resolve('contact_customer_accounts', onAccount)).toEqual({
      column: 'accountid',
      origin: 'standard',
    });
    // A company's subsidiaries: the parent account lookup is compared, not the account's own key.
    expect(catalog.resolve('account_parent_account', onAccount)).toEqual({
      column: 'parentaccountid',
      origin: 'standard',
    });
    expect(catalog.resolve('contact_customer_accounts', { ...onAccount, table: 'salesorder' })).toMatchObject(
      {
        problem: expect.stringMatching(
          /is a lookup of table "contact" \(contact\.parentcustomerid\), not of "salesorder"/,
        ),
      },
    );
    expect(catalog.resolve('contact_owner', onAccount)).toMatchObject({
      problem: expect.stringMatching(/^relationship "contact_owner" is a lookup of table "contact"/),
    });
    expect(
      catalog.resolve('contact_customer_accounts', { ...onAccount, contactTable: 'cr123_person' }),
    ).toMatchObject({
      problem: expect.stringMatching(
        /is a lookup of table "contact" \(contact\.parentcustomerid\), not of "account"/,
      ),
    });
  });

  it('a bad relationship map entry is refused at its path with how to map one', () => {
    let error: { code?: string; path?: unknown; message?: string } = {};
    try {
      parseRelationshipMap({ rel: { table: 'order', column: 'a b' } });
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error).toMatchObject({ code: 'import_invalid_options', path: ['relationships', 'rel', 'column'] });
    expect(error.message).toMatch(
      /^options\.relationships\.rel\.column: .+; map a relationship as \{ "table": "<logical name>", "column": "<lookup column>" \}$/,
    );
  });
});

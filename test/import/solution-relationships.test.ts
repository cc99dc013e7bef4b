import { describe, expect, it } from 'vitest';
import { readSolutionRelationships } from '../../src/import/solution-relationships.js';

const oneToMany = (name: string) =>
  `<EntityRelationship Name="${name}"><EntityRelationshipType>OneToMany</EntityRelationshipType><ReferencingEntityName>cr123_Order</ReferencingEntityName><ReferencingAttributeName>cr123_ContactId</ReferencingAttributeName><ReferencedEntityName>Contact</ReferencedEntityName></EntityRelationship>`;
const declaring = (name: string) => `<EntityRelationships>${oneToMany(name)}</EntityRelationships>`;

describe("reading the relationships a solution's metadata declares", () => {
  it('reads customizations.xml, Other/Relationships.xml, the files under Other/Relationships and Entity.xml, in any case, in path order', () => {
    const files = new Map([
      ['customizations.xml', declaring('a')],
      ['src/Other/Relationships.xml', declaring('b')],
      ['Other/Relationships/cr123_Order.xml', declaring('c')],
      ['Entities/cr123_order/Entity.xml', declaring('d')],
      ['OTHER/relationships/x.XML', declaring('e')],
    ]);
    expect(readSolutionRelationships(files).map(({ name, file }) => `${name} ${file}`)).toEqual([
      'd Entities/cr123_order/Entity.xml',
      'e OTHER/relationships/x.XML',
      'c Other/Relationships/cr123_Order.xml',
      'a customizations.xml',
      'b src/Other/Relationships.xml',
    ]);
  });

  it('files that only resemble metadata are not read', () => {
    const files = new Map([
      ['mycustomizations.xml', declaring('a')],
      ['Other/Relationships.xml.orig', declaring('b')],
      ['Other/Relationships/nested/x.xml', declaring('c')],
      ['Entities/cr123_order/forms/Entity.xml', declaring('d')],
      ['Entities/Entity.xml', declaring('e')],
      ['MyOther/Relationships.xml', declaring('f')],
    ]);
    expect(readSolutionRelationships(files)).toEqual([]);
  });

  it('a one-to-many relationship gives its lookup in logical (lower-case) names; one without a name is skipped', () => {
    const files = new Map([
      [
        'customizations.xml',
        `<EntityRelationships>${oneToMany('cr123_Order_Contact')}<EntityRelationship><EntityRelationshipType>OneToMany</EntityRelationshipType></EntityRelationship></EntityRelationships>`,
      ],
    ]);
    expect(readSolutionRelationships(files)).toStrictEqual([
      {
        name: 'cr123_Order_Contact',
        type: 'OneToMany',
        file: 'customizations.xml',
        table: 'cr123_order',
        column: 'cr123_contactid',
        references: 'contact',
      },
    ]);
  });

  it('a many-to-many relationship, in any case of its type, carries no columns; missing parts of a lookup stay missing', () => {
    const files = new Map([
      [
        'customizations.xml',
        '<EntityRelationships><EntityRelationship Name="nn"><EntityRelationshipType>manyToMany</EntityRelationshipType><ReferencingEntityName>x</ReferencingEntityName></EntityRelationship><EntityRelationship Name="bare"><EntityRelationshipType>OneToMany</EntityRelationshipType></EntityRelationship></EntityRelationships>',
      ],
    ]);
    expect(readSolutionRelationships(files)).toStrictEqual([
      { name: 'nn', type: 'ManyToMany', file: 'customizations.xml' },
      { name: 'bare', type: 'OneToMany', file: 'customizations.xml' },
    ]);
  });
});

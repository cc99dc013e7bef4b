import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  definePolicy,
  filterAccessible,
  TABLE_PERMISSION_PRIVILEGES,
} from '../../../src/index.js';
import { accessibleBy, type PrismaWhere } from '../../../src/integrations/prisma/index.js';
import { arbitraryDataset, recordsOf } from '../../../src/testing/arbitrary-dataset.js';
import { arbitraryPortalPolicy } from '../../../src/testing/arbitrary-policy.js';
import { arbitraryPrincipal } from '../../../src/testing/arbitrary-principal.js';
import { arbitraryUser } from '../../../src/testing/arbitrary-user.js';
import { customerPortal, people } from '../../fixtures/customer-portal.js';
import { internalInput, internalPolicy, salesOrder, staff } from '../../fixtures/internal-users.js';
import { manyToManyPortal, members } from '../../fixtures/many-to-many.js';
import { propertyRuns } from '../../fixtures/property-runs.js';

type Row = Record<string, unknown>;

/**
 * Prisma's documented meaning of the `where` inputs the translation uses, over rows with their relations
 * loaded (a parent under its relation name, share rows as `{ principal, privilege }`): a scalar equals a
 * string, `in`, `not` (which, as SQL `<>`, never matches NULL), `is` on a to-one relation, `some` on a
 * to-many one, `AND` / `OR` (an empty `OR` matches nothing). No Prisma client ran here: see the cookbook.
 */
function prismaMatches(where: PrismaWhere, row: Row): boolean {
  return Object.entries(where).every(([key, filter]) => {
    if (key === 'AND') return (filter as PrismaWhere[]).every((child) => prismaMatches(child, row));
    if (key === 'OR') return (filter as PrismaWhere[]).some((child) => prismaMatches(child, row));
    const value = row[key];
    if (typeof filter === 'string') return value === filter;
    const operator = filter as Record<string, unknown>;
    if ('in' in operator) return typeof value === 'string' && (operator.in as string[]).includes(value);
    if ('not' in operator) return typeof value === 'string' && value !== operator.not;
    if ('is' in operator) {
      return (
        typeof value === 'object' && value !== null && prismaMatches(operator.is as PrismaWhere, value as Row)
      );
    }
    if ('has' in operator) return Array.isArray(value) && value.includes(operator.has);
    if ('some' in operator) {
      return (
        Array.isArray(value) && value.some((share) => prismaMatches(operator.some as PrismaWhere, share))
      );
    }
    throw new Error(`the translation wrote a filter the test does not know: ${JSON.stringify(filter)}`);
  });
}

/** The in-memory shares field (`[{ principal, privileges }]`) as Prisma's share rows. */
const withShareRows = (row: Row, field: string): Row => ({
  ...row,
  [field]: Array.isArray(row[field])
    ? (row[field] as { principal: string; privileges: string[] }[]).flatMap(({ principal, privileges }) =>
        privileges.map((privilege) => ({ principal, privilege })),
      )
    : [],
});

describe('accessibleBy for Prisma', () => {
  it('a many-to-many scope is `has` on the scalar list of related ids', () => {
    const jane = abilityFor(manyToManyPortal, members.jane);
    expect(accessibleBy(jane, 'read', 'case')).toEqual({ contactIds: { has: 'jane' } });
  });

  it('compares the contact field for a contact-scope grant', () => {
    expect(accessibleBy(abilityFor(customerPortal, people.jane), 'read', 'salesorder')).toEqual({
      orderedBy: 'jane',
    });
  });

  it('follows the relation to the parent, named as the parent table or as the host maps it', () => {
    const jane = abilityFor(customerPortal, people.jane);
    expect(accessibleBy(jane, 'read', 'salesorderline')).toEqual({
      AND: [{ salesOrderId: { not: '' } }, { salesorder: { is: { orderedBy: 'jane' } } }],
    });
    expect(
      accessibleBy(jane, 'read', 'salesorderline', {
        relations: { salesorderline: { salesOrderId: 'order' } },
      }),
    ).toEqual({ AND: [{ salesOrderId: { not: '' } }, { order: { is: { orderedBy: 'jane' } } }] });
  });

  it('lists a business-unit subtree with in', () => {
    const where = accessibleBy(abilityFor(internalPolicy, staff(['Deep reader'])), 'read', 'salesorder');
    expect(JSON.stringify(where)).toContain('"owningBusinessUnitId":{"in":["sales","east","east1"]}');
  });

  it('reaches share rows through a to-many relation with some', () => {
    const where = accessibleBy(abilityFor(internalPolicy, staff(['Basic reader'])), 'read', 'salesorder', {
      shares: { salesorder: 'shares' },
    });
    expect(where).toEqual({
      OR: [{ shares: { some: { principal: { in: ['ulla'] }, privilege: 'read' } } }, { ownerId: 'ulla' }],
    });
  });

  it('matches nothing without a grant and everything with a global one', () => {
    expect(accessibleBy(abilityFor(customerPortal, people.visitor), 'read', 'salesorder')).toEqual({
      OR: [],
    });
    expect(accessibleBy(abilityFor(customerPortal, people.admin), 'read', 'salesorder')).toEqual({});
  });

  it('ignores a relation name planted on the prototype of the options', () => {
    const options = Object.create({ relations: { salesorderline: { salesOrderId: 'hijacked' } } });
    expect(
      JSON.stringify(
        accessibleBy(abilityFor(customerPortal, people.jane), 'read', 'salesorderline', options),
      ),
    ).not.toContain('hijacked');
  });

  it('under Prisma semantics, selects the business-unit orders filterAccessible keeps', () => {
    const ability = abilityFor(internalPolicy, staff(['Deep reader']));
    const records = ['root', 'sales', 'east', 'east1', 'north'].map((unit) => ({ ...salesOrder(unit) }));
    const where = accessibleBy(ability, 'read', 'salesorder');
    expect(records.filter((record) => prismaMatches(where, withShareRows(record, 'sharedWith')))).toEqual(
      filterAccessible(ability, 'read', 'salesorder', records),
    );
  });

  it('under Prisma semantics, selects exactly the rows filterAccessible keeps, for random portal policies', () => {
    const scenario = arbitraryPortalPolicy().chain((input) =>
      fc.tuple(fc.constant(input), arbitraryPrincipal(input), arbitraryDataset(input)),
    );
    fc.assert(
      fc.property(scenario, ([input, principal, dataset]) => {
        const ability = abilityFor(definePolicy(input), principal);
        for (const table of Object.keys(input.tables)) {
          const records = recordsOf(input, dataset, table);
          for (const action of TABLE_PERMISSION_PRIVILEGES) {
            const where = accessibleBy(ability, action, table);
            expect(records.filter((record) => prismaMatches(where, record))).toEqual(
              filterAccessible(ability, action, table, records),
            );
          }
        }
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('under Prisma semantics, selects exactly the rows filterAccessible keeps for internal users and shares', () => {
    fc.assert(
      fc.property(arbitraryUser(internalPolicy), arbitraryDataset(internalInput), (user, dataset) => {
        const ability = abilityFor(internalPolicy, user);
        for (const table of Object.keys(internalInput.tables)) {
          const records = recordsOf(internalInput, dataset, table);
          for (const action of TABLE_PERMISSION_PRIVILEGES) {
            const where = accessibleBy(ability, action, table);
            expect(
              records.filter((record) => prismaMatches(where, withShareRows(record, 'sharedWith'))),
            ).toEqual(filterAccessible(ability, action, table, records));
          }
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});

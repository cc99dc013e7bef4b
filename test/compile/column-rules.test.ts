import { Ability, ForbiddenError, fieldPatternMatcher } from '@casl/ability';
import { packRules, permittedFieldsOf, unpackRules } from '@casl/ability/extra';
import { describe, expect, it } from 'vitest';
import type { PortalRawRule } from '../../src/base/rule.js';
import {
  abilityFor,
  definePolicy,
  type Principal,
  PrincipalValidationError,
  subject,
} from '../../src/index.js';
import { contacts, order, pricedPortal, pricedPortalInput, users } from '../fixtures/column-security.js';

const FIELDS = pricedPortalInput.tables.salesorder.fields;
const withPricesOnly = pricedPortalInput.columnPermissions[1];
// The orders table without its list of fields: column security then has to take columns away with denials.
const { fields: _fields, ...undeclaredOrders } = pricedPortalInput.tables.salesorder;
const openOrders = definePolicy({
  ...pricedPortalInput,
  tables: { ...pricedPortalInput.tables, salesorder: undeclaredOrders },
});

describe('column permissions for contacts (SPEC 1.7)', () => {
  it('an authorized user reads their order but not its price or total', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const mine = order('jane');
    expect(jane.can('read', mine)).toBe(true);
    expect(jane.can('read', mine, 'status')).toBe(true);
    expect(jane.can('read', mine, 'price')).toBe(false);
    expect(jane.can('read', mine, 'total')).toBe(false);
  });

  it('a representative reads the price of any company order', () => {
    const rita = abilityFor(pricedPortal, contacts.rita);
    expect(rita.can('read', order('jane'), 'price')).toBe(true);
    expect(rita.can('read', order('jane'), 'total')).toBe(true);
  });

  it('a field check never says yes where the row check says no', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const colleagues = order('sam');
    expect(jane.can('read', colleagues)).toBe(false);
    for (const field of FIELDS) expect(jane.can('read', colleagues, field)).toBe(false);
  });

  it('a column permission grants no row access: a contact without table permissions reads nothing', () => {
    const pat = abilityFor(pricedPortal, contacts.plain);
    expect(pat.can('read', order('pat'))).toBe(false);
    expect(pat.can('read', order('pat'), 'status')).toBe(false);
  });

  it('per-column entries replace allColumns within a profile, and profiles combine by union (D11)', () => {
    const rita = abilityFor(pricedPortal, contacts.rita);
    const jane = abilityFor(pricedPortal, contacts.jane);
    const both = abilityFor(pricedPortal, contacts.both);
    expect(rita.can('write', order('jane'), 'status')).toBe(true);
    expect(rita.can('write', order('jane'), 'price')).toBe(false);
    expect(jane.can('write', order('jane'), 'status')).toBe(false);
    expect(jane.can('write', order('jane'), 'customerAccount')).toBe(true);
    expect(both.can('read', order('bo'), 'price')).toBe(true);
    expect(both.can('write', order('bo'), 'status')).toBe(true);
  });

  it('a column the table does not declare gets no access, even under allColumns', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    // @ts-expect-error: secretMargin is not among tables.salesorder.fields; the compiler refuses it too
    expect(jane.can('read', order('jane'), 'secretMargin')).toBe(false);
  });

  it('a table without column permissions keeps every column for row access', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    const note = subject('note', { id: 'n1', author: 'jane', body: 'hi' });
    expect(jane.can('read', note, 'body')).toBe(true);
    expect(jane.can('read', note, 'anything')).toBe(true);
  });

  it('a contact holding no profile of a restricted table sees none of its columns', () => {
    const policy = definePolicy({
      ...pricedPortalInput,
      columnPermissions: [pricedPortalInput.columnPermissions[1]],
    });
    const jane = abilityFor(policy, contacts.jane);
    expect(jane.can('read', order('jane'))).toBe(true);
    for (const field of FIELDS) expect(jane.can('read', order('jane'), field)).toBe(false);
  });
});

describe('column security profiles for internal users (SPEC 2.8)', () => {
  it('a user without a profile reads the order but not its secured columns', () => {
    const sue = abilityFor(pricedPortal, users.sue);
    expect(sue.can('read', order('jane'))).toBe(true);
    expect(sue.can('read', order('jane'), 'status')).toBe(true);
    expect(sue.can('read', order('jane'), 'price')).toBe(false);
  });

  it('a profile held directly grants exactly its columns and actions', () => {
    const tom = abilityFor(pricedPortal, users.tom);
    expect(tom.can('read', order('jane'), 'total')).toBe(true);
    expect(tom.can('read', order('jane'), 'price')).toBe(false);
  });

  it('a profile held through a team grants its columns to members', () => {
    const pia = abilityFor(pricedPortal, users.pia);
    const own = order('jane', { ownerId: 'pia' });
    expect(pia.can('read', own, 'price')).toBe(true);
    expect(pia.can('write', own, 'price')).toBe(true);
    expect(pia.can('write', own, 'total')).toBe(false);
  });

  it('a profile never grants row access: a secured column of an unreachable row stays denied', () => {
    const pia = abilityFor(pricedPortal, users.pia);
    const elsewhere = order('jane', { owningBusinessUnitId: 'root' });
    expect(pia.can('read', elsewhere)).toBe(false);
    expect(pia.can('read', elsewhere, 'price')).toBe(false);
  });

  it('a user naming an unknown column security profile is refused with a hint (D18)', () => {
    expect(() => abilityFor(pricedPortal, { ...users.sue, columnSecurityProfiles: ['Pricng'] })).toThrow(
      PrincipalValidationError,
    );
    try {
      abilityFor(pricedPortal, { ...users.sue, columnSecurityProfiles: ['Pricng'] });
    } catch (error) {
      expect((error as PrincipalValidationError).issues[0]).toMatchObject({
        code: 'unknown_column_security_profile',
        path: ['columnSecurityProfiles', 0],
      });
      expect((error as PrincipalValidationError).issues[0]!.message).toContain('did you mean "Pricing"?');
    }
  });
});

describe('unknown column security profiles (D18)', () => {
  it('are refused even when the policy secures no column, and for a gated user', () => {
    const plain = definePolicy({
      ...pricedPortalInput,
      tables: {
        ...pricedPortalInput.tables,
        salesorder: { ...pricedPortalInput.tables.salesorder, securedColumns: [] },
      },
      columnPermissions: [],
      columnSecurityProfiles: [],
      teams: [],
    });
    expect(() => abilityFor(plain, { ...users.sue, columnSecurityProfiles: ['Pricing'] })).toThrow(
      PrincipalValidationError,
    );
    expect(() =>
      abilityFor(pricedPortal, { ...users.sue, enabled: false, columnSecurityProfiles: ['Nope'] }),
    ).toThrow(PrincipalValidationError);
  });
});

describe('CASL agreement', () => {
  const cases = [contacts.jane, contacts.rita, contacts.both, users.sue, users.tom, users.pia] as const;

  // Without declared fields the compiler must deny with inverted rules (and "**" for "every column").
  const { fields: _declared, ...openOrders } = pricedPortalInput.tables.salesorder;
  const undeclared = definePolicy({
    ...pricedPortalInput,
    tables: { ...pricedPortalInput.tables, salesorder: openOrders },
    columnPermissions: [
      ...pricedPortalInput.columnPermissions,
      { name: 'Nothing for notes', table: 'note', webRoles: [], allColumns: ['read'] },
    ],
  });
  const CANDIDATES = [...FIELDS, 'undeclared'];

  it.each([
    ['declared fields', pricedPortal],
    ['undeclared fields', undeclared],
  ])('can, relevantRuleFor and permittedFieldsOf agree on every field (%s)', (_, policy) => {
    for (const principal of cases) {
      const ability = abilityFor(policy, principal);
      const note = subject('note', { id: 'n', author: principal.id, body: 'b' });
      for (const record of [order('jane'), order('bo'), order('sam', { ownerId: 'pia' }), note]) {
        for (const action of ['read', 'write', 'create'] as const) {
          const viaRules = CANDIDATES.filter((field) => {
            const rule = ability.relevantRuleFor(action, record, field);
            return rule !== null && !rule.inverted;
          });
          const permitted = permittedFieldsOf(ability, action, record, {
            fieldsFrom: (rule) => rule.fields ?? CANDIDATES,
          }).filter((field) => CANDIDATES.includes(field));
          const viaCan = CANDIDATES.filter((field) => ability.can(action, record, field));
          expect(viaCan, `${principal.id} ${action}`).toEqual(viaRules);
          expect([...permitted].sort(), `${principal.id} ${action}`).toEqual([...viaCan].sort());
        }
      }
    }
  });

  it('a contact holding no profile of a restricted table without declared fields sees no column', () => {
    const jane = abilityFor(undeclared, contacts.jane);
    const note = subject('note', { id: 'n', author: 'jane', body: 'b' });
    expect(jane.can('read', note)).toBe(true);
    expect(jane.can('read', note, 'body')).toBe(false);
    expect(jane.can('read', order('jane'), 'undeclared')).toBe(true);
    expect(jane.can('read', order('jane'), 'price')).toBe(false);
  });

  it('rulesFor with a field lists only the rules that can decide that field', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    expect(jane.rulesFor('read', 'salesorder', 'price')).toEqual([]);
    expect(jane.rulesFor('read', 'salesorder', 'status').length).toBeGreaterThan(0);
    const open = abilityFor(undeclared, contacts.jane);
    expect(open.rulesFor('read', 'salesorder', 'price')[0]?.inverted).toBe(true);
  });

  it('row checks, row rules and the SQL listing are unchanged by column rules', () => {
    const jane = abilityFor(pricedPortal, contacts.jane);
    expect(jane.rulesFor('read', 'salesorder').every((rule) => !rule.inverted)).toBe(true);
    expect(jane.can('read', 'salesorder')).toBe(true);
  });
});

describe('column rules and the rest of the ability', () => {
  it('column security takes no row action away: a contact whose columns are restricted still deletes their order', () => {
    const policy = definePolicy({
      ...pricedPortalInput,
      tablePermissions: pricedPortalInput.tablePermissions.map((permission) =>
        permission.name === 'My orders'
          ? { ...permission, privileges: [...permission.privileges, 'delete'] }
          : permission,
      ),
    });
    const jane = abilityFor(policy, contacts.jane);
    expect(jane.can('delete', order('jane'))).toBe(true);
    expect(jane.can('read', order('jane'), 'price')).toBe(false);
    expect(jane.can('delete', order('sam'))).toBe(false);
  });

  it('each restricted action keeps its own columns, even when their names run together', () => {
    const policy = definePolicy({
      tables: {
        quote: { contact: 'requestedBy', fields: ['id', 'requestedBy', 'unit', 'price', 'unitprice'] },
      },
      webRoles: [{ name: 'Buyer' }],
      tablePermissions: [
        {
          name: 'My quotes',
          table: 'quote',
          scope: 'contact',
          privileges: ['read', 'write'],
          webRoles: ['Buyer'],
        },
      ],
      columnPermissions: [
        {
          name: 'Quote lines',
          table: 'quote',
          webRoles: ['Buyer'],
          columns: { unit: ['read'], price: ['read'], unitprice: ['update'] },
        },
      ],
    });
    const buyer = abilityFor(policy, { kind: 'contact', id: 'bea', webRoles: ['Buyer'] });
    const quote = subject('quote', { id: 'Q-1', requestedBy: 'bea', unit: 'kg', price: 3, unitprice: 3 });
    expect(buyer.can('read', quote, 'unit')).toBe(true);
    expect(buyer.can('read', quote, 'unitprice')).toBe(false);
    expect(buyer.can('write', quote, 'unitprice')).toBe(true);
    expect(buyer.can('write', quote, 'unit')).toBe(false);
  });

  it("CASL's ForbiddenError for a refused column names the table, the action and what restricts it", () => {
    const refusal = (principal: Principal, action: 'read' | 'write', field: string) => {
      const ability = abilityFor(openOrders, principal);
      const rule = ability.relevantRuleFor(action, order('jane'), field);
      return {
        message: ForbiddenError.from(ability).unlessCan(action, order('jane'), field)?.message,
        provenance: (rule?.origin as PortalRawRule | undefined)?.provenance,
      };
    };
    expect(refusal(contacts.jane, 'read', 'price')).toEqual({
      message: 'no column permission grants read on these columns of salesorder',
      provenance: {
        kind: 'columnRestriction',
        table: 'salesorder',
        action: 'read',
        restrictedBy: 'columnPermissions',
      },
    });
    expect(refusal(users.sue, 'write', 'total')).toEqual({
      message: 'no column security profile grants update on these columns of salesorder',
      provenance: {
        kind: 'columnRestriction',
        table: 'salesorder',
        action: 'update',
        restrictedBy: 'securedColumns',
      },
    });
  });

  it('a contact holding no column permission on a table is refused each of its columns by a rule that says why', () => {
    const policy = definePolicy({ ...pricedPortalInput, columnPermissions: [withPricesOnly] });
    const jane = abilityFor(policy, contacts.jane);
    for (const field of FIELDS) {
      expect(ForbiddenError.from(jane).unlessCan('read', order('jane'), field)?.message, field).toBe(
        'no column permission grants read on these columns of salesorder',
      );
    }
  });

  it('a browser rebuilding the packed rules answers every column question as the server does', () => {
    const principals = [contacts.jane, contacts.rita, contacts.both, users.sue, users.tom, users.pia];
    for (const principal of principals) {
      const server = abilityFor(pricedPortal, principal);
      const browser = new Ability(unpackRules(JSON.parse(JSON.stringify(packRules(server.rules)))), {
        conditionsMatcher: () => () => false,
        fieldMatcher: fieldPatternMatcher,
      });
      for (const action of ['read', 'write', 'create', 'delete'] as const) {
        for (const field of [...FIELDS, 'undeclared']) {
          expect(browser.can(action, 'salesorder', field), `${principal.id} ${action} ${field}`).toBe(
            server.can(action, 'salesorder', field),
          );
        }
      }
    }
  });

  it('a policy that secures a column on every table hides it from a user without a profile', () => {
    const policy = definePolicy({
      tables: { invoice: { owner: 'ownerId', businessUnit: 'unitId', securedColumns: ['amount'] } },
      businessUnits: [{ id: 'hq' }],
      securityRoles: [{ name: 'Clerk', privileges: { invoice: { read: 'organization' } } }],
    });
    const clerk = abilityFor(policy, {
      kind: 'user',
      id: 'cy',
      businessUnitId: 'hq',
      licensed: true,
      securityRoles: ['Clerk'],
    });
    const invoice = subject('invoice', { id: 'I-1', ownerId: 'x', unitId: 'hq', amount: 5 });
    expect(clerk.can('read', invoice)).toBe(true);
    expect(clerk.can('read', invoice, 'unitId')).toBe(true);
    expect(clerk.can('read', invoice, 'amount')).toBe(false);
  });
});

describe('column permissions of a self-registered contact', () => {
  const catalogue = definePolicy({
    tables: { product: { fields: ['id', 'name', 'listPrice', 'dealerPrice'] } },
    webRoles: [{ name: 'Anonymous users', anonymousUsers: true }, { name: 'Dealer' }],
    tablePermissions: [
      {
        name: 'Catalogue',
        table: 'product',
        scope: 'global',
        privileges: ['read'],
        webRoles: ['Anonymous users'],
      },
      {
        name: 'Dealer catalogue',
        table: 'product',
        scope: 'global',
        privileges: ['read'],
        webRoles: ['Dealer'],
      },
    ],
    columnPermissions: [
      {
        name: 'Public prices',
        table: 'product',
        webRoles: ['Anonymous users'],
        columns: { id: ['read'], name: ['read'], listPrice: ['read'] },
      },
      { name: 'Dealer prices', table: 'product', webRoles: ['Dealer'], allColumns: ['read'] },
    ],
  });
  const product = subject('product', { id: 'P-1', name: 'Bolt', listPrice: 2, dealerPrice: 1 });

  it('while open registration is off, a self-registered contact sees only the columns a visitor sees', () => {
    const unvouched = abilityFor(catalogue, {
      kind: 'contact',
      id: 'dee',
      webRoles: ['Dealer'],
      registeredVia: 'openRegistration',
    });
    expect(unvouched.can('read', product)).toBe(true);
    expect(unvouched.can('read', product, 'listPrice')).toBe(true);
    expect(unvouched.can('read', product, 'dealerPrice')).toBe(false);
  });

  it('an invited contact gets the columns of their own web roles', () => {
    const invited = abilityFor(catalogue, {
      kind: 'contact',
      id: 'dee',
      webRoles: ['Dealer'],
      registeredVia: 'invitation',
    });
    expect(invited.can('read', product, 'dealerPrice')).toBe(true);
  });
});

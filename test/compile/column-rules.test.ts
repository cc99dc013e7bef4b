import { permittedFieldsOf } from '@casl/ability/extra';
import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, PrincipalValidationError, subject } from '../../src/index.js';
import { contacts, order, pricedPortal, pricedPortalInput, users } from '../fixtures/column-security.js';

const FIELDS = pricedPortalInput.tables.salesorder.fields;

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

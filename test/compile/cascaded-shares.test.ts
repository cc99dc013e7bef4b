import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, subject } from '../../src/index.js';
import { account, line, member, order, sharingInput, sharingPolicy } from '../fixtures/sharing.js';

const ulla = (
  roles: Parameters<typeof member>[1] = ['Basic user'],
  extra: Parameters<typeof member>[2] = {},
) => abilityFor(sharingPolicy, member('ulla', roles, { businessUnitId: 'service', ...extra }));
const sharedAccount = (privileges: string[], principal = 'ulla') =>
  account('A1', [{ principal, privileges }]);

describe('shares that follow related records (cascade configuration share: cascade)', () => {
  it("sharing an account shares its orders and, through them, the orders' lines", () => {
    const ability = ulla();
    const contoso = sharedAccount(['read']);
    expect(ability.can('read', subject('salesorder', order('O1', contoso)))).toBe(true);
    expect(ability.can('read', subject('orderline', line('L1', order('O1', contoso))))).toBe(true);
  });

  it('a relationship whose share cascade is noCascade shares nothing: an invoice of a shared account stays hidden', () => {
    const invoice = {
      id: 'I1',
      ownerId: 'someone-else',
      owningBusinessUnitId: 'service',
      accountId: 'A1',
      account: sharedAccount(['read']),
    };
    expect(ulla().can('read', subject('invoice', invoice))).toBe(false);
  });

  it('the cascaded right is the shared one: a read share of the account lets nobody write its orders', () => {
    expect(ulla().can('write', subject('salesorder', order('O1', sharedAccount(['read']))))).toBe(false);
    expect(ulla().can('write', subject('salesorder', order('O1', sharedAccount(['read', 'write']))))).toBe(
      true,
    );
  });

  it("a cascaded right never exceeds the grantee's privileges on the child table", () => {
    // Account reader holds read on accounts only: the shared account is readable, its orders are not.
    const ability = ulla(['Account reader']);
    const contoso = sharedAccount(['read', 'write']);
    expect(ability.can('read', subject('account', contoso))).toBe(true);
    expect(ability.can('read', subject('salesorder', order('O1', contoso)))).toBe(false);
    // Basic user holds read but not write on order lines: a write share of the account writes the orders only.
    const basic = ulla();
    expect(basic.can('write', subject('salesorder', order('O1', contoso)))).toBe(true);
    expect(basic.can('write', subject('orderline', line('L1', order('O1', contoso))))).toBe(false);
  });

  it("removing the account's share removes the shares its orders and lines inherited", () => {
    const ability = ulla();
    const unshared = account('A1');
    expect(ability.can('read', subject('salesorder', order('O1', unshared)))).toBe(false);
    expect(ability.can('read', subject('orderline', line('L1', order('O1', unshared))))).toBe(false);
  });

  it("a share of an order reaches its lines but not the order's account", () => {
    const ability = ulla();
    const shared = order('O1', account('A1'), [{ principal: 'ulla', privileges: ['read'] }]);
    expect(ability.can('read', subject('orderline', line('L1', shared)))).toBe(true);
    expect(ability.can('read', subject('account', account('A1')))).toBe(false);
  });

  it('the shared parent must be the row the relationship names: a different, missing or empty reference denies (D15)', () => {
    const ability = ulla();
    const contoso = sharedAccount(['read']);
    const record = order('O1', contoso);
    expect(ability.can('read', subject('salesorder', { ...record, accountId: 'A2' }))).toBe(false);
    expect(ability.can('read', subject('salesorder', { ...record, account: undefined }))).toBe(false);
    expect(
      ability.can(
        'read',
        subject('salesorder', { ...record, accountId: '', account: { ...contoso, id: '' } }),
      ),
    ).toBe(false);
  });

  it('a share of the parent to someone else, or for another right, cascades nothing to this user', () => {
    const ability = ulla();
    expect(ability.can('read', subject('salesorder', order('O1', sharedAccount(['read'], 'dan'))))).toBe(
      false,
    );
    expect(ability.can('read', subject('salesorder', order('O1', sharedAccount(['write']))))).toBe(false);
  });
});

describe('organization-wide access through a share to a team', () => {
  const keyAccount = account('A1', [{ principal: 'key-accounts', privileges: ['read'] }]);

  it('a record shared with a team is readable by its members in any business unit', () => {
    for (const unit of ['root', 'sales', 'service']) {
      const ability = abilityFor(
        sharingPolicy,
        member('m', ['Basic user'], { businessUnitId: unit, teams: ['key-accounts'] }),
      );
      expect(ability.can('read', subject('account', keyAccount))).toBe(true);
      expect(ability.can('read', subject('orderline', line('L1', order('O1', keyAccount))))).toBe(true);
    }
  });

  it("each member's own privileges bound what the team's share gives them", () => {
    const reader = abilityFor(sharingPolicy, member('r', ['Account reader'], { teams: ['key-accounts'] }));
    expect(reader.can('read', subject('account', keyAccount))).toBe(true);
    expect(reader.can('read', subject('salesorder', order('O1', keyAccount)))).toBe(false);
  });

  it('a user outside the team gets nothing from its share', () => {
    const outsider = abilityFor(sharingPolicy, member('o', ['Basic user']));
    expect(outsider.can('read', subject('account', keyAccount))).toBe(false);
  });
});

describe('what a cascaded share rule says', () => {
  const cascadedOf = (ability: ReturnType<typeof abilityFor>, table: string) =>
    ability.portalRules.filter(
      (rule) =>
        rule.subject === table && rule.provenance.kind === 'recordShare' && 'through' in rule.provenance,
    );

  it('a rule reaching order lines through a shared ancestor names, in words, the tables the share came down, the right and the role holding it', () => {
    expect(cascadedOf(ulla(), 'orderline').map((rule) => rule.reason)).toEqual([
      'salesorder shared with the user or a team for read, cascading to orderline; security role "Basic user" holds read',
      'salesorder → account shared with the user or a team for read, cascading to orderline; security role "Basic user" holds read',
    ]);
  });

  it('a cascaded share held through a directly assigned role names no team in its provenance', () => {
    const [rule] = cascadedOf(ulla(), 'salesorder');
    expect(rule?.provenance).toStrictEqual({
      kind: 'recordShare',
      privilege: 'read',
      grantees: ['ulla'],
      securityRole: 'Basic user',
      through: [{ table: 'account', field: 'accountId', key: 'id' }],
    });
  });

  it("a cascaded share held through a team's role names that team, in words and in its provenance", () => {
    const policy = definePolicy({
      ...sharingInput,
      teams: [{ ...sharingInput.teams[0], securityRoles: ['Basic user'] }, sharingInput.teams[1]],
    });
    const [rule] = cascadedOf(abilityFor(policy, member('ulla', [])), 'salesorder');
    expect(rule?.reason).toBe(
      'account shared with the user or a team for read, cascading to salesorder; security role "Basic user" (team "sales-default") holds read',
    );
    expect(rule?.provenance).toStrictEqual({
      kind: 'recordShare',
      privilege: 'read',
      grantees: ['ulla', 'sales-default'],
      securityRole: 'Basic user',
      team: 'sales-default',
      through: [{ table: 'account', field: 'accountId', key: 'id' }],
    });
  });

  it('every rule of a sharing user, on tables reached by a cascade or not, grants named actions on a table and says why', () => {
    const tables = Object.keys(sharingInput.tables);
    for (const roles of [['Basic user'], ['Account reader'], []]) {
      for (const rule of abilityFor(sharingPolicy, member('ulla', roles, { teams: ['key-accounts'] }))
        .portalRules) {
        expect(rule).toMatchObject({ subject: expect.toBeOneOf(tables), reason: expect.any(String) });
        expect(rule.action.length).toBeGreaterThan(0);
        expect(rule.provenance.kind).toBeTypeOf('string');
      }
    }
  });
});

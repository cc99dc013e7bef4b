import { describe, expect, it } from 'vitest';
import { abilityFor, canUpdate, definePolicy, subject } from '../../src/index.js';
import { internalPolicy, salesOrder, staff } from '../fixtures/internal-users.js';

function setup() {
  const policy = definePolicy({
    tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' } },
    webRoles: [{ name: 'Customer representative' }],
    tablePermissions: [
      {
        name: 'Company orders',
        table: 'salesorder',
        scope: 'account',
        privileges: ['read', 'write'],
        webRoles: ['Customer representative'],
      },
    ],
  });
  const rep = abilityFor(policy, {
    kind: 'contact',
    id: 'rita',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: ['Customer representative'],
  });
  const stored = { id: 'SO-1', orderedBy: 'jane', customerAccount: 'X', company: 'usmf' };
  return { rep, stored };
}

describe('updates are checked on the record before and after (RELIABILITY 16)', () => {
  it('a customer representative may change an order of her company within the company', () => {
    const { rep, stored } = setup();
    const after = { ...stored, orderedBy: 'sam' };
    expect(canUpdate(rep, subject('salesorder', { ...stored }), subject('salesorder', after))).toBe(true);
  });

  it('a customer representative cannot move an order of her company into another company', () => {
    const { rep, stored } = setup();
    const moved = { ...stored, customerAccount: 'Y' };
    expect(rep.can('write', subject('salesorder', { ...stored }))).toBe(true);
    expect(canUpdate(rep, subject('salesorder', { ...stored }), subject('salesorder', moved))).toBe(false);
  });

  it('a customer representative cannot pull another company’s order into hers', () => {
    const { rep, stored } = setup();
    const foreign = { ...stored, customerAccount: 'Y' };
    expect(canUpdate(rep, subject('salesorder', foreign), subject('salesorder', { ...stored }))).toBe(false);
  });

  it('refuses a bare table name instead of answering for "some record"', () => {
    const { rep, stored } = setup();
    expect(() => canUpdate(rep, 'salesorder' as never, subject('salesorder', stored))).toThrow(
      expect.objectContaining({ code: 'not_a_record' }),
    );
  });
});

// D6 extended to updates (docs/decisions.md): the new version must be one a create under the grant could make.
function contactScopedSetup() {
  const policy = definePolicy({
    tables: {
      salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' },
      note: {},
    },
    webRoles: [{ name: 'Authorized user' }],
    tablePermissions: [
      {
        name: 'My orders',
        table: 'salesorder',
        scope: 'contact',
        privileges: ['read', 'write'],
        webRoles: ['Authorized user'],
      },
      { name: 'Notes', table: 'note', scope: 'global', privileges: ['write'], webRoles: ['Authorized user'] },
    ],
  });
  const jane = abilityFor(policy, {
    kind: 'contact',
    id: 'jane',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: ['Authorized user'],
  });
  const mine = { id: 'SO-1', orderedBy: 'jane', customerAccount: 'X', company: 'usmf', status: 'draft' };
  return { jane, mine };
}

describe('the new version of an update must be one a create could make (D6)', () => {
  it('a contact may edit her own order within her company', () => {
    const { jane, mine } = contactScopedSetup();
    const edited = { ...mine, status: 'submitted' };
    expect(canUpdate(jane, subject('salesorder', { ...mine }), subject('salesorder', edited))).toBe(true);
  });

  it("a contact cannot move her own order into another company's account", () => {
    const { jane, mine } = contactScopedSetup();
    const moved = { ...mine, customerAccount: 'Y' };
    expect(jane.can('write', subject('salesorder', { ...moved }))).toBe(true);
    expect(canUpdate(jane, subject('salesorder', { ...mine }), subject('salesorder', moved))).toBe(false);
  });

  it('a contact cannot move her own order into another legal entity', () => {
    const { jane, mine } = contactScopedSetup();
    const moved = { ...mine, company: 'demf' };
    expect(canUpdate(jane, subject('salesorder', { ...mine }), subject('salesorder', moved))).toBe(false);
  });

  it('a contact without an account edits none of her own orders: no new version of hers could be created', () => {
    const { jane, mine } = contactScopedSetup();
    const noAccount = abilityFor(jane.policy, { kind: 'contact', id: 'jane', webRoles: ['Authorized user'] });
    const edited = { ...mine, status: 'submitted' };
    expect(noAccount.can('write', subject('salesorder', { ...mine }))).toBe(true);
    expect(canUpdate(noAccount, subject('salesorder', { ...mine }), subject('salesorder', edited))).toBe(
      false,
    );
  });

  it('a grant that constrains no new version (global) lets an edit change anything', () => {
    const { jane } = contactScopedSetup();
    const before = subject('note', { id: 'N-1', text: 'draft' });
    expect(canUpdate(jane, before, subject('note', { id: 'N-1', text: 'final', owner: 'anyone' }))).toBe(
      true,
    );
  });

  it('rules replaced with ability.update decide the new version, never a check kept from the old rules', () => {
    const { jane, mine } = contactScopedSetup();
    const moved = { ...mine, customerAccount: 'Y' };
    expect(canUpdate(jane, subject('salesorder', { ...mine }), subject('salesorder', moved))).toBe(false);
    jane.update([{ action: ['read', 'write'], subject: 'salesorder' }] as never);
    expect(canUpdate(jane, subject('salesorder', { ...mine }), subject('salesorder', moved))).toBe(true);
  });

  it('an internal salesperson may still edit an order they own and cannot hand it to someone else', () => {
    const ulla = abilityFor(internalPolicy, staff(['Salesperson']));
    const own = salesOrder('sales', 'ulla');
    expect(canUpdate(ulla, own, salesOrder('sales', 'ulla', { status: 'submitted' }))).toBe(true);
    expect(canUpdate(ulla, own, salesOrder('sales', 'someone-else'))).toBe(false);
  });
});

describe('both versions of an update are the same table, tagged by subject() (RELIABILITY 20)', () => {
  it('refuses a new version tagged with another table', () => {
    const { jane, mine } = contactScopedSetup();
    const moved = { ...mine, customerAccount: 'Y' };
    expect(() =>
      canUpdate(jane, subject('salesorder', { ...mine }), subject('note', moved) as never),
    ).toThrow(
      expect.objectContaining({
        code: 'table_mismatch',
        message:
          'canUpdate needs both versions of one record, but the record before the update is tagged "salesorder" and the record after it "note"; tag both with subject("salesorder", …)',
      }),
    );
  });

  it('refuses an untagged new version whose constructor field names the table', () => {
    const { jane, mine } = contactScopedSetup();
    const body = JSON.parse('{"constructor":{"name":"note"},"customerAccount":"Y"}');
    expect(() => canUpdate(jane, subject('salesorder', { ...mine }), { ...mine, ...body })).toThrow(
      expect.objectContaining({
        code: 'untagged_record',
        message:
          "canUpdate needs the record after the update tagged with subject(table, record); an untagged object's table is never guessed from its fields",
      }),
    );
  });

  it('refuses an untagged stored version, naming it as the record before the update', () => {
    const { jane, mine } = contactScopedSetup();
    expect(() => canUpdate(jane, { ...mine } as never, subject('salesorder', { ...mine }))).toThrow(
      "canUpdate needs the record before the update tagged with subject(table, record); an untagged object's table is never guessed from its fields",
    );
  });

  it('refuses a new version whose table comes from a request body field', () => {
    const { jane, mine } = contactScopedSetup();
    const body = JSON.parse('{"__caslSubjectType__":"salesorder","status":"submitted"}');
    expect(() => canUpdate(jane, subject('salesorder', { ...mine }), { ...mine, ...body })).toThrow(
      expect.objectContaining({ code: 'untagged_record' }),
    );
  });
});

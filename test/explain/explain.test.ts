import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_STATES,
  abilityFor,
  definePolicy,
  explain,
  type Principal,
  subject,
} from '../../src/index.js';
import { customerPortal, order, people } from '../fixtures/customer-portal.js';
import { member, sharingPolicy } from '../fixtures/sharing.js';

const as = (principal: Principal) => abilityFor(customerPortal, principal);

const line = (orderedBy: string, overrides: Record<string, unknown> = {}) =>
  subject('salesorderline', {
    id: 'L-1',
    salesOrderId: 'SO-1',
    salesorder: { id: 'SO-1', customerAccount: 'X', company: 'usmf', orderedBy },
    ...overrides,
  });

describe('explaining an allowed decision', () => {
  it('names the contact-scoped permission and the web role that let Jane read her order', () => {
    const why = explain(as(people.jane), 'read', order('janes'));
    expect(why.allowed).toBe(true);
    if (!why.allowed) return;
    expect(why.grants.map((grant) => grant.provenance)).toEqual([
      {
        kind: 'tablePermission',
        webRoles: ['Authorized user'],
        tablePermission: 'My orders',
        scope: 'contact',
        field: 'orderedBy',
        chain: ['My orders'],
      },
    ]);
    expect(why.message).toBe(
      'contact "jane" can read salesorder "SO-1": table permission "My orders" (contact scope) via web role "Authorized user" (through orderedBy)',
    );
  });

  it("names the account-scoped permission that lets the representative read Sam's order", () => {
    const why = explain(as(people.rep), 'read', order('sams'), {
      principalLabel: 'Rita',
      recordLabel: 'order SO-2',
    });
    expect(why.message).toBe(
      'Rita can read order SO-2: table permission "Company orders" (account scope) via web role "Customer representative" (through customerAccount)',
    );
  });

  it('names the global permission that lets the administrator read any order', () => {
    const why = explain(as(people.admin), 'read', order('mays'));
    expect(why.allowed && why.grants.map((grant) => grant.label)).toEqual([
      'table permission "All orders" (global scope)',
    ]);
  });

  it('lists every grant when several allow the same record', () => {
    const both = { ...people.jane, webRoles: ['Authorized user', 'Customer representative'] };
    const why = explain(as(both), 'read', order('janes'));
    expect(why.allowed && why.grants.map((grant) => grant.label)).toEqual([
      'table permission "Company orders" (account scope)',
      'table permission "My orders" (contact scope)',
    ]);
  });

  it('names the parent chain that lets Jane read a line of her order', () => {
    const why = explain(as(people.jane), 'read', line('jane'));
    expect(why.allowed && why.grants[0]?.label).toBe(
      'table permission "Lines of my orders" (parent scope under "My orders")',
    );
  });

  it('answers a type-level question with every grant of that privilege on the table', () => {
    const why = explain(as(people.jane), 'create', 'salesorder');
    expect(why.allowed).toBe(true);
    expect(why.message).toBe(
      'contact "jane" can create salesorder records: table permission "My orders" (contact scope) via web role "Authorized user" (through orderedBy)',
    );
  });

  it('tells a contact who must change their password that nothing is reachable, and what to do', () => {
    const ability = as({ ...people.jane, mustChangePassword: true });
    const why = explain(ability, 'read', subject('contact', { id: 'jane' }));
    expect(why.allowed || why.reason).toEqual({
      code: 'gate',
      gate: {
        code: 'must_change_password',
        message: expect.stringMatching(/only operation allowed is changePassword/),
      },
    });
    expect(why.message).toMatch(/must change their password before reaching any data/);
  });
});

describe('explaining a denial', () => {
  it("tells why Sam cannot read Jane's order: the contact field names Jane", () => {
    const why = explain(as(people.sam), 'read', order('janes'), {
      principalLabel: 'Sam',
      recordLabel: 'order SO-1',
    });
    expect(why.message).toBe(
      'Sam cannot read order SO-1: table permission "My orders" (contact scope) requires orderedBy = "sam", the record has "jane"',
    );
    expect(why.allowed === false && why.reason).toEqual({
      code: 'no_matching_grant',
      grants: [
        expect.objectContaining({
          failures: [
            { operator: 'eq', field: 'orderedBy', expected: 'sam', found: { kind: 'string', value: 'jane' } },
          ],
        }),
      ],
    });
  });

  it('tells which part of an account-scoped grant failed: the account, not the legal entity', () => {
    const why = explain(as(people.rep), 'read', order('mays'));
    expect(why.message).toBe(
      'contact "rita" cannot read salesorder "SO-3": table permission "Company orders" (account scope) requires customerAccount = "X", the record has "Y"',
    );
  });

  it("says when the record's relationship field is missing, null or not a string", () => {
    const cases = [
      [{ id: 'SO-9', customerAccount: 'X' }, 'the record has no company'],
      [{ id: 'SO-9', customerAccount: 'X', company: null }, "the record's company is null"],
      [{ id: 'SO-9', customerAccount: 'X', company: 7 }, "the record's company is a number, not a string"],
      [
        { id: 'SO-9', customerAccount: 'X', company: { $ne: null } },
        "the record's company is an object, not a string",
      ],
    ] as const;
    for (const [record, expected] of cases) {
      const why = explain(as(people.rep), 'read', subject('salesorder', { ...record }));
      expect(why.message).toContain(`requires company = "usmf", ${expected}`);
    }
  });

  it("names the parent row that does not belong to Sam when he reads a line of Jane's order", () => {
    const why = explain(as(people.sam), 'read', line('jane'));
    expect(why.message).toBe(
      'contact "sam" cannot read salesorderline "L-1": table permission "Lines of my orders" (parent scope under "My orders") requires the related salesorder row (salesOrderId = "SO-1") to be covered: requires orderedBy = "sam", the salesorder row has "jane"',
    );
  });

  it("says when a line's parent is missing, is not the one it references, or is not referenced", () => {
    const problems = [
      [line('sam', { salesorder: undefined }), 'parent_missing'],
      [line('sam', { salesOrderId: 'SO-2' }), 'parent_mismatch'],
      [line('sam', { salesOrderId: 2 }), 'reference_not_a_string'],
    ] as const;
    for (const [record, problem] of problems) {
      const why = explain(as(people.sam), 'read', record);
      expect(
        why.allowed === false && why.reason.code === 'no_matching_grant' && why.reason.grants[0]?.failures,
      ).toEqual([expect.objectContaining({ operator: 'parent', problem })]);
    }
  });

  it('says that no grant gives the privilege on the table at all', () => {
    const why = explain(as(people.jane), 'delete', order('janes'));
    expect(why).toMatchObject({ allowed: false, reason: { code: 'no_grant' } });
    expect(why.message).toBe(
      'contact "jane" cannot delete salesorder "SO-1": none of their roles grants delete on salesorder',
    );
    expect(explain(as(people.may), 'read', order('mays')).allowed).toBe(false);
    expect(explain(as(people.visitor), 'read', order('mays')).message).toBe(
      'an anonymous visitor cannot read salesorder "SO-3": none of their roles grants read on salesorder',
    );
  });

  for (const state of ACCOUNT_STATES.filter((value) => value !== 'active')) {
    it(`names the ${state} account gate before any grant`, () => {
      const why = explain(as({ ...people.admin, state }), 'read', order('mays'));
      expect(why).toMatchObject({
        allowed: false,
        reason: { code: 'gate', gate: { code: `account_${state}` } },
      });
      expect(why.message).toContain(`(account_${state})`);
    });
  }

  it("never repeats the record's other fields or an object it holds", () => {
    const record = subject('salesorder', {
      id: 'SO-1',
      orderedBy: 'jane',
      customerAccount: 'X',
      company: 'usmf',
      secretNote: 'margin 42%',
      lines: [{ price: 'internal-price' }],
    });
    const text = JSON.stringify(explain(as(people.sam), 'read', record));
    expect(text).not.toContain('margin 42%');
    expect(text).not.toContain('internal-price');
  });
});

describe('explaining the self scope', () => {
  const policy = definePolicy({
    tables: { contact: {} },
    webRoles: [{ name: 'Member', authenticatedUsers: true }],
    tablePermissions: [
      {
        name: 'My profile',
        table: 'contact',
        scope: 'self',
        privileges: ['read', 'write'],
        webRoles: ['Member'],
      },
    ],
  });
  const jane = abilityFor(policy, { kind: 'contact', id: 'jane' });

  it("names the self-scoped grant for the contact's own row", () => {
    const why = explain(jane, 'write', subject('contact', { id: 'jane' }));
    expect(why.allowed && why.grants[0]?.label).toBe('table permission "My profile" (self scope)');
  });

  it('says whose row it is when the contact reads another contact', () => {
    expect(explain(jane, 'read', subject('contact', { id: 'sam' })).message).toBe(
      'contact "jane" cannot read contact "sam": table permission "My profile" (self scope) requires id = "jane", the record has "sam"',
    );
  });
});

describe('explaining a permission that covers nothing for this principal', () => {
  it('says a customer representative without an account number is why no company order is readable', () => {
    const why = explain(as({ ...people.rep, accountId: null }), 'read', order('janes'));
    expect(why.allowed).toBe(false);
    if (why.allowed) return;
    expect(why.reason).toEqual({
      code: 'no_grant',
      dormant: [
        {
          tablePermission: 'Company orders',
          scope: 'account',
          webRoles: ['Customer representative'],
          missing: 'an account number',
        },
      ],
    });
    expect(why.message).toMatchInlineSnapshot(
      `"contact "rita" cannot read salesorder "SO-1": table permission "Company orders" (account scope) covers no rows for them: it needs an account number"`,
    );
  });

  it('names the missing legal entity, and the parent permission behind a child permission', () => {
    const noEntity = explain(as({ ...people.jane, legalEntity: null }), 'create', order('janes'));
    expect(noEntity.allowed || noEntity.reason).toMatchObject({ dormant: [{ missing: 'a legal entity' }] });
    const portal = definePolicy({
      tables: {
        salesorder: { account: 'customerAccount' },
        salesorderline: { parent: { salesorder: 'orderId' } },
      },
      webRoles: [{ name: 'Rep' }],
      tablePermissions: [
        {
          name: 'Company orders',
          table: 'salesorder',
          scope: 'account',
          privileges: ['read'],
          webRoles: ['Rep'],
        },
        {
          name: 'Company lines',
          table: 'salesorderline',
          scope: 'parent',
          parent: 'Company orders',
          privileges: ['read'],
          webRoles: ['Rep'],
        },
      ],
    });
    const why = explain(
      abilityFor(portal, { kind: 'contact', id: 'rita', webRoles: ['Rep'] }),
      'read',
      subject('salesorderline', { id: 'L-1', orderId: 'SO-1' }),
    );
    expect(why.allowed || why.reason).toMatchObject({
      dormant: [
        {
          tablePermission: 'Company lines',
          missing: 'an account number, for the parent permission "Company orders"',
        },
      ],
    });
  });

  it('blames no role of a contact who must change their password: the password gate denies first', () => {
    const why = explain(
      as({ ...people.rep, accountId: null, mustChangePassword: true }),
      'read',
      order('janes'),
    );
    expect(why.allowed || why.reason).toMatchObject({ code: 'gate', gate: { code: 'must_change_password' } });
  });

  it('still says plainly when no role grants the privilege at all', () => {
    const why = explain(as(people.may), 'read', order('mays'));
    expect(why.allowed || why.reason).toEqual({ code: 'no_grant', dormant: [] });
  });
});

describe('explaining an empty reference (D2)', () => {
  it('gives a reason when a line names its order with an empty reference', () => {
    const orphan = subject('salesorderline', {
      id: 'L-9',
      salesOrderId: '',
      salesorder: { id: '', customerAccount: 'X', company: 'usmf', orderedBy: 'jane' },
    });
    const jane = as(people.jane);
    expect(jane.can('read', orphan)).toBe(false);
    const why = explain(jane, 'read', orphan);
    expect(why.allowed).toBe(false);
    if (why.allowed || why.reason.code !== 'no_matching_grant') throw new Error('expected a failed grant');
    expect(why.reason.grants.map((grant) => grant.failures.map((failure) => failure.operator))).toEqual([
      ['parent'],
    ]);
    expect(why.message).toBe(
      'contact "jane" cannot read salesorderline "L-9": table permission "Lines of my orders" (parent scope under "My orders") requires salesOrderId to reference a salesorder row, the record\'s salesOrderId is empty',
    );
  });
});

describe('explanations read their options from own properties only (RELIABILITY 19)', () => {
  it('a polluted Object.prototype.principalLabel does not rename who the message is about', () => {
    Object.defineProperty(Object.prototype, 'principalLabel', {
      value: 'the administrator',
      configurable: true,
      writable: true,
    });
    try {
      expect(explain(as(people.jane), 'read', order('janes')).message).toMatch(/^contact "jane" can read/);
    } finally {
      delete (Object.prototype as Record<string, unknown>).principalLabel;
    }
  });
});

describe('explaining a grant held through the account', () => {
  it('names the web role the contact holds through its account as such', () => {
    const sam = as({ ...people.sam, accountWebRoles: ['Customer representative'] });
    const janesOrder = subject('salesorder', {
      id: 'SO-1',
      orderedBy: 'jane',
      customerAccount: 'X',
      company: 'usmf',
    });
    expect(explain(sam, 'read', janesOrder).message).toBe(
      'contact "sam" can read salesorder "SO-1": table permission "Company orders" (account scope) via web role "Customer representative" (held through the account) (through customerAccount)',
    );
  });
});

describe('the words of an explanation', () => {
  it('several grants are joined in one message, each with its roles and relationship', () => {
    const both = { ...people.jane, webRoles: ['Authorized user', 'Customer representative'] };
    expect(explain(as(both), 'read', order('janes')).message).toBe(
      'contact "jane" can read salesorder "SO-1": table permission "Company orders" (account scope) via web role "Customer representative" (through customerAccount); table permission "My orders" (contact scope) via web role "Authorized user" (through orderedBy)',
    );
  });

  it('a record without a string key is "a <table> record" and carries no key; a table name is "<table> records"', () => {
    for (const id of [undefined, 42]) {
      const record = subject('salesorder', {
        ...(id === undefined ? {} : { id }),
        customerAccount: 'X',
        orderedBy: 'jane',
      });
      const why = explain(as(people.jane), 'read', record);
      expect(why.message, String(id)).toMatch(/^contact "jane" can read a salesorder record: /);
      expect(why, String(id)).not.toHaveProperty('recordKey');
    }
    expect(explain(as(people.jane), 'read', order('janes'))).toMatchObject({ recordKey: 'SO-1' });
    expect(explain(as(people.jane), 'read', 'salesorder').message).toMatch(
      /^contact "jane" can read salesorder records: /,
    );
  });

  it('a grant held through nothing names no "via"', () => {
    const ulla = abilityFor(sharingPolicy, member('ulla', ['Basic user']));
    const own = subject('account', {
      id: 'A',
      ownerId: 'ulla',
      owningBusinessUnitId: 'sales',
      sharedWith: [],
    });
    expect(explain(ulla, 'read', own).message).toBe(
      'user "ulla" can read account "A": security role "Basic user" at user level (business unit "sales")',
    );
  });

  it('an internal user whose access mode takes the privilege away is told so', () => {
    const reader = abilityFor(sharingPolicy, member('ulla', ['Basic user'], { accessMode: 'read' }));
    expect(explain(reader, 'write', 'account')).toMatchObject({
      allowed: false,
      reason: { code: 'no_grant', dormant: [], accessMode: { mode: 'read', automatic: false } },
    });
    const writer = explain(abilityFor(sharingPolicy, member('ulla', ['Basic user'])), 'delete', 'account');
    expect(writer.allowed || writer.reason).toEqual({ code: 'no_grant', dormant: [] });
  });
});

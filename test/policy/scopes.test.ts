import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  type ContactPrincipal,
  definePolicy,
  isPrincipalValidationError,
  type Principal,
  PrincipalValidationError,
  subject,
  TABLE_PERMISSION_PRIVILEGES,
} from '../../src/index.js';
import { customerPortal, people } from '../fixtures/customer-portal.js';

/**
 * A portal with every scope: orders (contact + account + legal entity), invoices (account, no legal entity),
 * cases (contact through an overridden relationship), the contact table (self, account), and a three-level
 * chain salesorder → salesorderline → shipment.
 */
function setup() {
  const policy = definePolicy({
    tables: {
      salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' },
      invoice: { account: 'invoiceAccount' },
      case: { contact: 'customer' },
      contact: { key: 'contactid', account: 'parentCustomer' },
      salesorderline: { parent: { salesorder: 'salesOrderId' } },
      shipment: { key: 'shipmentNo', parent: { salesorderline: 'lineId' } },
      terms: {},
    },
    webRoles: [
      { name: 'Buyer' },
      { name: 'Accountant' },
      { name: 'Reviewer' },
      { name: 'Administrator' },
      { name: 'Profile editor' },
      { name: 'Appender' },
      { name: 'Idle' },
      { name: 'Retired' },
      { name: 'Authenticated users', authenticatedUsers: true },
      { name: 'Anonymous users', anonymousUsers: true },
    ],
    tablePermissions: [
      {
        name: 'My orders',
        table: 'salesorder',
        scope: 'contact',
        privileges: ['read', 'write', 'create'],
        webRoles: ['Buyer'],
      },
      {
        name: 'Company orders',
        table: 'salesorder',
        scope: 'account',
        privileges: ['read'],
        webRoles: ['Accountant'],
      },
      {
        name: 'Company invoices',
        table: 'invoice',
        scope: 'account',
        privileges: ['read', 'delete'],
        webRoles: ['Accountant'],
      },
      {
        name: 'Reviewed cases',
        table: 'case',
        scope: 'contact',
        relationship: 'reviewer',
        privileges: ['read'],
        webRoles: ['Reviewer'],
      },
      {
        name: 'All orders',
        table: 'salesorder',
        scope: 'global',
        privileges: [...TABLE_PERMISSION_PRIVILEGES],
        webRoles: ['Administrator'],
      },
      {
        name: 'My profile',
        table: 'contact',
        scope: 'self',
        privileges: ['read', 'write'],
        webRoles: ['Profile editor'],
      },
      {
        name: 'Colleagues',
        table: 'contact',
        scope: 'account',
        privileges: ['read'],
        webRoles: ['Accountant'],
      },
      {
        name: 'Lines of my orders',
        table: 'salesorderline',
        scope: 'parent',
        parent: 'My orders',
        privileges: ['read', 'create'],
        webRoles: ['Buyer'],
      },
      {
        name: 'Shipments of my lines',
        table: 'shipment',
        scope: 'parent',
        parent: 'Lines of my orders',
        privileges: ['read'],
        webRoles: ['Buyer'],
      },
      {
        name: 'Attachable orders',
        table: 'salesorder',
        scope: 'contact',
        privileges: ['appendTo'],
        webRoles: ['Appender'],
      },
      {
        name: 'Attachable lines',
        table: 'salesorderline',
        scope: 'parent',
        parent: 'Attachable orders',
        privileges: ['create', 'append'],
        webRoles: ['Appender'],
      },
      {
        name: 'Old orders',
        table: 'salesorder',
        scope: 'global',
        privileges: ['read'],
        webRoles: ['Retired'],
        active: false,
      },
      {
        name: 'Lines of old orders',
        table: 'salesorderline',
        scope: 'parent',
        parent: 'Old orders',
        privileges: ['read'],
        webRoles: ['Retired'],
      },
      {
        name: 'Public terms',
        table: 'terms',
        scope: 'global',
        privileges: ['read'],
        webRoles: ['Anonymous users', 'Authenticated users'],
      },
    ],
  });
  const contact = (roles: string[], extra: Partial<ContactPrincipal> = {}): ContactPrincipal => ({
    kind: 'contact',
    id: 'jane',
    accountId: 'X',
    legalEntity: 'usmf',
    webRoles: roles,
    ...extra,
  });
  const can = (
    principal: Principal,
    action: (typeof TABLE_PERMISSION_PRIVILEGES)[number],
    table: Extract<keyof typeof policy.tables, string>,
    record: object,
  ) => abilityFor(policy, principal).can(action, subject(table, { ...record }));
  const janesOrder = { id: 'SO-1', orderedBy: 'jane', customerAccount: 'X', company: 'usmf' };
  const samsOrder = { id: 'SO-2', orderedBy: 'sam', customerAccount: 'X', company: 'usmf' };
  const line = (order: object, id = 'L-1') => ({
    id,
    salesOrderId: (order as { id: string }).id,
    salesorder: order,
  });
  const shipment = (ofLine: object) => ({
    shipmentNo: 'SH-1',
    lineId: (ofLine as { id: string }).id,
    salesorderline: ofLine,
  });
  return { policy, contact, can, janesOrder, samsOrder, line, shipment };
}

describe('global scope', () => {
  it('an administrator has every privilege on every order', () => {
    const { contact, can, samsOrder } = setup();
    for (const action of TABLE_PERMISSION_PRIVILEGES) {
      expect(can(contact(['Administrator']), action, 'salesorder', samsOrder)).toBe(true);
      expect(can(contact(['Administrator']), action, 'salesorder', {})).toBe(true);
    }
  });

  it('a global grant on one table grants nothing on another', () => {
    const { contact, can } = setup();
    expect(can(contact(['Administrator']), 'read', 'invoice', { invoiceAccount: 'X' })).toBe(false);
  });
});

describe('contact scope', () => {
  it('a buyer reads, writes and creates her own orders and nothing else on them', () => {
    const { contact, can, janesOrder } = setup();
    const granted = TABLE_PERMISSION_PRIVILEGES.filter((action) =>
      can(contact(['Buyer']), action, 'salesorder', janesOrder),
    );
    expect(granted).toEqual(['read', 'write', 'create']);
  });

  it('a buyer cannot read a colleague’s order of the same company', () => {
    const { contact, can, samsOrder } = setup();
    expect(can(contact(['Buyer']), 'read', 'salesorder', samsOrder)).toBe(false);
  });

  it('a permission’s relationship override is the field compared, not the table’s default', () => {
    const { contact, can } = setup();
    expect(can(contact(['Reviewer']), 'read', 'case', { customer: 'sam', reviewer: 'jane' })).toBe(true);
    expect(can(contact(['Reviewer']), 'read', 'case', { customer: 'jane', reviewer: 'sam' })).toBe(false);
  });
});

describe('account scope', () => {
  it('an accountant reads every order of her account in her legal entity', () => {
    const { contact, can, janesOrder, samsOrder } = setup();
    expect(can(contact(['Accountant']), 'read', 'salesorder', janesOrder)).toBe(true);
    expect(can(contact(['Accountant']), 'read', 'salesorder', samsOrder)).toBe(true);
  });

  it('an accountant cannot read an order of the same account number in another legal entity (D4)', () => {
    const { contact, can, samsOrder } = setup();
    expect(can(contact(['Accountant']), 'read', 'salesorder', { ...samsOrder, company: 'demf' })).toBe(false);
    expect(can(contact(['Accountant']), 'read', 'salesorder', { ...samsOrder, company: null })).toBe(false);
    expect(can(contact(['Accountant'], { legalEntity: 'demf' }), 'read', 'salesorder', samsOrder)).toBe(
      false,
    );
  });

  it('an accountant without a legal entity reads no orders, but still reads invoices of a table without one (D4)', () => {
    const { contact, can, samsOrder } = setup();
    const noEntity = contact(['Accountant'], { legalEntity: null });
    expect(can(noEntity, 'read', 'salesorder', samsOrder)).toBe(false);
    expect(can(noEntity, 'read', 'invoice', { invoiceAccount: 'X' })).toBe(true);
    expect(can(noEntity, 'delete', 'invoice', { invoiceAccount: 'X' })).toBe(true);
  });

  it('an accountant cannot read another account’s invoices, or a child account’s (D3)', () => {
    const { contact, can } = setup();
    expect(can(contact(['Accountant']), 'read', 'invoice', { invoiceAccount: 'Y' })).toBe(false);
    expect(
      can(contact(['Accountant']), 'read', 'invoice', { invoiceAccount: 'X-1', parentAccount: 'X' }),
    ).toBe(false);
  });

  it('an accountant reads the contacts of her own account', () => {
    const { contact, can } = setup();
    expect(can(contact(['Accountant']), 'read', 'contact', { contactid: 'sam', parentCustomer: 'X' })).toBe(
      true,
    );
    expect(can(contact(['Accountant']), 'read', 'contact', { contactid: 'may', parentCustomer: 'Y' })).toBe(
      false,
    );
  });
});

describe('self scope', () => {
  it('a profile editor reads and writes her own contact row only', () => {
    const { contact, can } = setup();
    const editor = contact(['Profile editor']);
    expect(can(editor, 'read', 'contact', { contactid: 'jane' })).toBe(true);
    expect(can(editor, 'write', 'contact', { contactid: 'jane' })).toBe(true);
    expect(can(editor, 'delete', 'contact', { contactid: 'jane' })).toBe(false);
    expect(can(editor, 'read', 'contact', { contactid: 'sam' })).toBe(false);
    // The table declares contactid as its key (D14): an `id` field is not the identity.
    expect(can(editor, 'read', 'contact', { id: 'jane', contactid: 'sam' })).toBe(false);
  });
});

describe('parent scope', () => {
  it('a buyer reads the lines of her orders, two levels deep', () => {
    const { contact, can, janesOrder, samsOrder, line } = setup();
    expect(can(contact(['Buyer']), 'read', 'salesorderline', line(janesOrder))).toBe(true);
    expect(can(contact(['Buyer']), 'read', 'salesorderline', line(samsOrder))).toBe(false);
  });

  it('a buyer reads the shipments of the lines of her orders, three levels deep', () => {
    const { contact, can, janesOrder, samsOrder, line, shipment } = setup();
    expect(can(contact(['Buyer']), 'read', 'shipment', shipment(line(janesOrder)))).toBe(true);
    expect(can(contact(['Buyer']), 'read', 'shipment', shipment(line(samsOrder)))).toBe(false);
  });

  it('a child record whose embedded parent is not the one it names is denied (D15)', () => {
    const { contact, can, janesOrder, line, shipment } = setup();
    expect(
      can(contact(['Buyer']), 'read', 'salesorderline', { ...line(janesOrder), salesOrderId: 'SO-2' }),
    ).toBe(false);
    expect(
      can(contact(['Buyer']), 'read', 'shipment', { ...shipment(line(janesOrder)), lineId: 'L-9' }),
    ).toBe(false);
    const forgedMiddle = { ...line(janesOrder), salesOrderId: 'SO-2' };
    expect(can(contact(['Buyer']), 'read', 'shipment', shipment(forgedMiddle))).toBe(false);
  });

  it('a child record whose parent is missing, null, a primitive or an array is denied (RELIABILITY 5)', () => {
    const { contact, can } = setup();
    for (const salesorder of [undefined, null, 'SO-1', 42, ['SO-1'], [{ id: 'SO-1', orderedBy: 'jane' }]]) {
      const record = { id: 'L-1', salesOrderId: 'SO-1', ...(salesorder === undefined ? {} : { salesorder }) };
      expect(can(contact(['Buyer']), 'read', 'salesorderline', record)).toBe(false);
    }
  });

  it('an empty relationship value never joins a parent whose key is empty', () => {
    const global = definePolicy({
      tables: { salesorder: {}, salesorderline: { parent: { salesorder: 'salesOrderId' } } },
      webRoles: [{ name: 'Everyone', authenticatedUsers: true }],
      tablePermissions: [
        { name: 'Orders', table: 'salesorder', scope: 'global', privileges: [], webRoles: ['Everyone'] },
        {
          name: 'Lines',
          table: 'salesorderline',
          scope: 'parent',
          parent: 'Orders',
          privileges: ['read'],
          webRoles: ['Everyone'],
        },
      ],
    });
    const reader = abilityFor(global, { kind: 'contact', id: 'jane' });
    expect(
      reader.can('read', subject('salesorderline', { salesOrderId: 'SO-1', salesorder: { id: 'SO-1' } })),
    ).toBe(true);
    expect(reader.can('read', subject('salesorderline', { salesOrderId: '', salesorder: { id: '' } }))).toBe(
      false,
    );
  });

  it('a child permission uses its own privileges, not its parent’s (D5)', () => {
    const { contact, can, janesOrder, line } = setup();
    // "Lines of my orders" grants create; "My orders" grants write, which lines do not get.
    expect(can(contact(['Buyer']), 'create', 'salesorderline', line(janesOrder))).toBe(true);
    expect(can(contact(['Buyer']), 'write', 'salesorderline', line(janesOrder))).toBe(false);
    // "Attachable orders" grants only appendTo; its children are still covered for their own privileges.
    expect(can(contact(['Appender']), 'read', 'salesorder', janesOrder)).toBe(false);
    expect(can(contact(['Appender']), 'append', 'salesorderline', line(janesOrder))).toBe(true);
  });

  it('an inactive parent makes its whole chain ineffective (D17)', () => {
    const { contact, can, janesOrder, line } = setup();
    expect(can(contact(['Retired']), 'read', 'salesorder', janesOrder)).toBe(false);
    expect(can(contact(['Retired']), 'read', 'salesorderline', line(janesOrder))).toBe(false);
  });
});

describe('roles combine as a union', () => {
  it('a buyer who is also an accountant reads her company’s orders and still writes only her own', () => {
    const { contact, can, janesOrder, samsOrder } = setup();
    const both = contact(['Buyer', 'Accountant']);
    expect(can(both, 'read', 'salesorder', samsOrder)).toBe(true);
    expect(can(both, 'write', 'salesorder', samsOrder)).toBe(false);
    expect(can(both, 'write', 'salesorder', janesOrder)).toBe(true);
  });

  it('a signed-in contact gets the Authenticated users role but not the Anonymous one (D1)', () => {
    const policy = definePolicy({
      tables: { news: {}, terms: {} },
      webRoles: [
        { name: 'Signed in', authenticatedUsers: true },
        { name: 'Visitors', anonymousUsers: true },
      ],
      tablePermissions: [
        { name: 'News', table: 'news', scope: 'global', privileges: ['read'], webRoles: ['Signed in'] },
        { name: 'Terms', table: 'terms', scope: 'global', privileges: ['read'], webRoles: ['Visitors'] },
      ],
    });
    const contact = abilityFor(policy, { kind: 'contact', id: 'jane' });
    const visitor = abilityFor(policy, { kind: 'anonymous' });
    expect([contact.can('read', subject('news', {})), contact.can('read', subject('terms', {}))]).toEqual([
      true,
      false,
    ]);
    expect([visitor.can('read', subject('news', {})), visitor.can('read', subject('terms', {}))]).toEqual([
      false,
      true,
    ]);
  });
});

describe('create is checked on the new record (D6)', () => {
  it('a buyer creates an order that names her and no order that names someone else', () => {
    const { contact, can, janesOrder, samsOrder } = setup();
    expect(can(contact(['Buyer']), 'create', 'salesorder', janesOrder)).toBe(true);
    expect(can(contact(['Buyer']), 'create', 'salesorder', samsOrder)).toBe(false);
    expect(can(contact(['Buyer']), 'create', 'salesorder', { customerAccount: 'X' })).toBe(false);
  });

  it('a buyer cannot create an order that names her but belongs to another company (RELIABILITY 16)', () => {
    const { contact, can, janesOrder } = setup();
    expect(can(contact(['Buyer']), 'create', 'salesorder', { ...janesOrder, customerAccount: 'Y' })).toBe(
      false,
    );
    expect(can(contact(['Buyer']), 'create', 'salesorder', { ...janesOrder, company: 'othr' })).toBe(false);
    expect(can(contact(['Buyer']), 'create', 'salesorder', { ...janesOrder, customerAccount: null })).toBe(
      false,
    );
    // Reading her own order is still the contact scope alone: the account applies to what she creates.
    expect(can(contact(['Buyer']), 'read', 'salesorder', { ...janesOrder, customerAccount: 'Y' })).toBe(true);
  });

  it('a buyer without an account creates nothing on a table that has an account field', () => {
    const { contact, can, janesOrder } = setup();
    expect(can(contact(['Buyer'], { accountId: null }), 'create', 'salesorder', janesOrder)).toBe(false);
    expect(can(contact(['Buyer'], { accountId: null }), 'read', 'salesorder', janesOrder)).toBe(true);
  });

  it('the type-level create check stays true for showing a "new order" button', () => {
    const { policy, contact } = setup();
    expect(abilityFor(policy, contact(['Buyer'])).can('create', 'salesorder')).toBe(true);
    expect(abilityFor(policy, contact(['Accountant'])).can('create', 'salesorder')).toBe(false);
  });
});

describe('gates: account state and password reset', () => {
  for (const state of ['blocked', 'disabled', 'deleted', 'purged'] as const) {
    it(`a ${state} contact can do nothing, not even read public terms`, () => {
      const { policy, contact, janesOrder } = setup();
      const ability = abilityFor(policy, contact(['Administrator', 'Buyer'], { state }));
      expect(ability.rules).toEqual([]);
      expect(ability.denial?.code).toBe(`account_${state}`);
      expect(ability.can('read', subject('salesorder', janesOrder))).toBe(false);
      expect(ability.can('read', subject('terms', {}))).toBe(false);
      expect(ability.can('read', 'terms')).toBe(false);
    });
  }

  it('an active contact is not denied', () => {
    const { policy, contact } = setup();
    expect(abilityFor(policy, contact(['Buyer'], { state: 'active' })).denial).toBeUndefined();
  });

  it('a contact who must change her password reaches no data at all, not even her own row or public terms', () => {
    const { policy, contact, janesOrder } = setup();
    const ability = abilityFor(
      policy,
      contact(['Administrator', 'Profile editor'], { mustChangePassword: true }),
    );
    expect(ability.rules).toEqual([]);
    expect(ability.denial?.code).toBe('must_change_password');
    expect(ability.can('read', subject('contact', { contactid: 'jane' }))).toBe(false);
    expect(ability.can('write', subject('contact', { contactid: 'jane' }))).toBe(false);
    expect(ability.can('read', subject('salesorder', janesOrder))).toBe(false);
    expect(ability.can('read', subject('terms', {}))).toBe(false);
    expect(ability.can('read', 'terms')).toBe(false);
  });
});

describe('fail closed (RELIABILITY)', () => {
  it('1: reserved keys in a principal are refused and inherited or __proto__ record fields never match', () => {
    const { policy, contact, can } = setup();
    expect(() =>
      abilityFor(
        policy,
        JSON.parse('{"kind":"contact","id":"jane","__proto__":{"webRoles":["Administrator"]}}'),
      ),
    ).toThrow(PrincipalValidationError);
    const smuggled = JSON.parse('{"__proto__": {"orderedBy": "jane"}, "constructor": {"orderedBy": "jane"}}');
    expect(can(contact(['Buyer']), 'read', 'salesorder', smuggled)).toBe(false);
    const inherited = Object.create({ orderedBy: 'jane' }) as object;
    expect(abilityFor(policy, contact(['Buyer'])).can('read', subject('salesorder', inherited))).toBe(false);
    expect(({} as Record<string, unknown>).orderedBy).toBeUndefined();
  });

  it('2: a contact whose account is null, missing or empty reads no account-scoped rows, whatever the rows hold', () => {
    const { contact, can } = setup();
    const accounts = [null, undefined, ''] as const;
    for (const accountId of accounts) {
      const { accountId: _, ...withoutAccount } = contact(['Accountant']);
      const accountant = accountId === undefined ? withoutAccount : { ...withoutAccount, accountId };
      for (const invoiceAccount of [...accounts, 'X']) {
        const invoice = invoiceAccount === undefined ? {} : { invoiceAccount };
        expect(can(accountant, 'read', 'invoice', invoice)).toBe(false);
      }
    }
  });

  it('2: a record whose account is null, missing or empty is denied to a contact who has an account', () => {
    const { contact, can } = setup();
    for (const invoice of [{}, { invoiceAccount: null }, { invoiceAccount: '' }]) {
      expect(can(contact(['Accountant']), 'read', 'invoice', invoice)).toBe(false);
    }
  });

  it('3: an absent principal attribute emits no rule, never a rule that matches everything', () => {
    const { policy, contact } = setup();
    const ability = abilityFor(policy, contact(['Accountant'], { accountId: null }));
    expect(
      ability.rules.map(
        (rule) => (rule as unknown as { provenance: { tablePermission: string } }).provenance.tablePermission,
      ),
    ).toEqual(['Public terms']);
    expect(ability.can('read', 'invoice')).toBe(false);
  });

  it('4: ids are compared as exact strings: 42 is not "42", nor " 42", nor "42abc"', () => {
    const { policy, contact, can } = setup();
    const buyer = contact(['Buyer'], { id: '42' });
    expect(can(buyer, 'read', 'salesorder', { orderedBy: '42' })).toBe(true);
    for (const orderedBy of [42, ' 42', '42 ', '42abc', ['42'], { toString: () => '42' }]) {
      expect(can(buyer, 'read', 'salesorder', { orderedBy })).toBe(false);
    }
    expect(() => abilityFor(policy, { kind: 'contact', id: 42 } as unknown as Principal)).toThrow(
      PrincipalValidationError,
    );
    expect(() => abilityFor(policy, { kind: 'contact', id: '' })).toThrow(PrincipalValidationError);
    expect(() =>
      abilityFor(policy, { kind: 'contact', id: 'jane', accountId: 7 } as unknown as Principal),
    ).toThrow(PrincipalValidationError);
  });

  it('5: a record missing its relationship field is denied', () => {
    const { contact, can } = setup();
    expect(can(contact(['Buyer']), 'read', 'salesorder', { id: 'SO-1', customerAccount: 'X' })).toBe(false);
    expect(
      can(contact(['Buyer']), 'read', 'salesorderline', {
        id: 'L-1',
        salesorder: { id: 'SO-1', orderedBy: 'jane' },
      }),
    ).toBe(false);
  });

  it('6: operator objects in records never match, and in principals are refused', () => {
    const { policy, contact, can } = setup();
    for (const orderedBy of [{ $ne: null }, { $regex: '.*' }, { $where: 'true' }, { $in: ['jane'] }]) {
      expect(can(contact(['Buyer']), 'read', 'salesorder', { orderedBy })).toBe(false);
      expect(can(contact(['Accountant']), 'read', 'invoice', { invoiceAccount: orderedBy })).toBe(false);
    }
    const smuggling = { kind: 'contact', id: 'jane', accountId: { $ne: null }, webRoles: ['Accountant'] };
    try {
      abilityFor(policy, smuggling as unknown as Principal);
      expect.unreachable();
    } catch (error) {
      expect(isPrincipalValidationError(error)).toBe(true);
      expect((error as PrincipalValidationError).issues.map((issue) => [issue.code, issue.path])).toEqual([
        ['invalid_type', ['accountId']],
      ]);
    }
  });

  it('8: no roles, a role without permissions and an inactive permission grant nothing', () => {
    const { policy, contact, janesOrder } = setup();
    for (const roles of [[], ['Idle'], ['Retired']]) {
      const ability = abilityFor(policy, contact(roles));
      expect(ability.can('read', subject('salesorder', janesOrder))).toBe(false);
      expect(ability.rules.filter((rule) => rule.subject !== 'terms')).toEqual([]);
    }
  });

  it('10: the order and repetition of a contact’s roles change no rule', () => {
    const { policy, contact } = setup();
    const rules = (roles: string[]) => abilityFor(policy, contact(roles)).rules;
    expect(rules(['Accountant', 'Buyer', 'Buyer'])).toEqual(rules(['Buyer', 'Accountant']));
  });

  it('11: a type-level check answers "some record", a record-level check answers for that record', () => {
    const { policy, contact, samsOrder } = setup();
    const ability = abilityFor(policy, contact(['Buyer']));
    expect(ability.can('read', 'salesorder')).toBe(true);
    expect(ability.can('read', subject('salesorder', { ...samsOrder }))).toBe(false);
  });

  it('D18: a contact naming an unknown web role is refused with a hint', () => {
    const { policy, contact } = setup();
    try {
      abilityFor(policy, contact(['Buyer', 'Byer']));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PrincipalValidationError);
      expect((error as PrincipalValidationError).issues).toMatchInlineSnapshot(`
        [
          {
            "code": "unknown_web_role",
            "message": "web role "Byer" is not defined by the policy (did you mean "Buyer"?); fix the contact's roles or the policy",
            "path": [
              "webRoles",
              1,
            ],
          },
        ]
      `);
    }
  });

  it('D1: the Anonymous users role cannot be assigned to a contact', () => {
    try {
      abilityFor(customerPortal, { ...people.jane, webRoles: ['Anonymous users'] });
      expect.unreachable();
    } catch (error) {
      expect((error as PrincipalValidationError).issues).toMatchInlineSnapshot(`
        [
          {
            "code": "anonymous_role_assigned",
            "message": "web role "Anonymous users" is the Anonymous users role and cannot be assigned to a contact; remove it",
            "path": [
              "webRoles",
              0,
            ],
          },
        ]
      `);
    }
  });

  it('a visitor has no contact: contact, account, self and parent scopes cover nothing', () => {
    const policy = definePolicy({
      tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount' }, contact: {} },
      webRoles: [{ name: 'Visitors', anonymousUsers: true }],
      tablePermissions: [
        { name: 'Mine', table: 'salesorder', scope: 'contact', privileges: ['read'], webRoles: ['Visitors'] },
        {
          name: 'Company',
          table: 'salesorder',
          scope: 'account',
          privileges: ['read'],
          webRoles: ['Visitors'],
        },
        { name: 'Me', table: 'contact', scope: 'self', privileges: ['read'], webRoles: ['Visitors'] },
      ],
    });
    const visitor = abilityFor(policy, { kind: 'anonymous' });
    expect(visitor.rules).toEqual([]);
    expect(visitor.can('read', subject('salesorder', { orderedBy: '', customerAccount: '' }))).toBe(false);
    expect(visitor.can('read', subject('contact', { id: '' }))).toBe(false);
  });
});

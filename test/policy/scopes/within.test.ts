import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  definePolicy,
  type PolicyInput,
  PolicyValidationError,
  type Principal,
  subject,
} from '../../../src/index.js';
import { withinCoverage, withinIssue } from '../../../src/policy/scopes/within.js';
import { defineTable } from '../../../src/policy/table.js';
import { referenceCan } from '../../../src/testing/index.js';
import { boundedFollowers, boundedFollowersInput, followers } from '../../fixtures/bounded-followers.js';

const as = (principal: Principal) => abilityFor(boundedFollowers, principal);
const order = (fields: Record<string, unknown>) =>
  subject('order', { id: 'O1', customerAccount: 'A', company: 'usmf', followerIds: ['sam'], ...fields });

describe('a contact scope through a many-to-many relationship bounded within the account', () => {
  it("a follower reads an order of their own company's account", () => {
    expect(as(followers.sam).can('read', order({}))).toBe(true);
    expect(
      as(followers.sam).check('read', 'order', {
        id: 'O1',
        customerAccount: 'A',
        company: 'usmf',
        followerIds: ['sam'],
      }),
    ).toBe(true);
  });

  it("a follower link to another company's order grants nothing", () => {
    expect(as(followers.sam).can('read', order({ customerAccount: 'B' }))).toBe(false);
    expect(
      as(followers.sam).check('read', 'order', {
        id: 'O2',
        customerAccount: 'B',
        company: 'usmf',
        followerIds: ['sam'],
      }),
    ).toBe(false);
    // Same account number in another legal entity is another company (D4).
    expect(as(followers.sam).can('read', order({ company: 'demf' }))).toBe(false);
  });

  it.each([
    ['missing', { customerAccount: undefined }],
    ['null', { customerAccount: null }],
    ['empty', { customerAccount: '' }],
    ['a number', { customerAccount: 42 }],
    ['an operator-shaped object', { customerAccount: { $ne: null } }],
    ['a list holding the account', { customerAccount: ['A'] }],
  ])('an order whose account is %s is never read by a follower', (_, fields) => {
    const row: Record<string, unknown> = { id: 'O3', company: 'usmf', followerIds: ['sam'], ...fields };
    if (fields.customerAccount === undefined) delete row.customerAccount;
    expect(as(followers.sam).can('read', subject('order', row))).toBe(false);
  });

  it('a contact without an account, or without a legal entity, follows nothing (null never equals null)', () => {
    const noAccount = { ...followers.sam, accountId: undefined };
    const noEntity = { ...followers.sam, legalEntity: undefined };
    expect(as(noAccount).can('read', order({ customerAccount: null }))).toBe(false);
    expect(as(noAccount).can('read', order({ customerAccount: undefined }))).toBe(false);
    expect(as(noEntity).can('read', order({ company: null }))).toBe(false);
    expect(as(noAccount).rules.filter((rule) => rule.subject === 'order')).toEqual([]);
  });

  it('the link is still required: an order of the own account that does not list the contact is not read', () => {
    expect(as(followers.sam).can('read', order({ followerIds: ['ada'] }))).toBe(false);
    expect(as(followers.ada).can('read', order({ followerIds: ['ada'] }))).toBe(false);
    expect(as(followers.ada).can('read', order({ customerAccount: 'B', followerIds: ['ada'] }))).toBe(true);
  });

  it("a child permission under the bounded one reaches only lines of the own company's followed orders", () => {
    const line = (parent: Record<string, unknown>) =>
      subject('orderline', { id: 'L1', orderId: 'O1', order: { id: 'O1', followerIds: ['sam'], ...parent } });
    expect(as(followers.sam).can('read', line({ customerAccount: 'A', company: 'usmf' }))).toBe(true);
    expect(as(followers.sam).can('read', line({ customerAccount: 'B', company: 'usmf' }))).toBe(false);
  });

  it('a create through the bounded scope must name the contact and stay in their own account', () => {
    expect(as(followers.sam).can('create', order({}))).toBe(true);
    expect(as(followers.sam).can('create', order({ customerAccount: 'B' }))).toBe(false);
  });
});

describe('a contact scope bounded within the legal entity', () => {
  const invoice = (fields: Record<string, unknown>) =>
    subject('invoice', { id: 'I1', company: 'usmf', watcherIds: ['sam'], ...fields });

  it("a watcher reads an invoice of their legal entity, not another entity's", () => {
    expect(as(followers.sam).can('read', invoice({}))).toBe(true);
    expect(as(followers.sam).can('read', invoice({ company: 'demf' }))).toBe(false);
    expect(as(followers.sam).can('read', invoice({ company: null }))).toBe(false);
  });

  it('a contact without a legal entity watches nothing', () => {
    const noEntity = { ...followers.sam, legalEntity: undefined };
    expect(as(noEntity).can('read', invoice({}))).toBe(false);
  });
});

describe('a plain contact scope bounded within the account', () => {
  const input = {
    tables: { order: { contact: 'orderedBy', account: 'customerAccount' } },
    webRoles: [{ name: 'Buyer' }],
    tablePermissions: [
      {
        name: 'My orders',
        table: 'order',
        scope: 'contact',
        within: 'account',
        privileges: ['read'],
        webRoles: ['Buyer'],
      },
    ],
  } as const satisfies PolicyInput;
  const ability = abilityFor(definePolicy(input), {
    kind: 'contact',
    id: 'sam',
    accountId: 'A',
    webRoles: ['Buyer'],
  });

  it("an order naming the contact in another company's account is not read", () => {
    expect(ability.can('read', subject('order', { id: 'O1', orderedBy: 'sam', customerAccount: 'A' }))).toBe(
      true,
    );
    expect(ability.can('read', subject('order', { id: 'O2', orderedBy: 'sam', customerAccount: 'B' }))).toBe(
      false,
    );
  });
});

describe("a bound within the account where the table's account relationship is itself many-to-many", () => {
  const input = {
    tables: {
      project: {
        account: 'customers',
        manyToMany: {
          members: {
            links: 'contact',
            field: 'memberIds',
            intersect: 'project_member',
            recordColumn: 'projectid',
            relatedColumn: 'contactid',
          },
          customers: {
            links: 'account',
            field: 'customerIds',
            intersect: 'project_customer',
            recordColumn: 'projectid',
            relatedColumn: 'accountnumber',
          },
        },
      },
    },
    webRoles: [{ name: 'Member' }],
    tablePermissions: [
      {
        name: 'My projects',
        table: 'project',
        scope: 'contact',
        relationship: 'members',
        within: 'account',
        privileges: ['read'],
        webRoles: ['Member'],
      },
    ],
  } as const satisfies PolicyInput;
  const sam = { kind: 'contact', id: 'sam', accountId: 'A', webRoles: ['Member'] } as const;
  const ability = abilityFor(definePolicy(input), sam);
  const project = (customerIds: unknown) => ({ id: 'P1', memberIds: ['sam'], customerIds });

  it("a member reads a project linked to their own account, not one linked only to another company's", () => {
    expect(ability.can('read', subject('project', project(['B', 'A'])))).toBe(true);
    expect(ability.can('read', subject('project', project(['B'])))).toBe(false);
    expect(ability.can('read', subject('project', project(null)))).toBe(false);
    expect(referenceCan(input, sam, 'read', 'project', project(['B', 'A']))).toBe(true);
    expect(referenceCan(input, sam, 'read', 'project', project(['B']))).toBe(false);
  });
});

/** The issues `definePolicy` reports for `input`. */
function issuesOf(input: unknown) {
  try {
    definePolicy(input as PolicyInput);
  } catch (error) {
    if (error instanceof PolicyValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

const withPermission = (change: Record<string, unknown>, tables?: Record<string, unknown>) => ({
  ...boundedFollowersInput,
  ...(tables === undefined ? {} : { tables: { ...boundedFollowersInput.tables, ...tables } }),
  tablePermissions: [{ ...boundedFollowersInput.tablePermissions[0], ...change }],
});

describe('validating "within"', () => {
  it('a bound on a scope other than contact is refused at its path, saying what to do', () => {
    expect(issuesOf(withPermission({ scope: 'account', relationship: undefined }))).toEqual([
      expect.objectContaining({
        code: 'unexpected_within',
        path: ['tablePermissions', 0, 'within'],
        message: expect.stringContaining('an account scope is already bounded by the account'),
      }),
    ]);
    expect(issuesOf(withPermission({ scope: 'global', relationship: undefined }))).toEqual([
      expect.objectContaining({ code: 'unexpected_within', path: ['tablePermissions', 0, 'within'] }),
    ]);
  });

  it('a bound within the account on a table without one suggests the legal entity it has', () => {
    expect(issuesOf(withPermission({ table: 'invoice', relationship: 'watchers' }))).toEqual([
      {
        code: 'missing_bound',
        path: ['tablePermissions', 0, 'within'],
        message: expect.stringContaining('did you mean within: "legalEntity"?'),
      },
    ]);
  });

  it('a bound on a table declaring neither field says so, and names its nearest field', () => {
    const bare = { contact: 'orderedBy', fields: ['id', 'orderedBy', 'acount'] };
    const [issue] = issuesOf(withPermission({ table: 'bare', relationship: undefined }, { bare }));
    expect(issue).toMatchObject({ code: 'missing_bound', path: ['tablePermissions', 0, 'within'] });
    expect(issue!.message).toContain('among its fields, did you mean "acount"?');
    expect(issue!.message).toContain('under tables.bare.account');
    const [withoutFields] = issuesOf(
      withPermission({ table: 'bare', relationship: undefined }, { bare: { contact: 'orderedBy' } }),
    );
    expect(withoutFields!.message).toContain('tables.bare declares neither "account" nor "legalEntity"');
  });

  it('a misspelt bound is refused at its path, naming the bound meant and listing the bounds', () => {
    expect(issuesOf(withPermission({ within: 'acount' }))).toEqual([
      expect.objectContaining({
        code: 'invalid_value',
        path: ['tablePermissions', 0, 'within'],
        message: 'did you mean "account"? expected one of "account", "legalEntity"',
      }),
    ]);
  });
});

describe('the refusal of a bound that bounds nothing, word for word', () => {
  const on = (input: Parameters<typeof defineTable>[1]) => defineTable('watch', input);
  const refusal = (
    scope: string,
    within: 'account' | 'legalEntity',
    input: Parameters<typeof defineTable>[1],
  ) => withinIssue(on(input), { name: 'Watched', scope, within }, ['tablePermissions', 3]);

  it('a bound on a parent scope is sent to the parent permission, on a global scope simply removed', () => {
    expect(refusal('parent', 'account', { account: 'acct' })).toEqual({
      code: 'unexpected_within',
      path: ['tablePermissions', 3],
      message:
        'table permission "Watched" sets "within" but uses scope "parent"; "within" bounds a contact scope (a child permission is bounded by its parent: set "within" on the parent permission): remove "within", or use scope "contact"',
    });
    expect(refusal('global', 'account', { account: 'acct' })?.message).toBe(
      'table permission "Watched" sets "within" but uses scope "global"; "within" bounds a contact scope: remove "within", or use scope "contact"',
    );
  });

  it('a bound within the legal entity on a table holding only an account field suggests the account', () => {
    expect(refusal('contact', 'legalEntity', { account: 'acct' })?.message).toBe(
      'table permission "Watched" is bounded within the contact\'s legal entity but table "watch" declares no legalEntity field to compare (did you mean within: "account"?); declare the field holding a row\'s legal entity under tables.watch.legalEntity, or change "within"',
    );
  });

  it('a bound within the account on a table holding only a legal entity suggests the legal entity', () => {
    expect(refusal('contact', 'account', { legalEntity: 'company' })?.message).toBe(
      'table permission "Watched" is bounded within the contact\'s account but table "watch" declares no account field to compare (did you mean within: "legalEntity"?); declare the field holding a row\'s customer account under tables.watch.account, or change "within"',
    );
  });

  it('a contact scope bounded by a field the table declares, or not bounded at all, is accepted', () => {
    expect(refusal('contact', 'legalEntity', { legalEntity: 'company' })).toBeUndefined();
    expect(refusal('contact', 'account', { account: 'acct' })).toBeUndefined();
    expect(
      withinIssue(on({ account: 'acct' }), { name: 'Watched', scope: 'account' }, ['tablePermissions', 3]),
    ).toBeUndefined();
  });

  it('with no declared field at all, an empty field list is not searched for a near name', () => {
    expect(refusal('contact', 'account', { fields: [] })?.message).toContain(
      '(tables.watch declares neither "account" nor "legalEntity")',
    );
  });
});

describe('the rows inside the contact’s company under a bound', () => {
  const jane = { contactId: 'jane', accountId: 'X', legalEntity: 'usmf' };
  const eq = (field: string, value: string) => ({ operator: 'eq', field, value });

  it('within the legal entity: the rows of her legal entity; nothing on a table without the field', () => {
    expect(withinCoverage(defineTable('t', { legalEntity: 'company' }), 'legalEntity', jane)).toEqual(
      eq('company', 'usmf'),
    );
    expect(withinCoverage(defineTable('t', { account: 'acct' }), 'legalEntity', jane)).toBeNull();
  });

  it('within the account: the rows of her account; nothing on a table without an account field', () => {
    expect(withinCoverage(defineTable('t', { account: 'acct' }), 'account', jane)).toEqual(eq('acct', 'X'));
    expect(withinCoverage(defineTable('t', { legalEntity: 'company' }), 'account', jane)).toBeNull();
  });
});

import { describe, expectTypeOf, it } from 'vitest';
import type { BuiltInAdministrativeRoleName } from '../../src/accounts/index.js';
import {
  type Action,
  type AdministrativeRoleOf,
  abilityFor,
  accessibleWhere,
  type ColumnOf,
  definePolicy,
  explain,
  explainPage,
  filterAccessible,
  type PageIdOf,
  type Policy,
  type PolicyInput,
  type PolicyTypes,
  type PolicyTypesOf,
  type Principal,
  page,
  permittedColumns,
  pickPermitted,
  type SecurityRoleOf,
  subject,
  type TableOf,
  type WebRoleOf,
} from '../../src/index.js';
import { whereAccessible as drizzleWhere } from '../../src/integrations/drizzle/index.js';
import { whereAccessible as kyselyWhere } from '../../src/integrations/kysely/index.js';
import { accessibleBy } from '../../src/integrations/prisma/index.js';

const shop = definePolicy({
  tables: {
    salesorder: {
      fields: ['id', 'orderedBy', 'customerAccount', 'price'],
      contact: 'orderedBy',
      account: 'customerAccount',
    },
    note: {},
  },
  webRoles: [{ name: 'Authorized user' }, { name: 'Administrator' }],
  securityRoles: [{ name: 'Salesperson', privileges: { salesorder: { read: 'user' } } }],
  tablePermissions: [
    {
      name: 'My orders',
      table: 'salesorder',
      scope: 'contact',
      privileges: ['read'],
      webRoles: ['Authorized user'],
    },
  ],
  pages: [{ id: 'home' }, { id: 'orders', parent: 'home' }],
  administrativeRoles: [{ name: 'Order desk', operations: ['resetPassword'] }],
});

const jane = abilityFor(shop, { kind: 'contact', id: 'jane', webRoles: ['Authorized user'] });
const order = subject('salesorder', { id: 'SO-1', orderedBy: 'jane', customerAccount: 'X', price: 10 });

describe('definePolicy infers the names a policy literal declares', () => {
  it('infers the tables, the columns of a table that lists its fields, and every string for one that does not', () => {
    expectTypeOf<TableOf<typeof shop>>().toEqualTypeOf<'salesorder' | 'note'>();
    expectTypeOf<ColumnOf<typeof shop, 'salesorder'>>().toEqualTypeOf<
      'id' | 'orderedBy' | 'customerAccount' | 'price'
    >();
    expectTypeOf<ColumnOf<typeof shop, 'note'>>().toEqualTypeOf<string>();
  });

  it('infers the web role, security role and page names', () => {
    expectTypeOf<WebRoleOf<typeof shop>>().toEqualTypeOf<'Authorized user' | 'Administrator'>();
    expectTypeOf<SecurityRoleOf<typeof shop>>().toEqualTypeOf<'Salesperson'>();
    expectTypeOf<PageIdOf<typeof shop>>().toEqualTypeOf<'home' | 'orders'>();
  });

  it('infers the administrative role names: the built-in ones and those the policy declares', () => {
    expectTypeOf<BuiltInAdministrativeRoleName>().toEqualTypeOf<
      | 'Global administrator'
      | 'User administrator'
      | 'Password administrator'
      | 'Helpdesk agent'
      | 'Portal administrator'
    >();
    expectTypeOf<AdministrativeRoleOf<typeof shop>>().toEqualTypeOf<
      BuiltInAdministrativeRoleName | 'Order desk'
    >();
    expectTypeOf<AdministrativeRoleOf<typeof jane>>().toEqualTypeOf<
      BuiltInAdministrativeRoleName | 'Order desk'
    >();
    const declaresNone = definePolicy({ tables: {} });
    expectTypeOf<AdministrativeRoleOf<typeof declaresNone>>().toEqualTypeOf<BuiltInAdministrativeRoleName>();
  });

  it('an ability carries the names of its policy', () => {
    expectTypeOf<TableOf<typeof jane>>().toEqualTypeOf<'salesorder' | 'note'>();
    expectTypeOf<PageIdOf<typeof jane>>().toEqualTypeOf<'home' | 'orders'>();
  });

  it('a typed policy is still a Policy, for every function that takes one', () => {
    expectTypeOf(shop).toExtend<Policy>();
    expectTypeOf(jane.policy).toExtend<Policy<'salesorder' | 'note'>>();
  });
});

describe('a policy loaded from JSON keeps plain strings, without casts', () => {
  const fromJson = definePolicy(JSON.parse('{"tables":{"salesorder":{}}}'));
  const input: PolicyInput = { tables: { salesorder: {} } };
  const fromVariable = definePolicy(input);

  it('has string names everywhere', () => {
    expectTypeOf<TableOf<typeof fromJson>>().toEqualTypeOf<string>();
    expectTypeOf<WebRoleOf<typeof fromVariable>>().toEqualTypeOf<string>();
    expectTypeOf<SecurityRoleOf<typeof fromVariable>>().toEqualTypeOf<string>();
    expectTypeOf<PageIdOf<typeof fromVariable>>().toEqualTypeOf<string>();
    expectTypeOf<AdministrativeRoleOf<typeof fromJson>>().toEqualTypeOf<string>();
    expectTypeOf<AdministrativeRoleOf<typeof fromVariable>>().toEqualTypeOf<string>();
    expectTypeOf<PolicyTypesOf<typeof fromVariable>>().toEqualTypeOf<PolicyTypes>();
  });

  it('accepts any table, role, column and page id', () => {
    const ability = abilityFor(fromJson, {
      kind: 'contact',
      id: 'c',
      webRoles: ['Any role'],
      administrativeRoles: ['Any administrative role'],
    });
    abilityFor(fromVariable, {
      kind: 'user',
      id: 'u',
      businessUnitId: 'b',
      administrativeRoles: ['Any role'],
    });
    ability.can('read', subject('anything', {}), 'any.column');
    ability.check('read', 'anything', {});
    ability.can('view', page('any page'));
    accessibleWhere(ability, 'read', 'anything', { dialect: 'postgres' });
    explainPage(ability, 'view', 'any page');
  });
});

describe('abilityFor takes only the roles the policy declares', () => {
  it('accepts declared web roles and refuses a misspelt one', () => {
    abilityFor(shop, {
      kind: 'contact',
      id: 'jane',
      webRoles: ['Authorized user'],
      accountWebRoles: ['Administrator'],
    });
    // @ts-expect-error: "Authorised user" is not a web role of the policy
    abilityFor(shop, { kind: 'contact', id: 'jane', webRoles: ['Authorised user'] });
    // @ts-expect-error: account web roles are web roles of the policy too
    abilityFor(shop, { kind: 'contact', id: 'jane', accountWebRoles: ['Admin'] });
  });

  it('accepts declared security roles, by name or with a business unit, and refuses a misspelt one', () => {
    abilityFor(shop, { kind: 'user', id: 'u', businessUnitId: 'root', securityRoles: ['Salesperson'] });
    abilityFor(shop, {
      kind: 'user',
      id: 'u',
      businessUnitId: 'root',
      securityRoles: [{ name: 'Salesperson', businessUnitId: 'sales' }],
    });
    // @ts-expect-error: "Salesman" is not a security role of the policy
    abilityFor(shop, { kind: 'user', id: 'u', businessUnitId: 'root', securityRoles: ['Salesman'] });
    abilityFor(shop, {
      kind: 'user',
      id: 'u',
      businessUnitId: 'root',
      // @ts-expect-error: the role of an assignment from a unit must be declared as well
      securityRoles: [{ name: 'Salesman', businessUnitId: 'sales' }],
    });
  });

  it('accepts built-in and declared administrative roles, for contacts and users, and refuses a misspelt one', () => {
    abilityFor(shop, {
      kind: 'contact',
      id: 'c',
      administrativeRoles: ['Portal administrator', 'Order desk'],
    });
    abilityFor(shop, { kind: 'user', id: 'u', businessUnitId: 'root', administrativeRoles: ['Order desk'] });
    // @ts-expect-error: "Order dsk" is not an administrative role of the policy
    abilityFor(shop, { kind: 'contact', id: 'c', administrativeRoles: ['Order dsk'] });
    abilityFor(shop, {
      kind: 'user',
      id: 'u',
      businessUnitId: 'root',
      // @ts-expect-error: "Helpdesk agnet" is not an administrative role (the built-in one is "Helpdesk agent")
      administrativeRoles: ['Helpdesk agnet'],
    });
    abilityFor(shop, {
      kind: 'user',
      id: 'u',
      businessUnitId: 'root',
      // @ts-expect-error: an Entra directory role goes in entraRoles; no administrative role has its name
      administrativeRoles: ['Helpdesk administrator'],
    });
    // @ts-expect-error: a web role is not an administrative role
    abilityFor(shop, { kind: 'contact', id: 'c', administrativeRoles: ['Administrator'] });
  });

  it('refuses the fields of another kind of principal', () => {
    // @ts-expect-error: a contact has no business unit
    abilityFor(shop, { kind: 'contact', id: 'jane', businessUnitId: 'root' });
    // @ts-expect-error: an internal user holds security roles, not web roles
    abilityFor(shop, { kind: 'user', id: 'u', businessUnitId: 'root', webRoles: ['Administrator'] });
  });

  it('leaves roles typed string (read from a session or a database) to validation at run time', () => {
    const fromSession: Principal = { kind: 'contact', id: 'jane', webRoles: ['read at run time'] };
    const roles: string[] = ['read at run time'];
    const fromSessionAbility = abilityFor(shop, fromSession);
    expectTypeOf<TableOf<typeof fromSessionAbility>>().toEqualTypeOf<'salesorder' | 'note'>();
    abilityFor(shop, { kind: 'contact', id: 'jane', webRoles: roles });
    abilityFor(shop, { kind: 'contact', id: 'jane', administrativeRoles: roles });
    abilityFor(shop, { kind: 'user', id: 'u', businessUnitId: 'root', administrativeRoles: roles });
  });
});

describe('can, cannot and check take the names of the policy', () => {
  it('accept a declared table, tagged record or page, and refuse an undeclared one', () => {
    jane.can('read', 'salesorder');
    jane.can('read', order);
    jane.can('view', page('orders'));
    // @ts-expect-error: "salesordr" is not a table of the policy
    jane.can('read', 'salesordr');
    // @ts-expect-error: the tag names no table of the policy
    jane.can('read', subject('salesordr', { id: 'SO-1' }));
    // @ts-expect-error: "ordres" is not a page of the policy
    jane.can('view', page('ordres'));
    // @ts-expect-error: an untagged record has no table
    jane.can('read', { id: 'SO-1' });
    // @ts-expect-error: "salesordr" is not a table of the policy
    jane.check('read', 'salesordr', {});
    // @ts-expect-error: "salesordr" is not a table of the policy
    jane.cannot('read', 'salesordr');
  });

  it('accept only the actions that can be granted on the subject', () => {
    jane.can('write', order);
    jane.can('invite', 'contact');
    jane.can('change', page('home'));
    jane.check('delete', 'salesorder', {});
    // @ts-expect-error: "raed" is no action
    jane.can('raed', order);
    // @ts-expect-error: view is an action on pages, not on rows
    jane.can('view', order);
    // @ts-expect-error: invite is an administrative operation on accounts, not on rows
    jane.cannot('invite', 'salesorder');
    // @ts-expect-error: read is an action on rows, not on pages
    jane.can('read', page('home'));
    // @ts-expect-error: view is an action on pages, not on rows
    jane.check('view', 'salesorder', {});
  });

  it('accept a declared column, or a path into one, and refuse an undeclared one', () => {
    jane.can('read', order, 'price');
    jane.can('read', order, 'price.amount');
    jane.cannot('write', 'salesorder', 'orderedBy');
    // @ts-expect-error: "prize" is not among tables.salesorder.fields
    jane.can('read', order, 'prize');
    // @ts-expect-error: "prize" is not among tables.salesorder.fields
    jane.cannot('read', order, 'prize');
  });

  it('accept any column of a table that lists no fields, and names read at run time', () => {
    jane.can('read', subject('note', { id: 'N-1' }), 'anything');
    const field: string = 'from the request';
    const table: string = 'from the route';
    const action: Action = 'read';
    jane.can('read', order, field);
    jane.can('read', table);
    jane.can(action, order);
    jane.check(action, table, {});
  });

  it('accept a union of records of one table', () => {
    const either = Math.random() > 0.5 ? order : subject('salesorder', { id: 'SO-2', orderedBy: 'sam' });
    jane.can('read', either, 'id');
  });
});

describe('the listing, column and explanation helpers take the same names', () => {
  const rows = [{ id: 'SO-1', orderedBy: 'jane' }];

  it('accessibleWhere and filterAccessible refuse an undeclared table or an action rows never get', () => {
    accessibleWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    expectTypeOf(filterAccessible(jane, 'read', 'salesorder', rows)).toEqualTypeOf<typeof rows>();
    // @ts-expect-error: "salesordr" is not a table of the policy
    accessibleWhere(jane, 'read', 'salesordr', { dialect: 'postgres' });
    // @ts-expect-error: view is an action on pages, not on rows
    accessibleWhere(jane, 'view', 'salesorder', { dialect: 'postgres' });
    // @ts-expect-error: "salesordr" is not a table of the policy
    filterAccessible(jane, 'read', 'salesordr', rows);
  });

  it('permittedColumns answers the declared columns of the table and pickPermitted the record picked from', () => {
    expectTypeOf(permittedColumns(jane, 'read', 'salesorder')).toEqualTypeOf<
      ('id' | 'orderedBy' | 'customerAccount' | 'price')[]
    >();
    expectTypeOf(pickPermitted(jane, 'read', order).price).toEqualTypeOf<number | undefined>();
    // @ts-expect-error: "salesordr" is not a table of the policy
    permittedColumns(jane, 'read', 'salesordr');
    // @ts-expect-error: the tag names no table of the policy
    pickPermitted(jane, 'read', subject('salesordr', { id: 'SO-1' }));
  });

  it('explain and explainPage refuse an undeclared subject, action or page', () => {
    explain(jane, 'read', order);
    explainPage(jane, 'view', 'orders');
    // @ts-expect-error: the tag names no table of the policy
    explain(jane, 'read', subject('salesordr', { id: 'SO-1' }));
    // @ts-expect-error: view is an action on pages, not on rows
    explain(jane, 'view', order);
    // @ts-expect-error: "ordres" is not a page of the policy
    explainPage(jane, 'view', 'ordres');
    explain(jane, 'read', order, { field: 'price' });
    // @ts-expect-error: "prize" is not among tables.salesorder.fields
    explain(jane, 'read', order, { field: 'prize' });
  });

  it('the Kysely, Drizzle and Prisma filters refuse an undeclared table', () => {
    kyselyWhere(jane, 'read', 'salesorder', { dialect: 'postgres' });
    drizzleWhere(jane, 'read', 'note', {});
    accessibleBy(jane, 'read', 'salesorder');
    // @ts-expect-error: "salesordr" is not a table of the policy
    kyselyWhere(jane, 'read', 'salesordr', { dialect: 'postgres' });
    // @ts-expect-error: "salesordr" is not a table of the policy
    drizzleWhere(jane, 'read', 'salesordr', {});
    // @ts-expect-error: "salesordr" is not a table of the policy
    accessibleBy(jane, 'read', 'salesordr');
  });
});

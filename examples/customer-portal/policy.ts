import { definePolicy, type PolicyInput } from 'portal-permissions';
import { backOfficeAdministrativeRoles, backOfficePolicyInput } from './back-office/policy.js';

/**
 * The portal's policy: the four out-of-box web roles of the Dynamics 365 Customer portal and the table
 * permissions that reproduce its documented visibility table. A copy of the library's test fixture,
 * extended with order lines for every role that reads orders and with an account-scoped create.
 *
 * Why create is account-scoped and read contact-scoped for Authorized users: a create is checked on the
 * new record against the permission's scope (decision D6), and the rule that matters for a new order is
 * that it stays inside the contact's own company, which is what account scope says. The server always
 * sets the orderer itself. (A contact-scoped create would also keep orders in her company: under D6 it must
 * name the contact and her own account and legal entity.)
 */
export const portalPolicyInput = {
  tables: {
    salesorder: {
      contact: 'orderedBy',
      account: 'customerAccount',
      legalEntity: 'company',
      // The back office (back-office/): internal users reach orders through their owner and business unit.
      owner: 'ownerId',
      businessUnit: 'owningBusinessUnit',
      // Contacts following an order (many-to-many through sales_order_follower): a colleague can be let in on
      // one order without seeing the rest of the company's. In memory the order carries the followers' ids.
      manyToMany: {
        followers: {
          links: 'contact',
          field: 'followerIds',
          intersect: 'sales_order_follower',
          recordColumn: 'sales_order_id',
          relatedColumn: 'contact_id',
        },
      },
      sql: {
        table: 'sales_order',
        columns: {
          customerAccount: 'customer_account',
          orderedBy: 'ordered_by',
          ownerId: 'owner_id',
          owningBusinessUnit: 'owning_business_unit',
        },
      },
    },
    salesorderline: {
      parent: { salesorder: 'salesOrderId' },
      sql: { table: 'sales_order_line', columns: { salesOrderId: 'sales_order_id' } },
    },
    contact: {},
    terms: {},
  },
  webRoles: [
    { name: 'Administrator', description: 'Maintains the site; sees and manages every order.' },
    { name: 'Customer representative', description: 'Sees every order placed for the company.' },
    { name: 'Authorized user', description: 'Places orders and sees only the orders they placed.' },
    { name: 'Unauthorized user', description: 'Sees public information only.' },
    { name: 'Authenticated users', authenticatedUsers: true },
    { name: 'Anonymous users', anonymousUsers: true },
  ],
  tablePermissions: [
    {
      name: 'All orders',
      table: 'salesorder',
      scope: 'global',
      privileges: ['read', 'write', 'create', 'delete', 'append', 'appendTo'],
      webRoles: ['Administrator'],
    },
    {
      name: 'Lines of all orders',
      table: 'salesorderline',
      scope: 'parent',
      parent: 'All orders',
      privileges: ['read', 'create', 'append'],
      webRoles: ['Administrator'],
    },
    {
      name: 'Company orders',
      table: 'salesorder',
      scope: 'account',
      privileges: ['read'],
      webRoles: ['Customer representative'],
    },
    {
      name: 'Lines of company orders',
      table: 'salesorderline',
      scope: 'parent',
      parent: 'Company orders',
      privileges: ['read'],
      webRoles: ['Customer representative'],
    },
    {
      name: 'My orders',
      table: 'salesorder',
      scope: 'contact',
      privileges: ['read', 'appendTo'],
      webRoles: ['Authorized user'],
    },
    {
      // A follower link is data anyone with write access to sales_order_follower may add: bounded within the
      // contact's own account (D20), a link to another company's order grants nothing.
      name: 'Orders I follow',
      table: 'salesorder',
      scope: 'contact',
      relationship: 'followers',
      within: 'account',
      privileges: ['read'],
      webRoles: ['Authorized user'],
    },
    {
      name: 'Orders for my company',
      table: 'salesorder',
      scope: 'account',
      privileges: ['create'],
      webRoles: ['Authorized user'],
    },
    {
      name: 'Lines of my orders',
      table: 'salesorderline',
      scope: 'parent',
      parent: 'My orders',
      privileges: ['read', 'create', 'append'],
      webRoles: ['Authorized user'],
    },
    {
      name: 'Public terms',
      table: 'terms',
      scope: 'global',
      privileges: ['read'],
      webRoles: ['Anonymous users', 'Authenticated users'],
    },
  ],
  // Column security (SPEC 1.7): an order's total is for representatives and administrators only.
  columnPermissions: [
    {
      name: 'Orders without totals',
      table: 'salesorder',
      webRoles: ['Authorized user'],
      allColumns: ['read', 'create', 'update'],
      columns: { total: [] },
    },
    {
      name: 'Orders with totals',
      table: 'salesorder',
      webRoles: ['Administrator', 'Customer representative'],
      allColumns: ['read', 'create', 'update'],
    },
  ],
  // Two kinds of contact administrator. The seller's site operator holds the built-in Portal administrator,
  // which reaches the contacts of every company. A customer's own administrator holds Customer administrator:
  // the same operations, limited to the contacts of her own customer account (`account: 'own'`), so no
  // customer ever lists, changes, imports or invites into another customer. Creating contacts from a CSV file
  // (the console's import) takes Contact importer, limited the same way.
  administrativeRoles: [
    {
      name: 'Customer administrator',
      description: "Invites and looks after the contacts of the administrator's own company.",
      operations: [
        'invite',
        'updateUser',
        'disable',
        'enable',
        'blockSignIn',
        'resetPassword',
        'deleteAccount',
        'restore',
        'assignRole',
      ],
      targets: { kinds: ['contact'], nonAdministrators: true, account: 'own' },
    },
    {
      name: 'Contact importer',
      description: "Creates contacts of the importer's own company in bulk from a CSV file.",
      operations: ['createUser'],
      targets: { kinds: ['contact'], nonAdministrators: true, account: 'own' },
    },
    ...backOfficeAdministrativeRoles,
  ],
  // Webpage access control rules (SPEC 1.6): the sign-in page and the terms are public; the order pages are
  // for the roles that read orders, so an Unauthorized user "sees only public information" (seed 001).
  pages: [
    { id: 'home', title: 'Sign in' },
    { id: 'terms', parent: 'home', title: 'Public terms' },
    { id: 'orders', parent: 'home', title: 'Orders' },
    { id: 'order', parent: 'orders', title: 'One order' },
  ],
  pageRules: [
    {
      name: 'Order pages',
      page: 'orders',
      right: 'restrictRead',
      webRoles: ['Administrator', 'Customer representative', 'Authorized user'],
    },
    { name: 'Site editors', page: 'home', right: 'grantChange', webRoles: ['Administrator'] },
  ],
  // The back office's internal users (back-office/): business units, security roles and a team.
  ...backOfficePolicyInput,
} as const satisfies PolicyInput;

/** The validated policy every request's ability is compiled from. */
export const portalPolicy = definePolicy(portalPolicyInput);

/** The tables of the portal policy. */
export type PortalTable = keyof typeof portalPolicyInput.tables;

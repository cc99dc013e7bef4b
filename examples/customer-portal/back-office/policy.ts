/**
 * The back office's part of the portal policy: Contoso's business units, the security roles its staff hold
 * (levels on sales orders, relative to the business-unit tree) and one owner team. Spread into the portal
 * policy (policy.ts), so contacts and internal users share one policy and one ability cache.
 */
export const backOfficePolicyInput = {
  businessUnits: [
    { id: 'contoso' },
    { id: 'sales', parent: 'contoso' },
    { id: 'sales-eu', parent: 'sales' },
    { id: 'support', parent: 'contoso' },
  ],
  securityRoles: [
    {
      name: 'Salesperson',
      description: 'Reads and edits the orders they (or their team) own.',
      privileges: { salesorder: { read: 'user', write: 'user', create: 'user' } },
    },
    {
      name: 'Sales manager',
      description: 'Reads the orders of their unit and the units below it; edits those of their unit.',
      privileges: { salesorder: { read: 'parentChildBusinessUnits', write: 'businessUnit', create: 'user' } },
    },
    {
      name: 'Support agent',
      description: 'Reads every order.',
      privileges: { salesorder: { read: 'organization' } },
    },
    {
      name: 'Order administrator',
      description: 'Reads, edits and deletes every order.',
      privileges: { salesorder: { read: 'organization', write: 'organization', delete: 'organization' } },
    },
  ],
  // Two teams: the testing entry's arbitraryUser draws up to two teams and (src/testing/arbitrary-user.ts) fails
  // on a policy with exactly one.
  teams: [
    { id: 'sales-eu-team', businessUnitId: 'sales-eu', type: 'owner', securityRoles: ['Salesperson'] },
    { id: 'support-team', businessUnitId: 'support', type: 'owner', securityRoles: ['Support agent'] },
  ],
} as const;

/**
 * A user administrator for the sales units: looks after internal users of its own unit and the units below
 * (never administrators), hands out security roles and licences, changes access modes (an update).
 */
export const backOfficeAdministrativeRoles = [
  {
    name: 'Sales user administrator',
    description: 'Manages the internal users of the sales units: roles, licences, access modes.',
    operations: [
      'updateUser',
      'assignRole',
      'assignLicense',
      'removeLicense',
      'resetPassword',
      'blockSignIn',
    ],
    targets: { kinds: ['user'], nonAdministrators: true, businessUnit: 'sameOrBelow' },
  },
] as const;

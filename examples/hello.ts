/** The README quick start, runnable (test/examples/readme-quick-start.test.ts keeps the two identical). */
import { abilityFor, definePolicy, subject, type WebRoleOf } from 'portal-permissions';

const policy = definePolicy({
  tables: { salesorder: { contact: 'orderedBy', account: 'customerAccount', legalEntity: 'company' } },
  webRoles: [{ name: 'Administrator' }, { name: 'Customer representative' }, { name: 'Authorized user' }, { name: 'Unauthorized user' }],
  tablePermissions: [
    { name: 'All orders', table: 'salesorder', scope: 'global', privileges: ['read'], webRoles: ['Administrator'] },
    { name: 'Company orders', table: 'salesorder', scope: 'account', privileges: ['read'], webRoles: ['Customer representative'] },
    { name: 'My orders', table: 'salesorder', scope: 'contact', privileges: ['read', 'create'], webRoles: ['Authorized user'] },
  ],
});

const contact = (id: string, accountId: string, role: WebRoleOf<typeof policy>) =>
  ({ kind: 'contact', id, accountId, legalEntity: 'usmf', webRoles: [role] }) as const;
const people = [contact('admin', 'HQ', 'Administrator'), contact('rita', 'X', 'Customer representative'),
  contact('jane', 'X', 'Authorized user'), contact('sam', 'X', 'Authorized user'), contact('may', 'Y', 'Unauthorized user')];
const orders = [
  { id: 'SO-1', customerAccount: 'X', company: 'usmf', orderedBy: 'jane' },
  { id: 'SO-2', customerAccount: 'X', company: 'usmf', orderedBy: 'sam' },
  { id: 'SO-3', customerAccount: 'Y', company: 'usmf', orderedBy: 'may' },
].map((order) => subject('salesorder', order));

for (const order of orders) {
  const row = people.map((person) => (abilityFor(policy, person).can('read', order) ? '✔' : '✘'));
  console.log(order.id, row.join(' '));
}

import { describe, expectTypeOf, it } from 'vitest';
import {
  type Administration,
  administrationBy,
  type LifecycleUser,
  systemEnvironment,
} from '../../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal, definePolicy, type PolicyInput } from '../../../src/index.js';

const policy = definePolicy({
  tables: { salesorder: {} },
  webRoles: [{ name: 'Authorized user' }, { name: 'Administrator' }],
  securityRoles: [{ name: 'Salesperson', privileges: { salesorder: { read: 'user' } } }],
  administrativeRoles: [{ name: 'Contact manager', operations: ['invite'], targets: { kinds: ['contact'] } }],
});
const admin = administrationBy(
  abilityFor(policy, { kind: 'user', id: 'ada', businessUnitId: 'root', securityRoles: ['Salesperson'] }),
  systemEnvironment,
);
declare const contact: ContactPrincipal;
declare const user: LifecycleUser;
const account = { id: 'ACC-1', webRoles: [] };

describe('administrationBy takes the role names of the actor’s policy', () => {
  it('carries the names of the policy', () => {
    expectTypeOf(admin).toEqualTypeOf<Administration<NonNullable<(typeof policy)['~types']>>>();
  });

  it('accepts a declared web role and refuses a misspelt one, for contacts and customer accounts', () => {
    admin.assignWebRole(contact, 'Authorized user');
    admin.removeWebRole(contact, 'Administrator');
    admin.assignAccountWebRole(account, 'Administrator', [contact]);
    admin.removeAccountWebRole(account, 'Authorized user', [contact]);
    // @ts-expect-error: "Authorised user" is not a web role of the policy
    admin.assignWebRole(contact, 'Authorised user');
    // @ts-expect-error: "Admin" is not a web role of the policy
    admin.removeWebRole(contact, 'Admin');
    // @ts-expect-error: "Admin" is not a web role of the policy
    admin.assignAccountWebRole(account, 'Admin', [contact]);
    // @ts-expect-error: "Admin" is not a web role of the policy
    admin.removeAccountWebRole(account, 'Admin', [contact]);
  });

  it('accepts a declared security role and refuses a misspelt one, or a web role', () => {
    admin.assignSecurityRole(user, 'Salesperson');
    admin.removeSecurityRole(user, 'Salesperson');
    // @ts-expect-error: "Salesman" is not a security role of the policy
    admin.assignSecurityRole(user, 'Salesman');
    // @ts-expect-error: a web role is not a security role
    admin.removeSecurityRole(user, 'Administrator');
  });

  it('accepts a built-in or declared administrative role and refuses a misspelt one', () => {
    admin.assignAdministrativeRole(user, 'Contact manager');
    admin.assignAdministrativeRole(contact, 'Portal administrator');
    admin.removeAdministrativeRole(user, 'Helpdesk agent');
    admin.removeAdministrativeRole(contact, 'Contact manager');
    // @ts-expect-error: "Contact manger" is not an administrative role of the policy
    admin.assignAdministrativeRole(user, 'Contact manger');
    // @ts-expect-error: a misspelt removal would silently remove nothing
    admin.removeAdministrativeRole(contact, 'Portal admin');
    // @ts-expect-error: an Entra directory role is no administrative role of the policy
    admin.assignAdministrativeRole(user, 'Helpdesk administrator');
    // @ts-expect-error: a web role is not an administrative role
    admin.assignAdministrativeRole(contact, 'Administrator');
  });

  it('accepts declared web roles in invitations and refuses a misspelt one', () => {
    const invitations = () => [
      admin.invite({ contacts: [contact], assignWebRoles: ['Authorized user', 'Administrator'] }),
      admin.inviteNewcomers({ emails: ['nina@example.com'], assignWebRoles: ['Authorized user'] }),
      admin.invite({ contacts: [contact] }),
      // @ts-expect-error: "Authorised user" is not a web role of the policy
      admin.invite({ contacts: [contact], assignWebRoles: ['Authorized user', 'Authorised user'] }),
      // @ts-expect-error: "Authorised user" is not a web role of the policy
      admin.inviteNewcomers({ emails: ['nina@example.com'], assignWebRoles: ['Authorised user'] }),
    ];
    expectTypeOf(invitations).toBeFunction();
  });

  it('leaves roles typed string (read from a request) to the checks at run time', () => {
    const role: string = 'from the request';
    const roles: string[] = [role];
    admin.assignWebRole(contact, role);
    admin.assignSecurityRole(user, role);
    admin.assignAccountWebRole(account, role, [contact]);
    admin.assignAdministrativeRole(user, role);
    admin.removeAdministrativeRole(contact, role);
    const invitations = () => [
      admin.invite({ contacts: [contact], assignWebRoles: roles }),
      admin.inviteNewcomers({ emails: ['nina@example.com'], assignWebRoles: roles }),
    ];
    expectTypeOf(invitations).toBeFunction();
  });

  it('takes any role name for a policy loaded from JSON', () => {
    const input: PolicyInput = JSON.parse('{"tables":{}}');
    const loaded = administrationBy(abilityFor(definePolicy(input), contact), systemEnvironment);
    expectTypeOf(loaded).toEqualTypeOf<Administration>();
    loaded.assignWebRole(contact, 'Any role');
    loaded.assignSecurityRole(user, 'Any role');
    loaded.assignAdministrativeRole(user, 'Any role');
    loaded.removeAdministrativeRole(contact, 'Any role');
  });
});

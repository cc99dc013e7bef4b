import { describe, expectTypeOf, it } from 'vitest';
import {
  assignSecurityRole,
  type LifecycleUser,
  type SecurityRoleGrant,
  systemEnvironment,
} from '../../src/accounts/index.js';
import { definePolicy } from '../../src/index.js';

declare const assigner: LifecycleUser;
declare const user: LifecycleUser;

describe('assignSecurityRole takes the role names of its catalog', () => {
  it('accepts a role of a catalog written literally and refuses a misspelt one', () => {
    const assign = () => {
      assignSecurityRole(systemEnvironment, {
        assigner,
        user,
        role: 'Salesperson',
        roles: [{ name: 'Salesperson', privileges: { salesorder: { read: 'user' } } }],
      });
      assignSecurityRole(systemEnvironment, {
        assigner,
        user,
        // @ts-expect-error: "Salesman" is not a role of the catalog
        role: 'Salesman',
        roles: [{ name: 'Salesperson', privileges: { salesorder: { read: 'user' } } }],
      });
    };
    expectTypeOf(assign).toBeFunction();
  });

  it('takes the names of a catalog read from a policy literal', () => {
    const policy = definePolicy({
      tables: { salesorder: {} },
      securityRoles: [{ name: 'Salesperson', privileges: { salesorder: { read: 'user' } } }],
    });
    const assign = () => {
      assignSecurityRole(systemEnvironment, {
        assigner,
        user,
        role: 'Salesperson',
        roles: policy.securityRoles,
      });
      assignSecurityRole(systemEnvironment, {
        assigner,
        user,
        // @ts-expect-error: "Salesman" is not a security role of the policy
        role: 'Salesman',
        roles: policy.securityRoles,
      });
    };
    expectTypeOf(assign).toBeFunction();
  });

  it('accepts a role typed string, and any role of a catalog whose names are strings', () => {
    const role: string = 'from the request';
    const catalog: SecurityRoleGrant[] = [{ name: 'Salesperson', privileges: {} }];
    const assign = () => {
      assignSecurityRole(systemEnvironment, {
        assigner,
        user,
        role,
        roles: [{ name: 'Salesperson', privileges: {} }],
      });
      assignSecurityRole(systemEnvironment, { assigner, user, role: 'Any role', roles: catalog });
    };
    expectTypeOf(assign).toBeFunction();
  });
});

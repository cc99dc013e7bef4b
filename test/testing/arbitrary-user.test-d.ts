import { describe, expectTypeOf, it } from 'vitest';
import type { PolicyInput } from '../../src/index.js';
import { arbitraryUser } from '../../src/testing/index.js';
import { kitPolicy } from '../fixtures/kit-policy.js';

describe('arbitraryUser takes the security roles of a typed policy', () => {
  it('accepts declared security roles and refuses a misspelt one or a web role', () => {
    const build = () => [
      arbitraryUser(kitPolicy, { securityRoles: ['Salesperson'] }),
      // @ts-expect-error: "Salesman" is not a security role of the policy
      arbitraryUser(kitPolicy, { securityRoles: ['Salesman'] }),
      // @ts-expect-error: a web role is not a security role
      arbitraryUser(kitPolicy, { securityRoles: ['Administrator'] }),
    ];
    expectTypeOf(build).toBeFunction();
  });

  it('accepts roles typed string, and any role of a plain policy document', () => {
    const roles: readonly string[] = ['from a file'];
    const input: PolicyInput = { tables: {} };
    const build = () => [
      arbitraryUser(kitPolicy, { securityRoles: roles }),
      arbitraryUser(input, { securityRoles: ['Any role'] }),
    ];
    expectTypeOf(build).toBeFunction();
  });
});

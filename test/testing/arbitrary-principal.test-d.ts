import { describe, expectTypeOf, it } from 'vitest';
import type { PolicyInput } from '../../src/index.js';
import { arbitraryContact } from '../../src/testing/index.js';
import { kitPolicy } from '../fixtures/kit-policy.js';

describe('arbitraryContact takes the web roles of a typed policy', () => {
  it('accepts declared web roles and refuses a misspelt one', () => {
    const build = () => [
      arbitraryContact(kitPolicy, { webRoles: ['Authorized user', 'Administrator'] }),
      arbitraryContact(kitPolicy),
      // @ts-expect-error: "Authorised user" is not a web role of the policy
      arbitraryContact(kitPolicy, { webRoles: ['Authorised user'] }),
    ];
    expectTypeOf(build).toBeFunction();
  });

  it('accepts roles typed string, and any role of a plain policy document', () => {
    const roles: string[] = ['from a file'];
    const input: PolicyInput = { tables: {} };
    const build = () => [
      arbitraryContact(kitPolicy, { webRoles: roles }),
      arbitraryContact(input, { webRoles: ['Any role'] }),
    ];
    expectTypeOf(build).toBeFunction();
  });
});

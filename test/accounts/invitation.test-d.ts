import { describe, expectTypeOf, it } from 'vitest';
import { createInvitation, inviteNewcomers, systemEnvironment } from '../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal, definePolicy, type PolicyInput } from '../../src/index.js';

const policy = definePolicy({
  tables: { salesorder: {} },
  webRoles: [{ name: 'Authorized user' }, { name: 'Administrator' }],
});
declare const jane: ContactPrincipal;

describe('invitations take the web roles of the policy', () => {
  it('createInvitation accepts declared web roles and refuses a misspelt one', () => {
    const invite = () => [
      createInvitation(systemEnvironment, { policy, contacts: [jane], assignWebRoles: ['Authorized user'] }),
      createInvitation(systemEnvironment, { policy, contacts: [jane] }),
      // @ts-expect-error: "Authorised user" is not a web role of the policy
      createInvitation(systemEnvironment, { policy, contacts: [jane], assignWebRoles: ['Authorised user'] }),
    ];
    expectTypeOf(invite).toBeFunction();
  });

  it('inviteNewcomers accepts the web roles of the actor’s policy and refuses a misspelt one', () => {
    const rita = abilityFor(policy, { kind: 'contact', id: 'rita', webRoles: ['Administrator'] });
    const invite = () => [
      inviteNewcomers(rita, systemEnvironment, {
        emails: ['nina@example.com'],
        assignWebRoles: ['Administrator'],
      }),
      // @ts-expect-error: "Admin" is not a web role of the policy
      inviteNewcomers(rita, systemEnvironment, { emails: ['nina@example.com'], assignWebRoles: ['Admin'] }),
    ];
    expectTypeOf(invite).toBeFunction();
  });

  it('accepts roles typed string, and any role for a policy loaded from JSON', () => {
    const roles: readonly string[] = ['from the request'];
    const loaded = definePolicy(JSON.parse('{"tables":{}}') as PolicyInput);
    const invite = () => [
      createInvitation(systemEnvironment, { policy, contacts: [jane], assignWebRoles: roles }),
      createInvitation(systemEnvironment, { policy: loaded, contacts: [jane], assignWebRoles: ['Any role'] }),
      inviteNewcomers(abilityFor(loaded, jane), systemEnvironment, { assignWebRoles: ['Any role'] }),
    ];
    expectTypeOf(invite).toBeFunction();
  });
});

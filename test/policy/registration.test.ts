import { describe, expect, it } from 'vitest';
import { abilityFor, definePolicy, subject } from '../../src/index.js';
import { customerPortal, customerPortalInput, order } from '../fixtures/customer-portal.js';

const selfRegistered = {
  kind: 'contact',
  id: 'jane',
  accountId: 'X',
  legalEntity: 'usmf',
  webRoles: ['Authorized user'],
  registeredVia: 'openRegistration',
} as const;
const asContact = { ...selfRegistered, webRoles: [...selfRegistered.webRoles] };

describe('registration settings', () => {
  it('default to open registration off and invitations on', () => {
    expect(customerPortal.registration).toEqual({
      enabled: true,
      openRegistration: false,
      invitations: true,
    });
  });

  it('turn every way in off with the master switch', () => {
    const policy = definePolicy({
      ...customerPortalInput,
      registration: { enabled: false, openRegistration: true },
    });
    expect(policy.registration).toEqual({ enabled: false, openRegistration: false, invitations: false });
  });

  it('reject unknown keys with their path', () => {
    expect(() => definePolicy({ ...customerPortalInput, registration: { open: true } as never })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: ['registration'] })] }),
    );
  });

  it('give a self-registered contact only the Anonymous users role while open registration is off', () => {
    const ability = abilityFor(customerPortal, asContact);
    expect(ability.can('read', order('janes'))).toBe(false);
    expect(ability.can('read', subject('terms', { id: 't' }))).toBe(true);
    expect(
      ability.portalRules.every(
        (rule) =>
          rule.provenance.kind === 'tablePermission' && rule.provenance.webRoles.includes('Anonymous users'),
      ),
    ).toBe(true);
  });

  it('give a self-registered contact its roles once open registration is on', () => {
    const open = definePolicy({ ...customerPortalInput, registration: { openRegistration: true } });
    expect(abilityFor(open, asContact).can('read', order('janes'))).toBe(true);
  });

  it('leave invited and administrator-created contacts untouched', () => {
    for (const registeredVia of ['invitation', 'administrator'] as const) {
      expect(abilityFor(customerPortal, { ...asContact, registeredVia }).can('read', order('janes'))).toBe(
        true,
      );
    }
  });
});

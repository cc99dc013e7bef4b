import { describe, expect, it } from 'vitest';
import { abilityFor, type ContactPrincipal } from '../../../src/index.js';
import { administrationPolicy, contacts } from '../../fixtures/administration.js';

const canInvite = (contact: ContactPrincipal): boolean =>
  abilityFor(administrationPolicy, contact).can('invite', 'contact');

describe('who may use an administrative role at all', () => {
  it('a contact who signed up through open registration, which the portal does not allow, administers nobody', () => {
    expect(canInvite({ ...contacts.rep, registeredVia: 'openRegistration' })).toBe(false);
  });

  it('a contact manager invited or registered by an administrator administers their company', () => {
    expect(canInvite({ ...contacts.rep, registeredVia: 'invitation' })).toBe(true);
    expect(canInvite({ ...contacts.rep, registeredVia: 'administrator' })).toBe(true);
  });
});

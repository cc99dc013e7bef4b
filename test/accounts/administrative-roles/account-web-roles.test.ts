import { describe, expect, it } from 'vitest';
import {
  administrationBy,
  OperationNotAllowedError,
  WebRoleElevationError,
} from '../../../src/accounts/index.js';
import { abilityFor, type ContactPrincipal, subject } from '../../../src/index.js';
import { administrator, contacts, administrationPolicy as policy } from '../../fixtures/administration.js';
import { fakeEnvironment } from '../../fixtures/lifecycle-environment.js';

function setup() {
  const environment = fakeEnvironment();
  const by = (actor: Parameters<typeof abilityFor>[1]) =>
    administrationBy(abilityFor(policy, actor), environment);
  const customerX = { id: 'X', legalEntity: 'usmf', name: 'Customer X' };
  const ofX: ContactPrincipal[] = [contacts.jane, contacts.sam];
  return { by, customerX, ofX };
}

const samsOrder = subject('salesorder', {
  id: 'SO-2',
  orderedBy: 'sam',
  customerAccount: 'X',
  company: 'usmf',
});

describe('web roles linked to a customer account, through administrationBy', () => {
  it("a user administrator links a role to an account, and the account's contacts then hold it", () => {
    const { by, customerX, ofX } = setup();
    const admin = by(administrator('ursula', ['User administrator']));
    const { account, event } = admin.assignAccountWebRole(customerX, 'Customer representative', ofX);
    expect(account).toEqual({ ...customerX, webRoles: ['Customer representative'] });
    expect(event).toMatchObject({
      type: 'accountWebRole.assigned',
      subjectId: 'X',
      actorId: 'ursula',
      details: { role: 'Customer representative' },
    });
    const jane = { ...contacts.jane, accountWebRoles: account.webRoles };
    expect(abilityFor(policy, contacts.jane).can('read', samsOrder)).toBe(false);
    expect(abilityFor(policy, jane).can('read', samsOrder)).toBe(true);
  });

  it('removing the role leaves the rest of the account’s roles', () => {
    const { by, customerX, ofX } = setup();
    const admin = by(administrator('ursula', ['User administrator']));
    const linked = { ...customerX, webRoles: ['Customer representative', 'Authorized user'] };
    const { account, event } = admin.removeAccountWebRole(linked, 'Customer representative', ofX);
    expect(account.webRoles).toEqual(['Authorized user']);
    expect(event.type).toBe('accountWebRole.removed');
  });

  it('a contact may link only a web role it holds itself (no elevation through the account)', () => {
    const { by, customerX, ofX } = setup();
    const rep = by(contacts.rep);
    expect(() => rep.assignAccountWebRole(customerX, 'Administrator', ofX)).toThrow(WebRoleElevationError);
  });

  it("an administrator limited to their own account cannot change another company's account", () => {
    const { by } = setup();
    const rep = by(contacts.rep);
    const customerY = { id: 'Y', legalEntity: 'usmf' };
    expect(() => rep.assignAccountWebRole(customerY, 'Customer representative', [contacts.may])).toThrow(
      OperationNotAllowedError,
    );
  });

  it('an administrator limited to non-administrators cannot give a role to an account one of whose contacts is an administrator', () => {
    const { by, customerX, ofX } = setup();
    const admin = by(administrator('ursula', ['User administrator']));
    expect(() =>
      admin.assignAccountWebRole(customerX, 'Customer representative', [...ofX, contacts.rep]),
    ).toThrow(OperationNotAllowedError);
    expect(() => admin.removeAccountWebRole(customerX, 'Customer representative', [contacts.rep])).toThrow(
      OperationNotAllowedError,
    );
  });

  it('a contact of another account, an account without a number, or an unknown role is refused with its path', () => {
    const { by, customerX } = setup();
    const admin = by(administrator('gina', ['Global administrator']));
    expect(() => admin.assignAccountWebRole(customerX, 'Customer representative', [contacts.may])).toThrow(
      expect.objectContaining({
        code: 'invalid_lifecycle_input',
        issues: [expect.objectContaining({ code: 'contact_not_in_account', path: ['contacts', 0] })],
      }),
    );
    expect(() => admin.assignAccountWebRole({ id: '' }, 'Customer representative', [])).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ code: 'invalid_account', path: ['account', 'id'] })],
      }),
    );
    // Typed string, as a role read from a request: a literal typo would not compile (D51).
    const misspelt: string = 'Customer rep';
    expect(() => admin.assignAccountWebRole(customerX, misspelt, [])).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ code: 'unknown_web_role' })] }),
    );
  });

  it('a visitor links nothing', () => {
    const { by, customerX } = setup();
    expect(() => by({ kind: 'anonymous' }).removeAccountWebRole(customerX, 'Authorized user', [])).toThrow(
      OperationNotAllowedError,
    );
  });
});

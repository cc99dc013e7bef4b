import { describe, expect, it } from 'vitest';
import { abilityFor, type ContactPrincipal } from '../../../src/index.js';
import { administrationPolicy, administrator, contacts } from '../../fixtures/administration.js';

describe('the administrative roles a principal names', () => {
  it('a role the policy does not define is refused with its own code, at its position in the list', () => {
    expect(() => abilityFor(administrationPolicy, administrator('gina', ['Sign-in guard', 'Root']))).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ code: 'unknown_administrative_role', path: ['administrativeRoles', 1] }),
        ],
      }),
    );
  });

  it('a role the policy does not define is refused at its position, with the nearest defined name', () => {
    expect(() =>
      abilityFor(administrationPolicy, administrator('gina', ['Sign-in guard', 'Sign-in gaurd'])),
    ).toThrowErrorMatchingInlineSnapshot(`
      [PrincipalValidationError: The principal is invalid (1 issue):
      - administrativeRoles[1]: administrative role "Sign-in gaurd" is not defined by the policy (did you mean "Sign-in guard"?); fix the principal's roles or the policy]
    `);
  });
});

describe('a role limited to the own account or business unit', () => {
  const managerWithout = (missing: Partial<ContactPrincipal>) =>
    abilityFor(administrationPolicy, { ...contacts.rep, ...missing } as ContactPrincipal);

  it('a contact manager limited to their own account, holding no account or no legal entity, administers no contact at all', () => {
    for (const missing of [
      { accountId: null },
      { accountId: '' },
      { legalEntity: null },
      { legalEntity: '' },
    ]) {
      expect(managerWithout(missing).can('invite', 'contact')).toBe(false);
    }
  });

  it('a rule of an administrative role says in words the role, the kind of account and its limits', () => {
    const reasons = (roles: string[]) =>
      abilityFor(administrationPolicy, administrator('gina', roles))
        .portalRules.filter((rule) => rule.provenance.kind === 'administrativeRole')
        .map((rule) => rule.reason);
    expect(reasons(['Sign-in guard', 'Sales user administrator'])).toEqual([
      'administrative role "Sign-in guard" → user accounts',
      'administrative role "Sales user administrator" → user accounts (nonAdministrators, businessUnit)',
    ]);
  });
});

describe('a role limited to a business unit', () => {
  it('a contact holding a role limited to a business unit administers no user: a contact belongs to no unit', () => {
    const contact = { ...contacts.jane, administrativeRoles: ['Sales user administrator'] };
    const ability = abilityFor(administrationPolicy, contact);
    expect(ability.can('resetPassword', 'user')).toBe(false);
    expect(ability.portalRules.filter((rule) => rule.provenance.kind === 'administrativeRole')).toEqual([]);
  });
});

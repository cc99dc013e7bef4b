import { describe, expect, it } from 'vitest';
import {
  abilityFor,
  definePolicy,
  explain,
  isPrincipalValidationError,
  subject,
  type UserPrincipal,
} from '../../src/index.js';
import { internalInput, salesOrder, staff } from '../fixtures/internal-users.js';

// Seed 002: an Entra Global, Power Platform or Dynamics 365 administrator gets System Administrator
// automatically, and may work unlicensed in administrative access mode.
const policy = definePolicy({
  ...internalInput,
  securityRoles: [
    ...internalInput.securityRoles,
    {
      name: 'System Administrator',
      privileges: {
        salesorder: { read: 'organization', write: 'organization' },
        setting: { read: 'organization', write: 'organization' },
      },
    },
  ],
  internalUsers: { systemAdministratorRole: 'System Administrator' },
});
const setting = subject('setting', { id: 's1' });

const setup = (extra: Partial<Omit<UserPrincipal, 'kind'>>) => abilityFor(policy, staff([], extra));

describe('Entra administrators hold the system administrator role automatically', () => {
  it.each(['Global administrator', 'Power Platform administrator', 'Dynamics 365 administrator'] as const)(
    'a licensed %s with no security role reads every order instead of being gated',
    (role) => {
      const ability = setup({ entraRoles: [role] });
      expect(ability.denial).toBeUndefined();
      expect(ability.can('write', salesOrder('service'))).toBe(true);
    },
  );

  it('the automatic role comes beside the roles the administrator holds, never instead of them', () => {
    const ability = setup({ entraRoles: ['Global administrator'], securityRoles: ['Basic reader'] });
    expect(ability.can('write', salesOrder('north'))).toBe(true);
  });

  it('explain names the system administrator role as the deciding grant', () => {
    const answer = explain(setup({ entraRoles: ['Global administrator'] }), 'read', salesOrder('north'));
    expect(answer.allowed).toBe(true);
    expect(answer.message).toContain(
      'security role "System Administrator" at organization level (business unit "sales") via an Entra administrator role (held automatically)',
    );
  });

  it('a user without an Entra role gets no automatic role', () => {
    expect(setup({}).denial?.code).toBe('no_role');
    expect(setup({ entraRoles: [] }).denial?.code).toBe('no_role');
  });

  it('a policy that names no system administrator role gives none, and the denial says what to set', () => {
    const plain = definePolicy(internalInput);
    const ability = abilityFor(plain, staff([], { entraRoles: ['Global administrator'] }));
    expect(ability.denial?.code).toBe('no_role');
    expect(ability.denial?.message).toMatch(/internalUsers\.systemAdministratorRole/);
  });

  it('a mistyped or mis-cased Entra role is refused, never read as an administrator', () => {
    for (const entraRoles of [['global administrator'], ['Global Administrator '], 'Global administrator']) {
      let error: unknown;
      try {
        abilityFor(policy, staff([], { entraRoles } as unknown as Partial<UserPrincipal>));
      } catch (caught) {
        error = caught;
      }
      expect(isPrincipalValidationError(error)).toBe(true);
      expect((error as { issues: { path: unknown[] }[] }).issues[0]?.path[0]).toBe('entraRoles');
    }
  });

  it('a polluted Object.prototype.entraRoles does not make anyone an administrator', () => {
    Object.defineProperty(Object.prototype, 'entraRoles', {
      value: ['Global administrator'],
      configurable: true,
      writable: true,
    });
    try {
      expect(setup({}).denial?.code).toBe('no_role');
    } finally {
      delete (Object.prototype as Record<string, unknown>).entraRoles;
    }
  });
});

describe('unlicensed Entra administrators work in administrative access mode', () => {
  it('an unlicensed administrator in administrative mode reaches settings and no business data', () => {
    const ability = setup({
      entraRoles: ['Power Platform administrator'],
      accessMode: 'administrative',
      licensed: false,
    });
    expect(ability.denial).toBeUndefined();
    expect(ability.can('write', setting)).toBe(true);
    expect(ability.can('read', salesOrder('sales'))).toBe(false);
  });

  it.each(['read-write', 'read', undefined] as const)(
    'an unlicensed Global administrator in %s mode is put in administrative mode: settings, no business data',
    (accessMode) => {
      const ability = setup({
        entraRoles: ['Global administrator'],
        licensed: false,
        ...(accessMode === undefined ? {} : { accessMode }),
      });
      expect(ability.denial).toBeUndefined();
      expect(ability.can('write', setting)).toBe(true);
      expect(ability.can('read', salesOrder('sales'))).toBe(false);
      expect(ability.can('write', salesOrder('sales'))).toBe(false);
    },
  );

  it('explain says an unlicensed Entra administrator works in administrative mode', () => {
    const ability = setup({ entraRoles: ['Dynamics 365 administrator'], licensed: false });
    const why = explain(ability, 'read', salesOrder('sales'));
    expect(why).toMatchObject({
      allowed: false,
      reason: { code: 'no_grant', accessMode: { mode: 'administrative', automatic: true } },
    });
    expect(why.message).toMatchInlineSnapshot(
      `"user "ulla" cannot read salesorder "SO-sales-someone-else": access mode "administrative" keeps settings tables only, so no read on salesorder (an unlicensed Entra environment administrator works in administrative access mode; a licence restores read-write)"`,
    );
  });

  it('a declared read mode says what it keeps, and is not called automatic', () => {
    const why = explain(setup({ securityRoles: ['Configurator'], accessMode: 'read' }), 'write', setting);
    expect(why).toMatchObject({ reason: { accessMode: { mode: 'read', automatic: false } } });
    expect(why.message).toContain('access mode "read" keeps read only, so no write on setting');
  });

  it('a licensed Entra administrator keeps read-write mode', () => {
    const ability = setup({ entraRoles: ['Global administrator'], licensed: true });
    expect(ability.can('write', salesOrder('sales'))).toBe(true);
  });

  it('an unlicensed User, Helpdesk or Password administrator is still refused as unlicensed', () => {
    for (const role of ['User administrator', 'Helpdesk administrator', 'Password administrator'] as const) {
      const ability = setup({ entraRoles: [role], securityRoles: ['Configurator'], licensed: false });
      expect(ability.denial?.code).toBe('unlicensed');
      expect(ability.can('read', setting)).toBe(false);
    }
  });

  it('a User, Helpdesk or Password administrator holds no system administrator role automatically', () => {
    for (const role of ['User administrator', 'Helpdesk administrator', 'Password administrator'] as const) {
      expect(setup({ entraRoles: [role] }).denial?.code).toBe('no_role');
    }
  });

  it('an unlicensed non-interactive Entra administrator keeps its mode: API sessions only', () => {
    const user = staff([], {
      entraRoles: ['Global administrator'],
      licensed: false,
      accessMode: 'non-interactive',
    });
    expect(abilityFor(policy, user).denial?.code).toBe('interactive_session');
    expect(abilityFor(policy, user, { session: 'api' }).can('read', salesOrder('sales'))).toBe(true);
  });

  it('a licence given only by a polluted Object.prototype does not restore read-write mode', () => {
    Object.defineProperty(Object.prototype, 'licensed', { value: true, configurable: true, writable: true });
    try {
      const { licensed: _, ...unlicensed } = staff([], { entraRoles: ['Global administrator'] });
      expect(Object.hasOwn(unlicensed, 'licensed')).toBe(false);
      const ability = abilityFor(policy, unlicensed);
      expect(ability.can('read', salesOrder('sales'))).toBe(false);
      expect(ability.can('write', setting)).toBe(true);
    } finally {
      delete (Object.prototype as Record<string, unknown>).licensed;
    }
  });
});

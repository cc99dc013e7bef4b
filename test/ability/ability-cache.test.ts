import { describe, expect, it } from 'vitest';
import { AbilityCache, definePolicy, subject } from '../../src/index.js';
import {
  customerPortal as portalPolicy,
  customerPortalInput as portalPolicyInput,
} from '../fixtures/customer-portal.js';

const jane = {
  kind: 'contact',
  id: 'jane',
  accountId: 'X',
  legalEntity: 'usmf',
  webRoles: ['Authorized user'],
} as const;
const janes = subject('salesorder', { id: 'SO-1', customerAccount: 'X', company: 'usmf', orderedBy: 'jane' });

describe('the ability cache', () => {
  it('reuses the ability of an unchanged principal, whatever its key order', () => {
    const cache = new AbilityCache();
    const first = cache.abilityFor(portalPolicy, { ...jane, webRoles: [...jane.webRoles] });
    const reordered = cache.abilityFor(portalPolicy, {
      webRoles: ['Authorized user'],
      legalEntity: 'usmf',
      accountId: 'X',
      id: 'jane',
      kind: 'contact',
    });
    expect(reordered).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('never serves a stale ability once the contact is disabled', () => {
    const cache = new AbilityCache();
    expect(cache.abilityFor(portalPolicy, { ...jane, webRoles: [...jane.webRoles] }).can('read', janes)).toBe(
      true,
    );
    const disabled = cache.abilityFor(portalPolicy, {
      ...jane,
      webRoles: [...jane.webRoles],
      state: 'disabled',
    });
    expect(disabled.can('read', janes)).toBe(false);
    expect(disabled.denial?.code).toBe('account_disabled');
  });

  it('never serves a stale ability once a role is removed', () => {
    const cache = new AbilityCache();
    expect(cache.abilityFor(portalPolicy, { ...jane, webRoles: [...jane.webRoles] }).can('read', janes)).toBe(
      true,
    );
    expect(cache.abilityFor(portalPolicy, { ...jane, webRoles: [] }).can('read', janes)).toBe(false);
  });

  it('never serves a stale ability once the policy changes', () => {
    const cache = new AbilityCache();
    const principal = { ...jane, webRoles: [...jane.webRoles] };
    expect(cache.abilityFor(portalPolicy, principal).can('read', janes)).toBe(true);
    const edited = definePolicy({
      ...portalPolicyInput,
      tablePermissions: portalPolicyInput.tablePermissions.filter(
        (permission) => permission.name !== 'My orders' && permission.name !== 'Lines of my orders',
      ),
    });
    expect(cache.abilityFor(edited, principal).can('read', janes)).toBe(false);
  });

  it('keeps at most its capacity, evicting the least recently used', () => {
    const cache = new AbilityCache({ max: 2 });
    const principal = (id: string) => ({ ...jane, id, webRoles: [...jane.webRoles] });
    const a = cache.abilityFor(portalPolicy, principal('a'));
    cache.abilityFor(portalPolicy, principal('b'));
    cache.abilityFor(portalPolicy, principal('a'));
    cache.abilityFor(portalPolicy, principal('c'));
    expect(cache.size).toBe(2);
    expect(cache.abilityFor(portalPolicy, principal('a'))).toBe(a);
  });

  it('tells apart two policies with the same content, and sessions of the same user', () => {
    const cache = new AbilityCache();
    const principal = { ...jane, webRoles: [...jane.webRoles] };
    const twin = definePolicy(portalPolicyInput);
    expect(twin.version).toBe(portalPolicy.version);
    expect(cache.abilityFor(twin, principal)).not.toBe(cache.abilityFor(portalPolicy, principal));
    expect(cache.abilityFor(portalPolicy, principal, { session: 'api' })).not.toBe(
      cache.abilityFor(portalPolicy, principal),
    );
    expect(cache.size).toBe(3);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new AbilityCache({ max: 0 })).toThrow(RangeError);
  });
});

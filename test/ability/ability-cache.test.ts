import { describe, expect, it } from 'vitest';
import { AbilityCache, abilityFor, definePolicy, subject } from '../../src/index.js';
import {
  customerPortal as portalPolicy,
  customerPortalInput as portalPolicyInput,
} from '../fixtures/customer-portal.js';
import { internalPolicy, salesOrder } from '../fixtures/internal-users.js';

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

  it('never serves an ability it has evicted, even one evicted as soon as it was made', () => {
    const cache = new AbilityCache({ max: 1 });
    const principal = (id: string) => ({ ...jane, id, webRoles: [...jane.webRoles] });
    cache.abilityFor(portalPolicy, principal('a'));
    cache.abilityFor(portalPolicy, principal('a'));
    // `a` was used since the last eviction pass, so the new entry is the one that goes.
    const evicted = cache.abilityFor(portalPolicy, principal('b'));
    expect(cache.size).toBe(1);
    expect(cache.abilityFor(portalPolicy, principal('b'))).not.toBe(evicted);
  });

  it('a cache hit never returns an ability for a principal whose roles changed in place', () => {
    const cache = new AbilityCache();
    const roles = ['Authorized user'];
    const principal = { ...jane, webRoles: roles };
    expect(cache.abilityFor(portalPolicy, principal).can('read', janes)).toBe(true);
    const rolesOf = () =>
      (cache.abilityFor(portalPolicy, principal).principal as { webRoles?: unknown }).webRoles;
    roles[0] = 'Customer representative';
    expect(rolesOf()).toEqual(['Customer representative']);
    roles[0] = 'Authorized user';
    expect(rolesOf()).toEqual(['Authorized user']);
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
    expect(() => new AbilityCache({ max: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_cache_size' }),
    );
  });
});

// RELIABILITY 12 and 19: the key is made from the very snapshot of own properties that is validated and
// compiled, so no view of the object can make one principal's ability serve another.
describe('the ability cache keys on exactly what it compiles', () => {
  const may = { kind: 'contact', id: 'may', accountId: 'Y', legalEntity: 'usmf' } as const;
  const mays = subject('salesorder', { id: 'SO-3', customerAccount: 'Y', company: 'usmf', orderedBy: 'may' });

  it('a class instance with roles behind a getter never hands its roles to a principal without any', () => {
    class StoredContact {
      readonly kind = 'contact';
      readonly id = 'may';
      readonly accountId = 'Y';
      readonly legalEntity = 'usmf';
      get webRoles(): string[] {
        return ['Administrator'];
      }
    }
    const cache = new AbilityCache();
    const fromInstance = cache.abilityFor(portalPolicy, new StoredContact() as never);
    expect(fromInstance.can('read', janes)).toBe(
      abilityFor(portalPolicy, new StoredContact() as never).can('read', janes),
    );
    expect(cache.abilityFor(portalPolicy, { ...may }).can('read', janes)).toBe(false);
  });

  it('a non-enumerable role list is part of the key', () => {
    const cache = new AbilityCache();
    const hidden = Object.defineProperty({ ...may }, 'webRoles', {
      value: ['Administrator'],
      enumerable: false,
    });
    expect(cache.abilityFor(portalPolicy, hidden).can('read', janes)).toBe(true);
    expect(cache.abilityFor(portalPolicy, { ...may }).can('read', janes)).toBe(false);
  });

  it('a non-enumerable disabled state is never served the active ability', () => {
    const cache = new AbilityCache();
    const active = { ...jane, webRoles: [...jane.webRoles] };
    expect(cache.abilityFor(portalPolicy, active).can('read', janes)).toBe(true);
    const disabled = Object.defineProperty({ ...active }, 'state', { value: 'disabled', enumerable: false });
    expect(cache.abilityFor(portalPolicy, disabled).can('read', janes)).toBe(false);
  });

  it('an inherited role list grants nothing and is never served to a principal without roles', () => {
    const cache = new AbilityCache();
    const inherited = Object.assign(Object.create({ webRoles: ['Administrator'] }), may);
    expect(cache.abilityFor(portalPolicy, inherited).can('read', janes)).toBe(false);
    expect(cache.abilityFor(portalPolicy, { ...may }).can('read', mays)).toBe(false);
  });

  it('a getter read twice cannot key one role list and compile another', () => {
    let reads = 0;
    const shifty = Object.defineProperty({ ...may }, 'webRoles', {
      enumerable: true,
      get: () => (reads++ === 0 ? [] : ['Administrator']),
    });
    const cache = new AbilityCache();
    const first = cache.abilityFor(portalPolicy, shifty);
    expect(first.can('read', janes)).toBe(false);
    expect(cache.abilityFor(portalPolicy, { ...may, webRoles: [] }).can('read', janes)).toBe(false);
  });

  it('an inherited session option is neither compiled nor keyed', () => {
    const robot = {
      kind: 'user',
      id: 'robot',
      businessUnitId: 'sales',
      securityRoles: ['Global reader'],
      accessMode: 'non-interactive',
    } as const;
    const north = salesOrder('north');
    const cache = new AbilityCache();
    expect(
      cache.abilityFor(internalPolicy, robot, Object.create({ session: 'api' })).can('read', north),
    ).toBe(false);
    expect(cache.abilityFor(internalPolicy, robot, { session: 'api' }).can('read', north)).toBe(true);
    expect(cache.abilityFor(internalPolicy, robot).can('read', north)).toBe(false);
  });

  it('a role list with a hole never reads a polluted Array.prototype item into a cached ability', () => {
    const cache = new AbilityCache();
    cache.abilityFor(portalPolicy, { ...may, webRoles: ['Administrator'] });
    const holey = { ...may, webRoles: Object.assign([], { length: 1 }) as string[] };
    (Array.prototype as unknown as Record<number, string>)[0] = 'Administrator';
    try {
      expect(() => cache.abilityFor(portalPolicy, holey)).toThrow(
        expect.objectContaining({ code: 'invalid_principal' }),
      );
    } finally {
      delete (Array.prototype as unknown as Record<number, string>)[0];
    }
  });

  it('a principal object mutated after a request never gets the ability of its old state', () => {
    const cache = new AbilityCache();
    const principal: Record<string, unknown> = { ...may, webRoles: ['Administrator'] };
    expect(cache.abilityFor(portalPolicy, principal as never).can('read', janes)).toBe(true);
    (principal.webRoles as string[]).pop();
    expect(cache.abilityFor(portalPolicy, principal as never).can('read', janes)).toBe(false);
    principal.webRoles = ['Administrator'];
    principal.state = 'disabled';
    expect(cache.abilityFor(portalPolicy, principal as never).can('read', janes)).toBe(false);
  });

  it('an unknown non-enumerable field makes a principal invalid even when its other fields are cached', () => {
    const cache = new AbilityCache();
    cache.abilityFor(portalPolicy, { ...may });
    const odd = Object.defineProperty({ ...may }, 'role', { value: 'Administrator', enumerable: false });
    expect(() => cache.abilityFor(portalPolicy, odd)).toThrow(
      expect.objectContaining({ code: 'invalid_principal' }),
    );
  });

  it("a getter that asks the same cache for another principal never mixes that principal's values into its own", () => {
    const cache = new AbilityCache();
    const sam = {
      kind: 'contact',
      id: 'sam',
      accountId: 'X',
      legalEntity: 'usmf',
      webRoles: ['Authorized user'],
    };
    const samsAbility = cache.abilityFor(portalPolicy, sam as never);
    const reentrant = {
      kind: 'contact',
      id: 'jane',
      accountId: 'X',
      legalEntity: 'usmf',
      get webRoles() {
        expect(cache.abilityFor(portalPolicy, sam as never)).toBe(samsAbility);
        return ['Authorized user'];
      },
    };
    const janesAbility = cache.abilityFor(portalPolicy, reentrant as never);
    expect(janesAbility).not.toBe(samsAbility);
    expect(janesAbility.principal).toMatchObject({ id: 'jane' });
    expect(janesAbility.can('read', janes)).toBe(true);
  });

  it('validates a principal it has not seen even when it prints like one it has', () => {
    const cache = new AbilityCache();
    cache.abilityFor(portalPolicy, { ...may, accountId: null });
    expect(() => cache.abilityFor(portalPolicy, { ...may, accountId: Number.NaN as never })).toThrow(
      expect.objectContaining({ code: 'invalid_principal' }),
    );
  });
});

describe('the ability cache under a large policy', () => {
  // 1,000 web roles, 10,000 table permissions (ten per role) on 100 tables, contact and account scopes.
  const ROLES = 1_000;
  const large = definePolicy({
    tables: Object.fromEntries(
      Array.from({ length: 100 }, (_, k) => [`t${k}`, { contact: 'contactId', account: 'accountId' }]),
    ),
    webRoles: Array.from({ length: ROLES }, (_, i) => ({ name: `role ${i}` })),
    tablePermissions: Array.from({ length: 10_000 }, (_, i) => ({
      name: `p${i}`,
      table: `t${(i * 7) % 100}`,
      scope: i % 2 === 0 ? ('contact' as const) : ('account' as const),
      privileges: ['read' as const],
      webRoles: [`role ${i % ROLES}`],
    })),
  });
  const contact = (shape: number, id: number) => ({
    kind: 'contact' as const,
    id: `c${id}`,
    accountId: `A${id}`,
    webRoles: Array.from({ length: 20 }, (_, j) => `role ${(shape * 31 + j * 53) % ROLES}`),
  });

  it('never holds more abilities than its max, however many principals with 20 roles pass through', () => {
    const cache = new AbilityCache({ max: 32 });
    const sizes = new Set<number>();
    let granted = 0;
    for (let id = 0; id < 400; id++) {
      const ability = cache.abilityFor(large, contact(id % 10, id));
      // Each contact reads its own rows of a table one of its roles covers: the abilities are real ones.
      const table = `t${((((id % 10) * 31) % ROLES) * 7) % 100}`;
      if (ability.can('read', subject(table, { contactId: `c${id}`, accountId: `A${id}` }))) granted++;
      sizes.add(cache.size);
    }
    expect(Math.max(...sizes)).toBe(32);
    expect(granted).toBe(400);
  });

  it('serves a principal it still holds from the cache and rebuilds one it evicted', () => {
    const cache = new AbilityCache({ max: 32 });
    const first = cache.abilityFor(large, contact(0, 0));
    expect(cache.abilityFor(large, contact(0, 0))).toBe(first);
    for (let id = 1; id <= 64; id++) cache.abilityFor(large, contact(id % 10, id));
    expect(cache.size).toBe(32);
    expect(cache.abilityFor(large, contact(0, 0))).not.toBe(first);
  });
});

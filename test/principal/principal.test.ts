import { afterEach, describe, expect, it } from 'vitest';
import { abilityFor, subject } from '../../src/index.js';
import { customerPortal, order, people } from '../fixtures/customer-portal.js';
import { internalPolicy, salesOrder } from '../fixtures/internal-users.js';

// Every test here pollutes Object.prototype on purpose; nothing may leak into the next test.
const polluted = new Set<string>();
function pollute(field: string, value: unknown): void {
  polluted.add(field);
  Object.defineProperty(Object.prototype, field, { value, configurable: true, writable: true });
}
afterEach(() => {
  for (const field of polluted) delete (Object.prototype as Record<string, unknown>)[field];
  polluted.clear();
});

describe('principals are read from own properties only (RELIABILITY 19)', () => {
  it('a polluted Object.prototype.webRoles gives a visitor-like contact no web role', () => {
    pollute('webRoles', ['Administrator']);
    const may = abilityFor(customerPortal, {
      kind: 'contact',
      id: 'may',
      accountId: 'Y',
      legalEntity: 'usmf',
    });
    expect(may.can('read', order('janes'))).toBe(false);
    expect((may.principal as { webRoles?: unknown }).webRoles).toBeUndefined();
  });

  it('a polluted Object.prototype.securityRoles gives an internal user no security role', () => {
    pollute('securityRoles', ['Global reader']);
    const ulla = abilityFor(internalPolicy, {
      kind: 'user',
      id: 'ulla',
      businessUnitId: 'sales',
      licensed: true,
    });
    expect(ulla.can('read', salesOrder('north'))).toBe(false);
    expect(ulla.denial?.code).toBe('no_role');
  });

  it('a polluted Object.prototype.licensed does not license an unlicensed user', () => {
    pollute('licensed', true);
    const ulla = abilityFor(internalPolicy, {
      kind: 'user',
      id: 'ulla',
      businessUnitId: 'sales',
      securityRoles: ['Global reader'],
    });
    expect(ulla.can('read', salesOrder('north'))).toBe(false);
    expect(ulla.denial?.code).toBe('unlicensed');
  });

  it('a polluted Object.prototype.userType does not make an unlicensed person an application user', () => {
    pollute('userType', 'application');
    const ulla = abilityFor(internalPolicy, {
      kind: 'user',
      id: 'ulla',
      businessUnitId: 'sales',
      securityRoles: ['Global reader'],
    });
    expect(ulla.can('read', salesOrder('north'))).toBe(false);
    expect(ulla.denial?.code).toBe('unlicensed');
  });

  it('a polluted Object.prototype.administrativeRoles gives a contact no administrative role', () => {
    pollute('administrativeRoles', ['Global administrator']);
    const jane = abilityFor(customerPortal, { ...people.jane, webRoles: [...people.jane.webRoles] });
    expect(jane.can('resetPassword', 'contact')).toBe(false);
    expect(jane.can('deleteAccount', 'user')).toBe(false);
  });

  it('a polluted Object.prototype.state or mustChangePassword neither grants nor leaks into the principal', () => {
    pollute('state', 'active');
    pollute('mustChangePassword', false);
    const jane = abilityFor(customerPortal, { ...people.jane, webRoles: [...people.jane.webRoles] });
    expect(Object.hasOwn(jane.principal, 'state')).toBe(true);
    const principal = jane.principal as { state?: unknown; mustChangePassword?: unknown };
    expect(principal.state).toBeUndefined();
    expect(principal.mustChangePassword).toBeUndefined();
  });

  it('an inherited field of the principal object itself grants nothing', () => {
    const inherited = Object.assign(Object.create({ webRoles: ['Administrator'] }), {
      kind: 'contact',
      id: 'may',
      accountId: 'Y',
      legalEntity: 'usmf',
    });
    const may = abilityFor(customerPortal, inherited);
    expect(may.can('read', order('janes'))).toBe(false);
  });

  it('a role list with a hole does not take the item from a polluted Array.prototype', () => {
    pollute('0', 'Administrator');
    // biome-ignore lint/suspicious/noSparseArray: the hole is the attack
    const webRoles = [, 'Authorized user'] as unknown as string[];
    expect(() =>
      abilityFor(customerPortal, {
        kind: 'contact',
        id: 'may',
        accountId: 'Y',
        legalEntity: 'usmf',
        webRoles,
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_principal' }));
  });

  it('a __proto__ key of a parsed request body is refused, not followed', () => {
    const body = JSON.parse('{"kind":"contact","id":"may","__proto__":{"webRoles":["Administrator"]}}');
    expect(() => abilityFor(customerPortal, body)).toThrow(
      expect.objectContaining({ code: 'invalid_principal' }),
    );
  });

  it('an inherited session option does not let a non-interactive user act', () => {
    const robot = {
      kind: 'user',
      id: 'robot',
      businessUnitId: 'sales',
      securityRoles: ['Global reader'],
      accessMode: 'non-interactive',
    } as const;
    const ability = abilityFor(internalPolicy, robot, Object.create({ session: 'api' }));
    expect(ability.can('read', salesOrder('north'))).toBe(false);
    expect(ability.denial?.code).toBe('interactive_session');
    expect(abilityFor(internalPolicy, robot, { session: 'api' }).can('read', salesOrder('north'))).toBe(true);
  });

  it('an unknown session option is refused with a stable code', () => {
    expect(() => abilityFor(customerPortal, people.visitor, { session: 'API' as never })).toThrow(
      expect.objectContaining({ code: 'invalid_options', path: ['session'] }),
    );
  });

  it('a tagged record is still checked as before', () => {
    const jane = abilityFor(customerPortal, people.jane);
    expect(jane.can('read', subject('salesorder', { id: 'SO-1', orderedBy: 'jane' }))).toBe(true);
  });
});

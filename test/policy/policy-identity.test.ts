import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  abilityFor,
  definePolicy,
  explain,
  isPortalPermissionsError,
  type Policy,
  subject,
} from '../../src/index.js';
import { isDefinedPolicy } from '../../src/policy/define-policy.js';
import { customerPortal, customerPortalInput, orders, people } from '../fixtures/customer-portal.js';
import { representativeGoesGlobal } from '../fixtures/planted-bug.js';

const DOCUMENT = Symbol.for('portal-permissions.policy-document');

/** Another copy of the package's core entry: fresh modules, with their own registry of policies. */
async function anotherCopy(): Promise<typeof import('../../src/index.js')> {
  vi.resetModules();
  return import('../../src/index.js');
}

/** A deep copy of every own property (symbols and non-enumerable ones included), frozen or not, as asked. */
function copyOf<T>(
  value: T,
  freeze: boolean,
  replace: (key: PropertyKey, value: unknown) => unknown = (_, v) => v,
): T {
  if (typeof value !== 'object' || value === null) return value;
  const copy = (Array.isArray(value) ? [] : {}) as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(value)) {
    if (Array.isArray(value) && key === 'length') continue;
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    Object.defineProperty(copy, key, {
      value: replace(key, copyOf(descriptor.value, freeze)),
      enumerable: descriptor.enumerable ?? false,
      writable: true,
      configurable: true,
    });
  }
  return (freeze ? Object.freeze(copy) : copy) as T;
}

afterEach(() => {
  vi.resetModules();
});

function refusalOf(run: () => unknown): { code: string } {
  try {
    run();
  } catch (error) {
    if (isPortalPermissionsError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const reads = (policy: Policy, build = abilityFor) =>
  Object.values(people).map((principal) =>
    Object.values(orders).map((order) =>
      build(policy, principal).can('read', subject('salesorder', { ...order })),
    ),
  );

describe('a policy defined by another copy of the package', () => {
  it('is accepted by this copy and gives the same answers as one this copy defined', async () => {
    const other = await anotherCopy();
    expect(other.definePolicy).not.toBe(definePolicy);
    const theirs = other.definePolicy(customerPortalInput);
    expect(isDefinedPolicy(theirs)).toBe(true);
    expect(reads(theirs)).toEqual(reads(customerPortal));
    expect(
      explain(abilityFor(theirs, people.jane), 'read', subject('salesorder', { ...orders.sams })).message,
    ).toBe(
      explain(abilityFor(customerPortal, people.jane), 'read', subject('salesorder', { ...orders.sams }))
        .message,
    );
  });

  it('works the other way round: this copy’s policy in the other copy’s abilityFor', async () => {
    const other = await anotherCopy();
    expect(reads(customerPortal, other.abilityFor)).toEqual(reads(customerPortal));
  });

  it('carries its validated document out of sight: not in JSON, not among its keys', () => {
    expect(Object.keys(customerPortal)).not.toContain(String(DOCUMENT));
    expect(Object.keys(JSON.parse(JSON.stringify(customerPortal)))).toEqual(Object.keys(customerPortal));
    expect(Object.getOwnPropertyDescriptor(customerPortal, DOCUMENT)).toMatchObject({
      enumerable: false,
      writable: false,
      configurable: false,
    });
  });
});

describe('an object that only looks like a defined policy is refused', () => {
  it('a JSON copy of a policy (JSON has no symbol keys, so no document)', () => {
    const parsed = JSON.parse(JSON.stringify(customerPortal)) as Policy;
    expect(isDefinedPolicy(parsed)).toBe(false);
    expect(refusalOf(() => abilityFor(parsed, people.jane)).code).toBe('undefined_policy');
  });

  it('a hand-made object that carries one policy’s document and another policy’s grants', () => {
    const forged = copyOf(representativeGoesGlobal, true, (key, value) =>
      key === DOCUMENT ? (customerPortal as unknown as Record<symbol, unknown>)[DOCUMENT] : value,
    );
    expect(isDefinedPolicy(forged)).toBe(false);
    expect(refusalOf(() => abilityFor(forged, people.rep)).code).toBe('undefined_policy');
  });

  it('an exact copy that is not frozen, which could change after it was checked', () => {
    const mutable = copyOf(customerPortal, false);
    expect(isDefinedPolicy(mutable)).toBe(false);
  });

  it('an exact frozen copy with a getter in place of a field, which could answer differently later', () => {
    const copy = copyOf(customerPortal, false) as unknown as Record<string, unknown>;
    const permissions = copy.tablePermissions;
    Object.defineProperty(copy, 'tablePermissions', { get: () => permissions, enumerable: true });
    Object.freeze(copy);
    expect(isDefinedPolicy(copy)).toBe(false);
  });

  it('a proxy whose traps throw, with the library refusal rather than the proxy’s error', () => {
    const hostile = new Proxy(customerPortal, {
      getOwnPropertyDescriptor: () => {
        throw new Error('trap');
      },
    });
    expect(isDefinedPolicy(hostile)).toBe(false);
    expect(refusalOf(() => abilityFor(hostile, people.jane)).code).toBe('undefined_policy');
  });

  it('while an exact, deeply frozen copy is accepted: it is what this copy would have made', () => {
    const copy = copyOf(customerPortal, true);
    expect(isDefinedPolicy(copy)).toBe(true);
    expect(reads(copy)).toEqual(reads(customerPortal));
  });
});

it('definePolicy still returns a frozen policy', () => {
  expect(Object.isFrozen(definePolicy(customerPortalInput))).toBe(true);
});

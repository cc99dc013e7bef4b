import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbilityCache, abilityFor } from '../../src/index.js';
import { ownData } from '../../src/principal/own-data.js';
import {
  principalKey,
  principalKeyOf,
  readKey,
  readPrincipal,
  sameRead,
} from '../../src/principal/principal-key.js';
import { isPrincipalShape } from '../../src/principal/principal-shape.js';
import { customerPortal } from '../fixtures/customer-portal.js';
import { propertyRuns } from '../fixtures/property-runs.js';
import { reshaped } from '../fixtures/reshaped-record.js';

const RUNS = propertyRuns(2000);

const FIELDS = [
  'kind',
  'id',
  'accountId',
  'legalEntity',
  'webRoles',
  'administrativeRoles',
  'state',
  'mustChangePassword',
  'registeredVia',
  'businessUnitId',
  'securityRoles',
  'teams',
  'accessMode',
  'enabled',
  'licensed',
  'session',
] as const;

// Small pools, so that two generated principals often hold the same data.
const text = fc.constantFrom('jane', 'Authorized user', 'Administrator', 'A1', 'bu1', '', ' x', 's1:', '0');
const scalar = fc.oneof(text, fc.constantFrom(null, undefined, true, false, 0, Number.NaN));
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(text, { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(scalar, fc.record({ name: text })), { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.constant(Object.assign([], { 1: 'Administrator' })) },
);
const field = fc.constantFrom<string>(...FIELDS, 'extra', 'constructor');

/** A principal-like object: plain, with a getter, an inherited or a non-enumerable field, or no prototype. */
const principalLike = fc
  .tuple(
    fc.constantFrom('contact', 'user', 'anonymous', 'other'),
    fc.dictionary(field, value, { maxKeys: 4 }),
    fc.constantFrom('plain', 'plain', 'getter', 'inherited', 'hidden', 'nullPrototype'),
    fc.option(field, { nil: undefined }),
  )
  .map(([kind, fields, form, special]) => {
    const base: Record<string, unknown> = { kind, ...fields };
    return reshaped(base, form, special);
  });

const validContact = fc.record(
  {
    kind: fc.constant('contact'),
    id: fc.constantFrom('jane', 'may'),
    accountId: fc.constantFrom('X', null, undefined),
    legalEntity: fc.constantFrom('usmf', undefined),
    webRoles: fc.array(fc.constantFrom('Authorized user', 'Administrator'), { maxLength: 2 }),
    state: fc.constantFrom('active', 'disabled', undefined),
  },
  { requiredKeys: ['kind', 'id'] },
);
const validUser = fc.record(
  {
    kind: fc.constant('user'),
    id: fc.constantFrom('me', 'u1'),
    businessUnitId: fc.constantFrom('bu1', 'bu2'),
    securityRoles: fc.array(fc.constantFrom('Role 0', 'Role 1'), { maxLength: 2 }),
    teams: fc.array(fc.constantFrom('team0'), { maxLength: 1 }),
    enabled: fc.boolean(),
  },
  { requiredKeys: ['kind', 'id', 'businessUnitId'] },
);
const anyPrincipal = fc.oneof(validContact, validUser, fc.constant({ kind: 'anonymous' }), principalLike);

// Two snapshots hold the same data: the same own keys (an undefined value counts as absent) with equal values.
function sameData(left: unknown, right: unknown): boolean {
  if (typeof left !== 'object' || left === null || typeof right !== 'object' || right === null) {
    return Object.is(left, right) || (left === 0 && right === 0);
  }
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => sameData(item, right[index]));
  }
  const keys = (value: object) =>
    Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort();
  const leftKeys = keys(left);
  const rightKeys = keys(right);
  return (
    leftKeys.length === rightKeys.length &&
    leftKeys.every(
      (key, index) =>
        key === rightKeys[index] &&
        sameData((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]),
    )
  );
}

describe('the key of a principal', () => {
  it('the fast read keys a principal exactly as its own-property snapshot is keyed', () => {
    fc.assert(
      fc.property(anyPrincipal, (principal) => {
        const read = readPrincipal(principal);
        const snapshot = ownData(principal);
        if (read !== undefined && isPrincipalShape(snapshot)) {
          expect(readKey(read)).toBe(principalKey(snapshot));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('two principals get the same key only when their snapshots hold the same data, and always when both are valid', () => {
    fc.assert(
      fc.property(anyPrincipal, anyPrincipal, (left, right) => {
        const leftSnapshot = ownData(left);
        const rightSnapshot = ownData(right);
        const same = sameData(leftSnapshot, rightSnapshot);
        // An invalid principal is never cached; an unknown key set to undefined makes it invalid yet prints
        // like the valid one without it, so equal data promises an equal key only between valid snapshots.
        const bothValid = isPrincipalShape(leftSnapshot) && isPrincipalShape(rightSnapshot);
        const sameKey = principalKeyOf(left) === principalKeyOf(right);
        if (sameKey) expect(same).toBe(true);
        if (bothValid) expect(sameKey).toBe(same);
        const leftRead = readPrincipal(left);
        const rightRead = readPrincipal(right);
        if (leftRead !== undefined && rightRead !== undefined) {
          expect(sameRead(leftRead, rightRead)).toBe(sameKey);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a cached ability always belongs to the principal as it is now, even one object mutated between requests', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(validContact, fc.boolean()), { minLength: 1, maxLength: 8 }), (steps) => {
        const cache = new AbilityCache({ max: 3 });
        const reused: Record<string, unknown> = { kind: 'contact', id: 'jane' };
        for (const [contact, mutate] of steps) {
          let principal: Record<string, unknown> = contact;
          if (mutate) {
            for (const key of Object.keys(reused)) delete reused[key];
            Object.assign(reused, contact);
            principal = reused;
          }
          const cached = cache.abilityFor(customerPortal, principal as never);
          const fresh = abilityFor(customerPortal, principal as never);
          expect(sameData(cached.principal, fresh.principal)).toBe(true);
          expect(cached.denial?.code).toBe(fresh.denial?.code);
          expect(cached.rules.length).toBe(fresh.rules.length);
        }
      }),
      { numRuns: RUNS / 4 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CacheIndex, type IndexSlot } from '../../../src/ability/fast-path/cache-index.js';
import {
  type PrincipalRead,
  probePrincipal,
  readKey,
  readOf,
  readPrincipal,
} from '../../../src/principal/principal-key.js';
import { propertyRuns } from '../../fixtures/property-runs.js';

const RUNS = propertyRuns(1000);

// Small pools, so that probes often equal filed reads, and often differ from one in a single field or item.
const text = fc.constantFrom('jane', 'may', 'Authorized user', 'Administrator', 'X', 'usmf', '', 's1:');
const scalar = fc.oneof(text, fc.constantFrom(null, undefined, true, false, 0, Number.NaN));
const list = fc.oneof(
  { weight: 4, arbitrary: fc.array(text, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 2 }) },
  // A hole where a polluted prototype could show an item.
  { weight: 1, arbitrary: fc.constant(Object.assign([], { length: 1 })) },
);
const contactLike = fc.record(
  {
    kind: fc.constantFrom('contact', 'contact', 'contact', 'user'),
    id: fc.oneof(text, scalar),
    accountId: fc.oneof(text, scalar),
    legalEntity: text,
    webRoles: fc.oneof(list, scalar),
    administrativeRoles: list,
    state: fc.constantFrom('active', 'disabled'),
    businessUnitId: text,
    securityRoles: list,
    teams: list,
  },
  { requiredKeys: ['kind'] },
);
/** A principal-like object: plain, with a getter, a non-enumerable or an inherited field, or an unknown one. */
const principalLike = fc
  .tuple(
    contactLike,
    fc.constantFrom('plain', 'plain', 'plain', 'getter', 'hidden', 'inherited', 'unknown'),
    fc.constantFrom('id', 'webRoles', 'state', 'securityRoles'),
  )
  .map(([fields, form, special]) => {
    const base: Record<string, unknown> = { ...fields };
    if (form === 'unknown') return Object.defineProperty(base, 'role', { value: 'x', enumerable: false });
    if (form === 'plain' || !(special in base)) return base;
    const moved = base[special];
    delete base[special];
    if (form === 'getter')
      return Object.defineProperty(base, special, { get: () => moved, enumerable: true });
    if (form === 'hidden') return Object.defineProperty(base, special, { value: moved, enumerable: false });
    return Object.setPrototypeOf(base, { [special]: moved });
  });
const context = fc.record({ policyId: fc.constantFrom(0, 1), session: fc.constantFrom('', 'api') });

type Step =
  | { readonly op: 'file'; readonly principal: object; readonly policyId: number; readonly session: string }
  | { readonly op: 'remove'; readonly pick: number }
  | { readonly op: 'find'; readonly principal: object; readonly policyId: number; readonly session: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(principalLike, context)
      .map(([principal, c]) => ({ op: 'file', principal, ...c }) as const),
  },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: 'remove', pick }) as const) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(principalLike, context)
      .map(([principal, c]) => ({ op: 'find', principal, ...c }) as const),
  },
);

interface Filed {
  readonly key: string;
  readonly ability: object;
  readonly slot: IndexSlot;
}

describe('the fast index of the ability cache', () => {
  it('finds an ability exactly when the fast read of the principal equals a filed one under the same policy and session, through any sequence of filing and removal', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const index = new CacheIndex<object>();
        // The model: the filed reads by their key, as the cache files them (one entry per key).
        let filed: Filed[] = [];
        for (const current of steps) {
          if (current.op === 'remove') {
            if (filed.length === 0) continue;
            const gone = filed[current.pick % filed.length]!;
            index.remove(gone.slot);
            filed = filed.filter((entry) => entry !== gone);
            continue;
          }
          const read: PrincipalRead | undefined = readPrincipal(current.principal);
          const key = read && `${current.policyId}|${current.session}|${readKey(read)}`;
          if (current.op === 'file') {
            if (read === undefined || filed.some((entry) => entry.key === key)) continue;
            const ability = {};
            filed.push({
              key: key!,
              ability,
              slot: index.file(current.policyId, current.session, read, ability),
            });
            continue;
          }
          const probe = probePrincipal(current.principal);
          const found = probe && index.find(current.policyId, current.session, probe);
          const expected = read === undefined ? undefined : filed.find((entry) => entry.key === key)?.ability;
          expect(found).toBe(expected);
          // The read a miss would keep is the probe's own, not a second read of the principal.
          if (probe !== undefined)
            expect(readOf(probe) && readKey(readOf(probe)!)).toBe(read && readKey(read));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a hole in a role list never matches a filed role through a polluted Array.prototype', () => {
    const index = new CacheIndex<object>();
    const ability = {};
    index.file(0, '', readPrincipal({ kind: 'contact', id: 'may', webRoles: ['Administrator'] })!, ability);
    const holey = { kind: 'contact', id: 'may', webRoles: Object.assign([], { length: 1 }) };
    (Array.prototype as unknown as Record<number, string>)[0] = 'Administrator';
    try {
      expect(index.find(0, '', probePrincipal(holey)!)).toBeUndefined();
    } finally {
      delete (Array.prototype as unknown as Record<number, string>)[0];
    }
  });

  it('a filed role list is a frozen copy: changing the list it was read from changes no entry', () => {
    const index = new CacheIndex<object>();
    const ability = {};
    const roles = ['Administrator'];
    const read = readPrincipal({ kind: 'contact', id: 'may', webRoles: roles })!;
    index.file(0, '', read, ability);
    (read.values[4] as string[])[0] = 'Authorized user';
    roles[0] = 'Authorized user';
    expect(
      index.find(0, '', probePrincipal({ kind: 'contact', id: 'may', webRoles: ['Authorized user'] })!),
    ).toBeUndefined();
    expect(
      index.find(0, '', probePrincipal({ kind: 'contact', id: 'may', webRoles: ['Administrator'] })!),
    ).toBe(ability);
  });

  it('finds every filed entry and no removed one through long runs of filing and removal, ids shared by many entries', () => {
    // Hundreds of entries over a few ids: the table grows several times, and entries of one id (one hash) sit
    // in one run of the table, so removals in the middle of runs move the pairs after them.
    const ids = ['jane', 'may', 'X', '', 'a-much-longer-id-0123456789abcdef', 'c1', 'c2', 'c3'];
    const roles = ['Authorized user', 'Administrator', 'X'];
    const op = fc.tuple(
      fc.constantFrom('file', 'file', 'remove', 'find'),
      fc.nat(ids.length - 1),
      fc.subarray(roles),
      fc.constantFrom(0, 1),
      fc.nat(),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 400 }), (ops) => {
        const index = new CacheIndex<object>();
        const filed = new Map<string, { ability: object; slot: IndexSlot }>();
        for (const [kind, id, webRoles, policyId, pick] of ops) {
          const principal = { kind: 'contact', id: ids[id], webRoles };
          const key = `${policyId}|${id}|${webRoles.join(',')}`;
          if (kind === 'file' && !filed.has(key)) {
            const ability = {};
            const slot = index.file(policyId, '', readPrincipal(principal)!, ability);
            filed.set(key, { ability, slot });
          } else if (kind === 'remove' && filed.size > 0) {
            const [gone, entry] = [...filed][pick % filed.size]!;
            index.remove(entry.slot);
            filed.delete(gone);
          } else if (kind === 'find') {
            expect(index.find(policyId, '', probePrincipal(principal)!)).toBe(filed.get(key)?.ability);
          }
        }
        // Every entry still filed is found, through whatever moves the removals made.
        for (const [key, { ability }] of filed) {
          const [policyId, id, webRoles] = key.split('|');
          const principal = {
            kind: 'contact',
            id: ids[Number(id)],
            webRoles: webRoles ? webRoles.split(',') : [],
          };
          expect(index.find(Number(policyId), '', probePrincipal(principal)!)).toBe(ability);
        }
      }),
      { numRuns: Math.max(50, RUNS / 10) },
    );
  });

  it('removing an entry twice leaves the other entries found', () => {
    const index = new CacheIndex<object>();
    const abilities = ['a', 'b', 'c'].map(() => ({}));
    const slots = ['a', 'b', 'c'].map((id, position) =>
      index.file(0, '', readPrincipal({ kind: 'contact', id })!, abilities[position]!),
    );
    index.remove(slots[1]!);
    index.remove(slots[1]!);
    expect(index.find(0, '', probePrincipal({ kind: 'contact', id: 'a' })!)).toBe(abilities[0]);
    expect(index.find(0, '', probePrincipal({ kind: 'contact', id: 'b' })!)).toBeUndefined();
    expect(index.find(0, '', probePrincipal({ kind: 'contact', id: 'c' })!)).toBe(abilities[2]);
  });
});

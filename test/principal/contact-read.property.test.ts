import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrincipalValidationError } from '../../src/base/errors.js';
import { readContact } from '../../src/principal/contact-read.js';
import { ownData } from '../../src/principal/own-data.js';
import {
  PRINCIPAL_FIELDS,
  parsePrincipal,
  parsePrincipalSnapshot,
  principalSchema,
} from '../../src/principal/principal.js';
import { propertyRuns } from '../fixtures/property-runs.js';
import { type RecordForm, reshaped } from '../fixtures/reshaped-record.js';

const RUNS = propertyRuns(3000);

const FIELDS = PRINCIPAL_FIELDS.contact;
const EXTRA_KEYS = ['businessUnitId', 'extra', '__proto__', 'constructor', 'toString'];

// Texts on every edge the contact schema draws: empty, padded (ASCII and Unicode white space), reserved,
// ill-formed and well-formed Unicode, and the words of its enums.
const text = fc.constantFrom(
  'jane',
  'Authorized user',
  'Reviewer',
  'A1',
  '',
  ' padded',
  'padded ',
  '\u00a0nbsp',
  'tab\t',
  '\ufeffbom',
  '__proto__',
  'constructor',
  'prototype',
  '\uD800',
  'a\uDC00b',
  '😀',
  'é',
  'contact',
  'user',
  'anonymous',
  'active',
  'blocked',
  'invitation',
  'administrator',
  'openRegistration',
);
const scalar = fc.oneof(
  { weight: 6, arbitrary: text },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  { weight: 3, arbitrary: fc.constantFrom(null, undefined, true, false, 0, 1, Number.NaN, 1n) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(Object('jane'), Symbol('jane'), () => 'jane', { toString: () => 'x' }),
  },
);

/** A list as it may arrive: plain, with a hole, an item behind a getter, an extra key, or frozen. */
const listLike = fc
  .tuple(
    fc.array(fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: scalar }), { maxLength: 4 }),
    fc.constantFrom('plain', 'plain', 'hole', 'getter', 'extra', 'frozen'),
  )
  .map(([items, form]) => {
    if (form === 'hole') return Object.assign([], items, { [items.length + 1]: 'Reviewer' });
    if (form === 'frozen') return Object.freeze([...items]);
    if (form === 'extra') return Object.assign([...items], { kind: 'contact' });
    if (form === 'getter' && items.length > 0) {
      const first = items[0];
      return Object.defineProperty([...items], 0, { get: () => first, enumerable: true });
    }
    return items;
  });
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 3, arbitrary: listLike },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('$ne', 'name', 'id'), scalar, { maxKeys: 2 }) },
);
const field = fc.constantFrom<string>(...FIELDS, ...FIELDS, ...EXTRA_KEYS);

/** Contacts the schema accepts: the reader must accept them itself, not by asking the schema. */
const validContact = fc.record(
  {
    kind: fc.constant('contact'),
    id: fc.constantFrom('jane', '😀', 'x y', ' padded ids are ids'),
    accountId: fc.constantFrom('A1', null, '', undefined, ' A1'),
    legalEntity: fc.constantFrom('usmf', null, '', undefined),
    webRoles: fc.array(fc.constantFrom('Authorized user', 'Reviewer', 'é'), { maxLength: 3 }),
    administrativeRoles: fc.array(fc.constantFrom('Customer representative'), { maxLength: 1 }),
    state: fc.constantFrom('active', 'blocked', 'disabled', 'deleted', 'purged', undefined),
    mustChangePassword: fc.constantFrom(true, false, undefined),
    registeredVia: fc.constantFrom('invitation', 'administrator', 'openRegistration', undefined),
    accountWebRoles: fc.array(fc.constantFrom('Reviewer', 'Account reader'), { maxLength: 2 }),
  },
  { requiredKeys: ['kind', 'id'] },
);

/** A valid contact with one field replaced or added: the refusals closest to acceptance. */
const nearlyValid = fc
  .tuple(validContact, field, value)
  .map(([contact, key, replacement]) => ({ ...contact, [key]: replacement }));

/** Any principal-like object, mostly contacts, in each of the forms only own-property reads see through. */
const principalLike = fc
  .tuple(
    fc.oneof(validContact, nearlyValid, fc.dictionary(field, value, { maxKeys: 5 })),
    fc.constantFrom('contact', 'contact', 'user', 'anonymous', undefined),
    fc.constantFrom<RecordForm | 'classGetter' | 'array'>(
      'plain',
      'plain',
      'getter',
      'inherited',
      'hidden',
      'nullPrototype',
      'classGetter',
      'array',
    ),
    fc.option(field, { nil: undefined }),
  )
  .map(([fields, kind, form, special]) => {
    const base: Record<string, unknown> =
      kind === undefined || Object.hasOwn(fields, 'kind') ? { ...fields } : { ...fields, kind };
    if (form === 'array') return Object.assign([], base);
    if (form === 'classGetter') {
      // A class instance whose field is a getter of its class: inherited, so never read.
      const moved = special === undefined ? undefined : base[special];
      if (special !== undefined) delete base[special];
      class Principal {}
      if (special !== undefined) Object.defineProperty(Principal.prototype, special, { get: () => moved });
      return Object.assign(new Principal(), base);
    }
    return reshaped(base, form, special);
  });

/** Own properties with their descriptors and the prototype: what "the same object" means here. */
function shapeOf(value: object): unknown {
  return {
    prototype: Object.getPrototypeOf(value),
    // Pairs, not an object: a `constructor` key must not become the compared object's constructor.
    properties: Reflect.ownKeys(value)
      .map((key) => [String(key), Object.getOwnPropertyDescriptor(value, key)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

/** The principal the schema makes of a snapshot it accepts, every field own (absent ones `undefined`). */
function schemaPrincipal(snapshot: unknown): object {
  const parsed = principalSchema.parse(snapshot) as Record<string, unknown>;
  const normal = ownData({}) as Record<string, unknown>;
  for (const name of PRINCIPAL_FIELDS[parsed.kind as 'contact']) normal[name] = parsed[name];
  return normal;
}

type Outcome = { accepted: object } | { refused: PrincipalValidationError };
function outcome(run: () => object): Outcome {
  try {
    return { accepted: run() };
  } catch (error) {
    if (error instanceof PrincipalValidationError) return { refused: error };
    throw error;
  }
}

describe('the contact reader', () => {
  it('accepts on its own only contacts the schema accepts, as the principal the schema makes, and hands everything else to the schema as the own-property snapshot', () => {
    const seen = { alone: 0, judged: 0, other: 0 };
    fc.assert(
      fc.property(principalLike, (input) => {
        const snapshot = ownData(input);
        let judged: unknown;
        const JUDGED = { judged: true };
        const read = readContact(input, (handed) => {
          judged = handed;
          return JUDGED;
        });
        if (read === undefined) {
          seen.other++;
          expect(judged).toBeUndefined();
          expect(Array.isArray(input)).toBe(true);
        } else if (read === JUDGED) {
          seen.judged++;
          expect(shapeOf(judged as object)).toStrictEqual(shapeOf(snapshot as object));
        } else {
          seen.alone++;
          expect(judged).toBeUndefined();
          expect(principalSchema.safeParse(snapshot).success).toBe(true);
          expect(shapeOf(read)).toStrictEqual(shapeOf(schemaPrincipal(snapshot)));
        }
      }),
      { numRuns: RUNS },
    );
    // Each way out is taken: the property is not vacuous.
    expect(seen.alone).toBeGreaterThan(RUNS / 20);
    expect(seen.judged).toBeGreaterThan(RUNS / 20);
    expect(seen.other).toBeGreaterThan(0);
  });

  it('makes parsePrincipal accept and refuse exactly as the schema does, with the same principal and the same error', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(principalLike, (input) => {
        const schema = outcome(() => parsePrincipalSnapshot(ownData(input)));
        const reader = outcome(() => parsePrincipal(input));
        expect(principalSchema.safeParse(ownData(input)).success).toBe('accepted' in schema);
        if ('accepted' in schema) {
          seen.accepted++;
          expect('accepted' in reader && shapeOf(reader.accepted)).toStrictEqual(shapeOf(schema.accepted));
        } else {
          seen.refused++;
          expect('refused' in reader && reader.refused.issues).toEqual(schema.refused.issues);
          expect('refused' in reader && reader.refused.message).toBe(schema.refused.message);
        }
      }),
      { numRuns: RUNS },
    );
    expect(seen.accepted).toBeGreaterThan(RUNS / 20);
    expect(seen.refused).toBeGreaterThan(RUNS / 20);
  });

  it('reads exactly what the own-property snapshot reads, each property once and in the same order', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.oneof(validContact, nearlyValid), (fields) => {
        const log: string[] = [];
        const watched = (target: object, name: string): object =>
          new Proxy(target, {
            get: (object, key, receiver) => {
              log.push(`${name}.${String(key)}`);
              return Reflect.get(object, key, receiver);
            },
            getOwnPropertyDescriptor: (object, key) => {
              log.push(`${name} own ${String(key)}`);
              return Reflect.getOwnPropertyDescriptor(object, key);
            },
            ownKeys: (object) => {
              log.push(`${name} keys`);
              return Reflect.ownKeys(object);
            },
          });
        const principal = (): object =>
          watched(
            Object.fromEntries(
              Object.entries(fields).map(([key, item]) => [
                key,
                Array.isArray(item) ? watched([...item], key) : item,
              ]),
            ),
            'principal',
          );
        log.length = 0;
        ownData(principal());
        const snapshotReads = [...log];
        log.length = 0;
        outcome(() => parsePrincipal(principal()));
        expect(log).toEqual(snapshotReads);
        checked++;
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
    expect(checked).toBeGreaterThan(0);
  });
});

describe('a contact read field by field', () => {
  it('refuses an inherited id with the path of the id, as the schema does', () => {
    const contact = Object.assign(Object.create({ id: 'jane' }), { kind: 'contact' });
    expect(() => parsePrincipal(contact)).toThrow(PrincipalValidationError);
    expect(outcome(() => parsePrincipal(contact))).toMatchObject({ refused: { path: ['id'] } });
  });

  it('refuses a role name padded with a non-breaking space, which the ASCII edge test alone would let through', () => {
    const padded = { kind: 'contact', id: 'jane', webRoles: ['Reviewer\u00a0'] };
    expect(outcome(() => parsePrincipal(padded))).toMatchObject({ refused: { path: ['webRoles', 0] } });
  });

  it('refuses a key the contact schema does not declare, naming it, even a `__proto__` made by JSON.parse', () => {
    const smuggled = JSON.parse('{"kind":"contact","id":"jane","__proto__":{"webRoles":["Administrator"]}}');
    const refusal = outcome(() => parsePrincipal(smuggled));
    expect('refused' in refusal && refusal.refused.message).toContain('__proto__');
  });

  it('never lets a getter answer twice: a value that changes on a second read is seen once', () => {
    let reads = 0;
    const contact = { kind: 'contact', id: 'jane' };
    Object.defineProperty(contact, 'webRoles', {
      enumerable: true,
      get: () => (reads++ === 0 ? ['Reviewer'] : ['Administrator']),
    });
    expect(parsePrincipal(contact)).toMatchObject({ webRoles: ['Reviewer'] });
    expect(reads).toBe(1);
  });

  it('copies the role lists, so a later change to the caller’s list changes nothing validated', () => {
    const webRoles = ['Reviewer'];
    const valid = parsePrincipal({ kind: 'contact', id: 'jane', webRoles });
    webRoles[0] = 'Administrator';
    expect(valid).toMatchObject({ webRoles: ['Reviewer'] });
  });
});

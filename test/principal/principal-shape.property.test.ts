import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownData } from '../../src/principal/own-data.js';
import { principalSchema } from '../../src/principal/principal.js';
import { isPrincipalShape } from '../../src/principal/principal-shape.js';
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
  'columnSecurityProfiles',
  'state',
  'mustChangePassword',
  'registeredVia',
  'businessUnitId',
  'securityRoles',
  'teams',
  'accessMode',
  'enabled',
  'licensed',
  'userType',
  'session',
  'reports',
] as const;
const EXTRA_KEYS = ['extra', '__proto__', 'constructor', 'toString', 'name'];

// Texts that sit on every edge the schemas draw: empty, padded, reserved, ill-formed and well-formed Unicode.
const text = fc.constantFrom(
  'jane',
  'Role 0',
  'bu1',
  'team0',
  '',
  ' padded',
  'padded ',
  '__proto__',
  'constructor',
  'prototype',
  '\uD800',
  'a\uDC00b',
  '😀',
  'contact',
  'user',
  'anonymous',
  'active',
  'blocked',
  'read-write',
  'non-interactive',
  'api',
  'person',
  'stub',
  'invitation',
  'openRegistration',
);
const scalar = fc.oneof(
  text,
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.constantFrom(null, undefined, true, false, 0, 1, Number.NaN),
);
const assignment = fc.oneof(
  fc.record({ name: scalar, businessUnitId: scalar }, { requiredKeys: [] }),
  fc.record({ name: text, businessUnitId: text, extra: scalar }, { requiredKeys: ['name'] }),
);
// Reports nest one level deeper than any other field (indirect: one list per level).
const reportsLike = fc.record(
  {
    direct: fc.oneof(scalar, fc.array(fc.oneof(text, scalar), { maxLength: 3 })),
    indirect: fc.oneof(
      scalar,
      fc.array(fc.oneof(text, fc.array(fc.oneof(text, scalar), { maxLength: 2 })), { maxLength: 2 }),
    ),
    peers: scalar,
  },
  { requiredKeys: [] },
);
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: reportsLike },
  { weight: 2, arbitrary: fc.array(fc.oneof(text, scalar, assignment), { maxLength: 3 }) },
  { weight: 1, arbitrary: assignment },
  {
    weight: 1,
    arbitrary: fc.array(text, { maxLength: 3 }).map((items) => Object.assign([], items, { 5: 'x' })),
  },
);
const field = fc.constantFrom<string>(...FIELDS, ...EXTRA_KEYS);

/** A principal-like object: plain, with getters, with inherited or non-enumerable fields, or polluted. */
const principalLike = fc
  .tuple(
    fc.constantFrom('contact', 'user', 'anonymous', 'other', undefined),
    fc.dictionary(field, value, { maxKeys: 6 }),
    fc.constantFrom('plain', 'getter', 'inherited', 'hidden', 'nullPrototype', 'array'),
    fc.option(field, { nil: undefined }),
  )
  .map(([kind, fields, form, special]) => {
    const base: Record<string, unknown> = kind === undefined ? { ...fields } : { kind, ...fields };
    if (form === 'array') return Object.assign([], base);
    return reshaped(base, form, special);
  });

/** Valid principals, so the agreement is tested on acceptances too, not only on refusals. */
const validPrincipal = fc.oneof(
  fc.record(
    {
      kind: fc.constant('contact'),
      id: fc.constantFrom('jane', '😀', 'x'),
      accountId: fc.constantFrom('A1', null, '', undefined),
      legalEntity: fc.constantFrom('usmf', null, undefined),
      webRoles: fc.array(fc.constantFrom('Authorized user', 'Reviewer'), { maxLength: 2 }),
      state: fc.constantFrom('active', 'disabled'),
      mustChangePassword: fc.boolean(),
    },
    { requiredKeys: ['kind', 'id'] },
  ),
  fc.constant({ kind: 'anonymous' }),
  fc.record(
    {
      kind: fc.constant('user'),
      id: fc.constantFrom('me', 'u1'),
      businessUnitId: fc.constantFrom('bu1', 'bu2'),
      securityRoles: fc.array(
        fc.oneof(
          fc.constantFrom('Role 0'),
          fc.record({ name: fc.constant('Role 1'), businessUnitId: fc.constant('bu2') }),
        ),
        { maxLength: 2 },
      ),
      teams: fc.array(fc.constantFrom('team0', 'team1'), { maxLength: 2 }),
      accessMode: fc.constantFrom('read-write', 'read', 'administrative', 'non-interactive'),
      enabled: fc.boolean(),
      licensed: fc.boolean(),
      session: fc.constantFrom('api', 'interactive'),
      reports: fc.record(
        {
          direct: fc.array(fc.constantFrom('dan', 'eve'), { maxLength: 2 }),
          indirect: fc.array(fc.array(fc.constantFrom('fay', 'gus'), { maxLength: 2 }), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['kind', 'id', 'businessUnitId'] },
  ),
);

/** A valid principal with one field replaced by an arbitrary value: the refusals closest to acceptance. */
const nearlyValid = fc
  .tuple(validPrincipal, field, fc.oneof(text, text, value))
  .map(([principal, key, replacement]) => ({ ...principal, [key]: replacement }));

describe('the structural principal check', () => {
  it('accepts exactly the snapshots the principal schema accepts', () => {
    fc.assert(
      fc.property(fc.oneof(principalLike, validPrincipal, nearlyValid), (input) => {
        const snapshot = ownData(input);
        expect(isPrincipalShape(snapshot)).toBe(principalSchema.safeParse(snapshot).success);
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts every valid principal, so the schema runs only to explain a refusal', () => {
    fc.assert(
      fc.property(validPrincipal, (input) => {
        expect(isPrincipalShape(ownData(input))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a role name with a lone surrogate, as the schema does', () => {
    for (const input of [
      { kind: 'contact', id: 'jane', administrativeRoles: ['a\udc00b'] },
      { kind: 'contact', id: 'jane', webRoles: ['\ud800'] },
      { kind: 'user', id: 'dan', businessUnitId: 'bu', teams: ['t\udfff'] },
    ]) {
      expect(principalSchema.safeParse(input).success).toBe(false);
      expect(isPrincipalShape(ownData(input))).toBe(false);
    }
  });
});

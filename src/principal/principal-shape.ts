import { isValidName } from '../base/names.js';
import { isWellFormedText } from '../base/well-formed.js';
import { ACCOUNT_STATES } from './account-state.js';
import { REGISTRATION_METHODS } from './contact.js';
import { MAX_INDIRECT_LEVELS, MAX_REPORT_TEAMS, MAX_REPORTS } from './reports-schema.js';
import { ACCESS_MODES, ENTRA_ROLES, SESSIONS, USER_TYPES } from './user.js';

// A structural restatement of the principal schemas (contact.ts, anonymous.ts, user.ts): the per-request path
// validates with it and asks zod only to explain a refusal. A property test pins that both accept the same
// inputs (test/principal/principal-shape.property.test.ts); change them together.

type Check = (value: unknown) => boolean;

const isName: Check = isValidName;
const isText = (value: unknown): boolean => typeof value === 'string' && isWellFormedText(value);
const isId = (value: unknown): boolean => isText(value) && (value as string).length > 0;
const isBoolean = (value: unknown): boolean => typeof value === 'boolean';
const oneOf = (names: readonly string[]): Check => {
  const set: ReadonlySet<unknown> = new Set(names);
  return (value) => set.has(value);
};
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
const nullable =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
const listOf =
  (check: Check): Check =>
  (value) => {
    if (!Array.isArray(value)) return false;
    for (let index = 0; index < value.length; index++) if (!check(value[index])) return false;
    return true;
  };

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every key is declared and every declared field passes (a missing field reads as `undefined`). */
function strictObject(fields: Readonly<Record<string, Check>>): Check {
  const names = Object.keys(fields);
  return (value) => {
    if (!isPlainRecord(value)) return false;
    for (const key in value) if (!Object.hasOwn(fields, key)) return false;
    // Null-prototype snapshots have no inherited keys; own non-enumerable keys must be refused too.
    if (Object.getOwnPropertyNames(value).length > names.length) return false;
    for (const name of names) {
      if (!fields[name]!(Object.hasOwn(value, name) ? value[name] : undefined)) return false;
    }
    return true;
  };
}

const boundedList =
  (check: Check, max: number): Check =>
  (value) =>
    Array.isArray(value) && value.length <= max && listOf(check)(value);

const isReport: Check = (value) =>
  isName(value) ||
  strictObject({
    id: isName,
    businessUnitId: optional(isName),
    teams: optional(boundedList(isName, MAX_REPORT_TEAMS)),
    enabled: optional(isBoolean),
  })(value);

const isReports: Check = strictObject({
  direct: optional(boundedList(isReport, MAX_REPORTS)),
  indirect: optional(boundedList(boundedList(isReport, MAX_REPORTS), MAX_INDIRECT_LEVELS)),
});

const isAssignment: Check = (value) =>
  isName(value) || strictObject({ name: isName, businessUnitId: isName })(value);

const SHAPES: Readonly<Record<string, Check>> = {
  contact: strictObject({
    kind: (value) => value === 'contact',
    id: isId,
    accountId: optional(nullable(isText)),
    legalEntity: optional(nullable(isText)),
    webRoles: optional(listOf(isName)),
    administrativeRoles: optional(listOf(isName)),
    state: optional(oneOf(ACCOUNT_STATES)),
    mustChangePassword: optional(isBoolean),
    registeredVia: optional(oneOf(REGISTRATION_METHODS)),
    accountWebRoles: optional(listOf(isName)),
  }),
  anonymous: strictObject({ kind: (value) => value === 'anonymous' }),
  user: strictObject({
    kind: (value) => value === 'user',
    id: isName,
    businessUnitId: isName,
    securityRoles: optional(listOf(isAssignment)),
    administrativeRoles: optional(listOf(isName)),
    entraRoles: optional(listOf(oneOf(ENTRA_ROLES))),
    columnSecurityProfiles: optional(listOf(isName)),
    teams: optional(listOf(isName)),
    accessMode: optional(oneOf(ACCESS_MODES)),
    enabled: optional(isBoolean),
    licensed: optional(isBoolean),
    userType: optional(oneOf(USER_TYPES)),
    session: optional(oneOf(SESSIONS)),
    state: optional(oneOf(ACCOUNT_STATES)),
    mustChangePassword: optional(isBoolean),
    reports: optional(isReports),
    invitationPending: optional(isBoolean),
  }),
};

/**
 * Whether an own-property snapshot (`ownData`) of a principal is one the principal schema accepts, without
 * running zod: the fast path of validation. The schema stays the source of truth and explains refusals.
 */
export function isPrincipalShape(snapshot: unknown): boolean {
  if (!isPlainRecord(snapshot) || !Object.hasOwn(snapshot, 'kind')) return false;
  const kind = snapshot.kind;
  return typeof kind === 'string' && Object.hasOwn(SHAPES, kind) && SHAPES[kind]!(snapshot);
}

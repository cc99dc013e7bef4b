import { canonicalKey, fieldsKey, ownData, ownDataObject } from './own-data.js';
import { PRINCIPAL_FIELDS } from './principal.js';
import { isPrincipalShape } from './principal-shape.js';

/**
 * A text key of a principal snapshot (`ownData`), equal for two snapshots exactly when they hold the same
 * data: a valid principal field by field in schema order (no sort), anything else through `canonicalKey`,
 * under another prefix so the two forms never meet.
 */
export function principalKey(snapshot: unknown): string {
  if (!isPrincipalShape(snapshot)) return `c${canonicalKey(snapshot)}`;
  const record = snapshot as Record<string, unknown>;
  return `f${fieldsKey(record, PRINCIPAL_FIELDS[record.kind as keyof typeof PRINCIPAL_FIELDS])}`;
}

// A principal list longer than this takes the general path: the fast read is for the usual few roles.
const MAX_FAST_ITEMS = 64;

/**
 * A principal's own fields read once each, in schema order (`fields`); `values[i]` is `undefined` for an
 * absent field, and lists are already copied. Built by `readPrincipal` only.
 */
export interface PrincipalRead {
  readonly fields: readonly string[];
  readonly values: readonly unknown[];
}

const UNUSUAL = Symbol('unusual');

/** A field's value as the fast read keeps it (lists copied), or `UNUSUAL` for what only `ownData` copies. */
function fieldValue(value: unknown): unknown {
  if (typeof value === 'string' || value === undefined || value === null || typeof value === 'boolean') {
    return value;
  }
  if (!Array.isArray(value)) return UNUSUAL;
  const length = value.length;
  if (length > MAX_FAST_ITEMS) return UNUSUAL;
  const items: string[] = new Array(length);
  for (let index = 0; index < length; index++) {
    // A hole would show Array.prototype's item: the general path keeps it empty.
    if (!Object.hasOwn(value, index)) return UNUSUAL;
    const item: unknown = value[index];
    if (typeof item !== 'string') return UNUSUAL;
    items[index] = item;
  }
  return items;
}

type Positions = Readonly<Record<string, number | undefined>>;
const positionsOf = (fields: readonly string[]): Positions =>
  Object.fromEntries(fields.map((field, position) => [field, position]));
const CONTACT = positionsOf(PRINCIPAL_FIELDS.contact);
const USER = positionsOf(PRINCIPAL_FIELDS.user);
// Constants, so each named read of a contact writes a fixed slot (-1 never: probeContact refuses then).
const contactPosition = (field: string): number => CONTACT[field] ?? -1;
const CONTACT_ID = contactPosition('id');
const CONTACT_ACCOUNT_ID = contactPosition('accountId');
const CONTACT_LEGAL_ENTITY = contactPosition('legalEntity');
const CONTACT_WEB_ROLES = contactPosition('webRoles');
const CONTACT_ADMINISTRATIVE_ROLES = contactPosition('administrativeRoles');
const CONTACT_STATE = contactPosition('state');
const CONTACT_MUST_CHANGE_PASSWORD = contactPosition('mustChangePassword');
const CONTACT_REGISTERED_VIA = contactPosition('registeredVia');
const CONTACT_ACCOUNT_WEB_ROLES = contactPosition('accountWebRoles');
const CONTACT_SLOTS_KNOWN = [
  CONTACT_ID,
  CONTACT_ACCOUNT_ID,
  CONTACT_LEGAL_ENTITY,
  CONTACT_WEB_ROLES,
  CONTACT_ADMINISTRATIVE_ROLES,
  CONTACT_STATE,
  CONTACT_MUST_CHANGE_PASSWORD,
  CONTACT_REGISTERED_VIA,
  CONTACT_ACCOUNT_WEB_ROLES,
].every((position) => position > 0);

/** An array for `probePrincipal` to fill with a contact's values instead of allocating one. */
export function contactValues(): unknown[] {
  // A literal: one allocation with every slot present (schema order has 10 fields; checked when filled).
  return [
    'contact',
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ];
}

// One reader per kind, each property read by name: V8 caches a named read per call site, where reading
// `principal[name]` for varying names goes through its generic lookup. A name the schema does not declare
// (position undefined) or one the switch lacks takes the general path, so the two can never disagree on data.
// Values are kept as read (lists not copied): `readOf` checks and copies them.
function probeContact(
  principal: Readonly<Record<string, unknown>>,
  names: readonly string[],
  values: unknown[],
): unknown[] | undefined {
  values[0] = 'contact';
  for (let position = 1; position < values.length; position++) values[position] = undefined;
  if (values.length !== PRINCIPAL_FIELDS.contact.length || !CONTACT_SLOTS_KNOWN) return undefined;
  for (let index = 0; index < names.length; index++) {
    switch (names[index]) {
      case 'kind':
        continue;
      case 'id':
        values[CONTACT_ID] = principal.id;
        break;
      case 'accountId':
        values[CONTACT_ACCOUNT_ID] = principal.accountId;
        break;
      case 'legalEntity':
        values[CONTACT_LEGAL_ENTITY] = principal.legalEntity;
        break;
      case 'webRoles':
        values[CONTACT_WEB_ROLES] = principal.webRoles;
        break;
      case 'administrativeRoles':
        values[CONTACT_ADMINISTRATIVE_ROLES] = principal.administrativeRoles;
        break;
      case 'state':
        values[CONTACT_STATE] = principal.state;
        break;
      case 'mustChangePassword':
        values[CONTACT_MUST_CHANGE_PASSWORD] = principal.mustChangePassword;
        break;
      case 'registeredVia':
        values[CONTACT_REGISTERED_VIA] = principal.registeredVia;
        break;
      case 'accountWebRoles':
        values[CONTACT_ACCOUNT_WEB_ROLES] = principal.accountWebRoles;
        break;
      default:
        return undefined;
    }
  }
  return values;
}

function probeUser(
  principal: Readonly<Record<string, unknown>>,
  names: readonly string[],
): unknown[] | undefined {
  const values: unknown[] = new Array(PRINCIPAL_FIELDS.user.length).fill(undefined);
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    if (name === 'kind') continue;
    const position = USER[name];
    // Users are fewer than contacts per server: one generic read per field is enough here.
    if (position === undefined || !Object.hasOwn(USER, name)) return undefined;
    values[position] = principal[name];
  }
  values[0] = 'user';
  return values;
}

const ANONYMOUS_VALUES: readonly unknown[] = Object.freeze(['anonymous']);

/**
 * A usual principal's own properties, each read exactly once, by name, in schema order (`PRINCIPAL_FIELDS`
 * of its kind; `undefined` for an absent field), as read: lists are neither checked nor copied. Usual means
 * a known `kind` and only that kind's field names among its own string keys (non-enumerable ones count, as
 * `ownData` copies them; inherited ones never do). `undefined` for anything else, which takes the general
 * `ownData` path. What an `AbilityCache` hit compares with its entries; `readOf` makes it a fast read.
 * A contact's values are written into `into` (from `contactValues`), which is returned.
 */
export function probePrincipal(
  principal: unknown,
  into: unknown[] = contactValues(),
): readonly unknown[] | undefined {
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) return undefined;
  const names = Object.getOwnPropertyNames(principal);
  if (!names.includes('kind')) return undefined;
  const record = principal as Readonly<Record<string, unknown>>;
  const kind = record.kind;
  if (kind === 'contact') return probeContact(record, names, into);
  if (kind === 'user') return probeUser(record, names);
  if (kind === 'anonymous' && names.length === 1) return ANONYMOUS_VALUES;
  return undefined;
}

/**
 * The fast read of a probe: its values when each is a string, a boolean, null, absent or a list of at most
 * 64 own strings (lists copied), `undefined` otherwise (the general path copies those).
 */
export function readOf(probe: readonly unknown[]): PrincipalRead | undefined {
  const values: unknown[] = new Array(probe.length);
  for (let position = 0; position < probe.length; position++) {
    const value = fieldValue(probe[position]);
    if (value === UNUSUAL) return undefined;
    values[position] = value;
  }
  return { fields: PRINCIPAL_FIELDS[probe[0] as keyof typeof PRINCIPAL_FIELDS], values };
}

/**
 * The fast read behind `AbilityCache`: the principal's own properties, each read exactly once, when it
 * looks like a usual principal (`probePrincipal`) with values `readOf` keeps. `undefined` for anything
 * else, which then takes the general `ownData` path. Never validates: `readKey` is injective, so a key
 * equal to a cached one means the very snapshot that was validated and compiled for it.
 */
export function readPrincipal(principal: unknown): PrincipalRead | undefined {
  const probe = probePrincipal(principal);
  return probe === undefined ? undefined : readOf(probe);
}

/**
 * The key of a fast read: exactly `principalKey` of the same data when that data is a valid principal (a
 * property test pins it), and a key no valid snapshot has otherwise. Written as `fieldsKey` writes it.
 */
export function readKey(read: PrincipalRead): string {
  let key = 'f';
  const values = read.values;
  for (let position = 0; position < values.length; position++) {
    const value = values[position];
    if (typeof value === 'string') key += `s${value.length}:${value}`;
    else if (value === undefined) key += '0';
    else if (value === null) key += 'n';
    else if (value === true) key += 't';
    else if (value === false) key += 'f';
    else {
      const items = value as readonly string[];
      key += `a${items.length}[`;
      for (let index = 0; index < items.length; index++) key += `s${items[index]!.length}:${items[index]}`;
      key += ']';
    }
  }
  return key;
}

/** The `ownData` snapshot of the principal a fast read saw, from the values read (nothing is read again). */
export function readSnapshot(read: PrincipalRead): Record<string, unknown> {
  const snapshot = ownDataObject();
  for (let position = 0; position < read.fields.length; position++) {
    const value = read.values[position];
    if (value !== undefined) snapshot[read.fields[position]!] = value;
  }
  return snapshot;
}

/**
 * Whether two fast reads hold the same data: the same kind and, field by field, the same value (lists item by
 * item). Exactly when `readKey` gives them the same key.
 */
export function sameRead(left: PrincipalRead, right: PrincipalRead): boolean {
  const a = left.values;
  const b = right.values;
  if (a.length !== b.length) return false;
  for (let position = 0; position < a.length; position++) {
    const x = a[position];
    const y = b[position];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let index = 0; index < x.length; index++) if (x[index] !== y[index]) return false;
  }
  return true;
}

/** A fast read with lists of its own, so later changes to the snapshot's lists cannot change it. */
export function copyRead(read: PrincipalRead): PrincipalRead {
  return {
    fields: read.fields,
    values: read.values.map((value) => (Array.isArray(value) ? [...value] : value)),
  };
}

/** `principalKey(ownData(principal))`, through the fast read when it applies. */
export function principalKeyOf(principal: unknown): string {
  const read = readPrincipal(principal);
  return read === undefined ? principalKey(ownData(principal)) : readKey(read);
}

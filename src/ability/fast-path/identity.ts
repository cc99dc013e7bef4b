import type { PolicyIndex } from '../../policy/policy.js';
import { fieldsKey } from '../../principal/own-data.js';
import { PRINCIPAL_FIELDS, type ValidPrincipal } from '../../principal/principal.js';
import { placeholder, SLOTS } from './placeholders.js';
import { type ReportSlots, reportSlots } from './report-slots.js';

const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value !== '';

/** What a principal's template is chosen by: the principal, its ids in slot order and the fields they open. */
export interface Identity {
  readonly principal: ValidPrincipal;
  readonly session: string | undefined;
  /** The placeholder of each open field. */
  readonly open: Readonly<Record<string, string>>;
  /** Which of `id`, `accountId`, `legalEntity` are open (bits 1, 2, 4). */
  readonly openMask: number;
  /** A user's reports, opened as placeholders (hierarchy security); `open.reports` holds their shape. */
  readonly reports?: ReportSlots;
  readonly values: readonly string[];
}

const ANONYMOUS_KEY = 'anonymous';

/**
 * The ids a template leaves open for `principal`, or `undefined` when it compiles on its own: administrative
 * roles compare ids in more ways than equality, and an id that is also a team or business-unit id must be
 * compiled as itself (the compiler tells them apart or refuses the principal).
 */
export function identityOf(
  index: PolicyIndex,
  principal: ValidPrincipal,
  session: string | undefined,
): Identity | undefined {
  if (principal.kind === 'anonymous') {
    return { principal, session: undefined, open: {}, openMask: 0, values: [] };
  }
  if (principal.administrativeRoles !== undefined && principal.administrativeRoles.length > 0)
    return undefined;
  if (principal.kind === 'user' && (index.teams.has(principal.id) || index.businessUnits.has(principal.id)))
    return undefined;
  const values: string[] = [principal.id];
  const open: Record<string, string> = { id: SLOTS[0]! };
  let openMask = 1;
  if (principal.kind === 'contact') {
    if (present(principal.accountId)) {
      open.accountId = SLOTS[values.push(principal.accountId) - 1]!;
      openMask |= 2;
    }
    if (present(principal.legalEntity)) {
      open.legalEntity = SLOTS[values.push(principal.legalEntity) - 1]!;
      openMask |= 4;
    }
  }
  const reports = principal.kind === 'user' ? reportSlots(index, principal, values, placeholder) : undefined;
  if (principal.kind === 'user' && reports === undefined) return undefined;
  if (reports === undefined) return { principal, session, open, openMask, values };
  open.reports = reports.key;
  return { principal, session, open, openMask, values, reports };
}

/** The template key of an identity: the principal with placeholders in its open fields, and the session. */
export function keyOf(identity: Identity): string {
  const { principal, session, open } = identity;
  if (principal.kind === 'anonymous') return ANONYMOUS_KEY;
  return `${session ?? ''}|${fieldsKey(principal as Record<string, unknown>, PRINCIPAL_FIELDS[principal.kind], open)}`;
}

const OPEN_BITS: Readonly<Record<string, number>> = { id: 1, accountId: 2, legalEntity: 4 };
const openBitsOf = (fields: readonly string[]): readonly number[] =>
  fields.map((field) => (Object.hasOwn(OPEN_BITS, field) ? OPEN_BITS[field]! : 0));
const FIELD_OPEN_BITS: Readonly<Record<string, readonly number[]>> = {
  contact: openBitsOf(PRINCIPAL_FIELDS.contact),
  user: openBitsOf(PRINCIPAL_FIELDS.user),
  anonymous: openBitsOf(PRINCIPAL_FIELDS.anonymous),
};

/**
 * Whether two identities surely have the same template key, compared field by field without writing the key:
 * the same session, the same open fields and, elsewhere, the same values (lists item by item). Anything it
 * cannot compare this way (an object in a list) answers `false`, and the key decides.
 */
export function sameTemplate(left: Identity, right: Identity): boolean {
  const a = left.principal as unknown as Readonly<Record<string, unknown>>;
  const b = right.principal as unknown as Readonly<Record<string, unknown>>;
  if (a.kind !== b.kind || left.openMask !== right.openMask) return false;
  if (a.kind === 'anonymous') return true;
  if (left.session !== right.session) return false;
  if (a.kind === 'contact')
    return sameContact(left.principal as Contact, right.principal as Contact, left.openMask);
  const fields = PRINCIPAL_FIELDS[a.kind as ValidPrincipal['kind']];
  const bits = FIELD_OPEN_BITS[a.kind as ValidPrincipal['kind']]!;
  for (let position = 0; position < fields.length; position++) {
    if ((bits[position]! & left.openMask) !== 0) continue;
    const field = fields[position]!;
    const x = a[field];
    const y = b[field];
    // Objects (a user's reports) are never compared here: the same object may have changed since.
    if (x === y && (typeof x !== 'object' || x === null)) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let index = 0; index < x.length; index++) {
      if (x[index] !== y[index] || typeof x[index] === 'object') return false;
    }
  }
  return true;
}

type Contact = Extract<ValidPrincipal, { kind: 'contact' }>;

// The open bits of the fields compared by name below, from the one table that assigns them.
const ACCOUNT_OPEN = OPEN_BITS.accountId!;
const LEGAL_ENTITY_OPEN = OPEN_BITS.legalEntity!;

/** Whether two lists of names (or two absent lists) are equal item by item. */
function sameNames(x: readonly string[] | undefined, y: readonly string[] | undefined): boolean {
  if (x === y) return true;
  if (x === undefined || y === undefined || x.length !== y.length) return false;
  for (let index = 0; index < x.length; index++) if (x[index] !== y[index]) return false;
  return true;
}

// `sameTemplate` for two contacts of the same open fields, each field compared by its name: the contact is
// the principal of most requests, and a read of `principal[field]` for varying fields is V8's generic lookup.
// Validated contacts hold strings, booleans, null and lists of names only. The id is always open.
function sameContact(a: Contact, b: Contact, openMask: number): boolean {
  return (
    sameNames(a.webRoles, b.webRoles) &&
    ((openMask & ACCOUNT_OPEN) !== 0 || a.accountId === b.accountId) &&
    ((openMask & LEGAL_ENTITY_OPEN) !== 0 || a.legalEntity === b.legalEntity) &&
    sameNames(a.administrativeRoles, b.administrativeRoles) &&
    a.state === b.state &&
    a.mustChangePassword === b.mustChangePassword &&
    a.registeredVia === b.registeredVia &&
    sameNames(a.accountWebRoles, b.accountWebRoles)
  );
}

// FNV-1a over UTF-16 code units, each text ended by its length so that lists cannot run into each other.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashText(hash: number, text: string): number {
  let h = hash;
  for (let index = 0; index < text.length; index++) h = Math.imul(h ^ text.charCodeAt(index), FNV_PRIME);
  return Math.imul(h ^ (text.length + 0x10000), FNV_PRIME);
}

function hashNames(hash: number, names: readonly string[] | undefined): number {
  if (names === undefined) return Math.imul(hash ^ 0x20000, FNV_PRIME);
  let h = Math.imul(hash ^ (names.length + 0x30000), FNV_PRIME);
  for (let index = 0; index < names.length; index++) h = hashText(h, names[index]!);
  return h;
}

/** A value that is not a list, as text: only two values of the same field meet in one hash. */
const textOf = (value: string | boolean | null | undefined): string =>
  typeof value === 'string' ? `s${value}` : String(value);

/**
 * A number that two contacts of the same template always share and others almost never do: a template found
 * by it is confirmed with `sameTemplate`. Computed without writing a key string (nothing to allocate, flatten
 * or hash again); `undefined` for a user or a visitor.
 */
export function quickHashOf(identity: Identity): number | undefined {
  const contact = identity.principal;
  if (contact.kind !== 'contact') return undefined;
  const { openMask } = identity;
  let h = Math.imul(FNV_OFFSET ^ openMask, FNV_PRIME);
  h = hashText(h, identity.session ?? '');
  h = hashNames(h, contact.webRoles);
  h = hashNames(h, contact.accountWebRoles);
  h = hashNames(h, contact.administrativeRoles);
  if ((openMask & ACCOUNT_OPEN) === 0) h = hashText(h, textOf(contact.accountId));
  if ((openMask & LEGAL_ENTITY_OPEN) === 0) h = hashText(h, textOf(contact.legalEntity));
  h = hashText(h, textOf(contact.state));
  h = hashText(h, textOf(contact.mustChangePassword));
  return hashText(h, textOf(contact.registeredVia)) >>> 0;
}

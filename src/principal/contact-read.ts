import type { z } from 'zod';
import { isValidName } from '../base/names.js';
import { isWellFormedText } from '../base/well-formed.js';
import { ACCOUNT_STATES } from './account-state.js';
import { type contactPrincipalSchema, REGISTRATION_METHODS } from './contact.js';
import { ownData, ownDataObject, ownDataOfNames } from './own-data.js';

// The contact schema (contact.ts) restated field by field for the per-request path: each field is read by its
// name, once, and checked by a test written for it. A property test pins that this reader accepts only what
// the schema accepts and gives the same principal (test/principal/contact-read.property.test.ts); change them
// together. Whatever it does not accept goes to the schema, which decides and explains.

/** A contact as validation returns it: every field of the schema an own property, in schema order. */
export type ValidContact = z.output<typeof contactPrincipalSchema>;

const STATES: ReadonlySet<unknown> = new Set(ACCOUNT_STATES);
const REGISTRATIONS: ReadonlySet<unknown> = new Set(REGISTRATION_METHODS);

/** Whether one own name is a field of the contact schema. */
function isContactField(name: string): boolean {
  switch (name) {
    case 'kind':
    case 'id':
    case 'accountId':
    case 'legalEntity':
    case 'webRoles':
    case 'administrativeRoles':
    case 'state':
    case 'mustChangePassword':
    case 'registeredVia':
    case 'accountWebRoles':
      return true;
    default:
      return false;
  }
}

/** An optional list of names, as copied by `ownData` (so a hole is an `undefined` item, never a name). */
function isNames(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index++) if (!isValidName(value[index])) return false;
  return true;
}

/** An optional, nullable principal value: a well-formed string (empty allowed: it means "none", D2). */
const isValue = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && isWellFormedText(value));

// One read per field, by name, into the field of the same name: a read of `input[name]` for varying names
// goes through V8's generic lookup, a named read does not. Valid, the holder is the validated contact.
interface Read {
  kind: unknown;
  id: unknown;
  accountId: unknown;
  legalEntity: unknown;
  webRoles: unknown;
  administrativeRoles: unknown;
  state: unknown;
  mustChangePassword: unknown;
  registeredVia: unknown;
  accountWebRoles: unknown;
}

/** Copies one own property of `input`, as `ownData` copies it, into `read`. */
function readField(input: Readonly<Record<string, unknown>>, name: string, read: Read): void {
  switch (name) {
    case 'kind':
      read.kind = ownData(input.kind, 1);
      break;
    case 'id':
      read.id = ownData(input.id, 1);
      break;
    case 'accountId':
      read.accountId = ownData(input.accountId, 1);
      break;
    case 'legalEntity':
      read.legalEntity = ownData(input.legalEntity, 1);
      break;
    case 'webRoles':
      read.webRoles = ownData(input.webRoles, 1);
      break;
    case 'administrativeRoles':
      read.administrativeRoles = ownData(input.administrativeRoles, 1);
      break;
    case 'state':
      read.state = ownData(input.state, 1);
      break;
    case 'mustChangePassword':
      read.mustChangePassword = ownData(input.mustChangePassword, 1);
      break;
    case 'registeredVia':
      read.registeredVia = ownData(input.registeredVia, 1);
      break;
    default:
      read.accountWebRoles = ownData(input.accountWebRoles, 1);
  }
}

/** Whether the copied fields make a contact the schema accepts. */
function isValidContact(read: Read): boolean {
  return (
    read.kind === 'contact' &&
    typeof read.id === 'string' &&
    read.id.length > 0 &&
    isWellFormedText(read.id) &&
    isValue(read.accountId) &&
    isValue(read.legalEntity) &&
    isNames(read.webRoles) &&
    isNames(read.administrativeRoles) &&
    (read.state === undefined || STATES.has(read.state)) &&
    (read.mustChangePassword === undefined || typeof read.mustChangePassword === 'boolean') &&
    (read.registeredVia === undefined || REGISTRATIONS.has(read.registeredVia)) &&
    isNames(read.accountWebRoles)
  );
}

/** A contact with every field own and `undefined`, in schema order, on a snapshot object (it inherits nothing). */
function emptyContact(): Read {
  const contact = ownDataObject() as unknown as Read;
  contact.kind = undefined;
  contact.id = undefined;
  contact.accountId = undefined;
  contact.legalEntity = undefined;
  contact.webRoles = undefined;
  contact.administrativeRoles = undefined;
  contact.state = undefined;
  contact.mustChangePassword = undefined;
  contact.registeredVia = undefined;
  contact.accountWebRoles = undefined;
  return contact;
}

/** `ownData(input)` made from the fields already copied: the same object, and nothing is read twice. */
function snapshotOf(read: Read, names: readonly string[]): Record<string, unknown> {
  const snapshot = ownDataObject();
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    snapshot[name] = read[name as keyof Read];
  }
  return snapshot;
}

/**
 * Validates a principal, reading each own property exactly once (`ownData`'s reads, in its order). A contact
 * the schema accepts is checked field by field and returned with every field an own property; anything else
 * (another kind, an unknown key, a value the check refuses) is handed as `ownData(input)` to `judge`, the
 * schema, which returns what it accepts and throws with paths and hints otherwise. `undefined`, having read
 * nothing, for a value that is not an object with properties (a primitive, `null`, an array).
 */
export function readContact<TValid>(
  input: unknown,
  judge: (snapshot: Record<string, unknown>) => TValid,
): ValidContact | TValid | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const names = Object.getOwnPropertyNames(input);
  let hasKind = false;
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    if (!isContactField(name)) return judge(ownDataOfNames(input, names));
    if (name === 'kind') hasKind = true;
  }
  if (!hasKind) return judge(ownDataOfNames(input, names));
  const read = emptyContact();
  const record = input as Readonly<Record<string, unknown>>;
  for (let index = 0; index < names.length; index++) readField(record, names[index]!, read);
  return isValidContact(read) ? (read as unknown as ValidContact) : judge(snapshotOf(read, names));
}

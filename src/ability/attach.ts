import { PortalPermissionsError } from '../base/errors.js';
import type { PolicyTypesLike, TableOf } from '../policy/policy-types.js';
import type { PortalAbility } from './ability.js';
import type { Action } from './portal-subject.js';
import { type TaggedRecord, taggedTableOf } from './subject.js';

// Internal users' append and append-to need write + read on the same record (SPEC 2.3); contacts' do not (D7).
const ROW_DEPENDENCIES: readonly Action[] = ['write', 'read'];

/**
 * Refuses anything but a record tagged by `subject()` and returns its table: record-level helpers must never
 * answer the type-level question, nor let a request body's `constructor` field choose the table (RELIABILITY 20).
 */
export function requireRecord(helper: string, value: unknown, role: string): string {
  // A bare table name would turn this into a type-level question ("some record"): refuse it loudly.
  if (typeof value !== 'object' || value === null) {
    throw new PortalPermissionsError(
      'not_a_record',
      `${helper} needs the ${role} as a record tagged with subject(table, record), not ${value === null ? 'null' : typeof value}`,
    );
  }
  const table = taggedTableOf(value);
  if (table === undefined) {
    throw new PortalPermissionsError(
      'untagged_record',
      `${helper} needs the ${role} tagged with subject(table, record); an untagged object's table is never guessed from its fields`,
    );
  }
  return table;
}

function allows(ability: PortalAbility, actions: readonly Action[], record: TaggedRecord): boolean {
  return actions.every((action) => ability.can(action, record));
}

const dependenciesOf = (ability: PortalAbility): readonly Action[] =>
  ability.principal.kind === 'user' ? ROW_DEPENDENCIES : [];

/**
 * Whether the principal may attach `record` to `target` (decision D7): Append on the record and Append To on
 * the target; internal users also need Write + Read on both (SPEC 2.3). With `{ creating: true }` the record
 * is new (its post-image), so Create on it is needed too.
 *
 * @example canAttach(ability, subject('annotation', note), subject('incident', incident))
 */
export function canAttach<TTypes extends PolicyTypesLike>(
  ability: PortalAbility<TTypes>,
  record: TaggedRecord<TableOf<TTypes>>,
  target: TaggedRecord<TableOf<TTypes>>,
  options: { readonly creating?: boolean } = {},
): boolean {
  requireRecord('canAttach', record, 'record');
  requireRecord('canAttach', target, 'target');
  const loose = ability as unknown as PortalAbility;
  // Own property only: an inherited `creating` would swap the checks (internal users' creates skip Write).
  if (Object.hasOwn(options, 'creating') && options.creating === true) {
    return canCreateAttached(ability, record, target);
  }
  const dependencies = dependenciesOf(loose);
  return (
    allows(loose, ['append', ...dependencies], record) && allows(loose, ['appendTo', ...dependencies], target)
  );
}

/**
 * Whether the principal may create `newChild` (its post-image) already attached to `parent`: Create + Append
 * on the child and Append To on the parent (D7); internal users also need Read on the new child (to own it)
 * and Write + Read on the parent (SPEC 2.3); every field the child sets needs Create (column security).
 *
 * @example canCreateAttached(ability, subject('salesorderline', line), subject('salesorder', order))
 */
export function canCreateAttached<TTypes extends PolicyTypesLike>(
  ability: PortalAbility<TTypes>,
  newChild: TaggedRecord<TableOf<TTypes>>,
  parent: TaggedRecord<TableOf<TTypes>>,
): boolean {
  requireRecord('canCreateAttached', newChild, 'new child');
  requireRecord('canCreateAttached', parent, 'parent');
  const loose = ability as unknown as PortalAbility;
  const internal = loose.principal.kind === 'user';
  const childActions: readonly Action[] = internal ? ['create', 'append', 'read'] : ['create', 'append'];
  return (
    allows(loose, childActions, newChild) &&
    Object.keys(newChild).every((field) => loose.can('create', newChild as TaggedRecord, field)) &&
    allows(loose, ['appendTo', ...dependenciesOf(loose)], parent)
  );
}

/**
 * Whether the principal may assign `record` to another owner: Assign + Write + Read on it (SPEC 2.3).
 * Portal contacts hold no Assign privilege, so this is always false for them.
 *
 * @example canAssign(ability, subject('salesorder', order))
 */
export function canAssign<TTypes extends PolicyTypesLike>(
  ability: PortalAbility<TTypes>,
  record: TaggedRecord<TableOf<TTypes>>,
): boolean {
  requireRecord('canAssign', record, 'record');
  return allows(ability as unknown as PortalAbility, ['assign', 'write', 'read'], record);
}

import type { Action, PortalAbility, TaggedRecord } from './ability.js';

// Internal users' append and append-to need write + read on the same record (SPEC 2.3); contacts' do not (D7).
const ROW_DEPENDENCIES: readonly Action[] = ['write', 'read'];

function allows(ability: PortalAbility, actions: readonly Action[], record: TaggedRecord): boolean {
  if (typeof record !== 'object' || record === null) return false;
  return actions.every((action) => ability.can(action, record));
}

const dependenciesOf = (ability: PortalAbility): readonly Action[] =>
  ability.principal.kind === 'user' ? ROW_DEPENDENCIES : [];

/**
 * Whether the principal may attach `child` to `parent` (set the child's lookup to the parent): append on
 * the child and append-to on the parent (D7); internal users also need write + read on both (SPEC 2.3).
 * @example canAttach(ability, subject('annotation', note), subject('incident', ticket))
 */
export function canAttach<TTable extends string>(
  ability: PortalAbility<TTable>,
  child: TaggedRecord<TTable>,
  parent: TaggedRecord<TTable>,
): boolean {
  const dependencies = dependenciesOf(ability as PortalAbility);
  return (
    allows(ability as PortalAbility, ['append', ...dependencies], child) &&
    allows(ability as PortalAbility, ['appendTo', ...dependencies], parent)
  );
}

/**
 * Whether the principal may create `newChild` (its post-image) already attached to `parent`: create + append
 * on the child and append-to on the parent (D7); internal users also need read on the new child (to own it)
 * and write + read on the parent (SPEC 2.3).
 * @example canCreateAttached(ability, subject('salesorderline', line), subject('salesorder', order))
 */
export function canCreateAttached<TTable extends string>(
  ability: PortalAbility<TTable>,
  newChild: TaggedRecord<TTable>,
  parent: TaggedRecord<TTable>,
): boolean {
  const internal = ability.principal.kind === 'user';
  const childActions: readonly Action[] = internal ? ['create', 'append', 'read'] : ['create', 'append'];
  return (
    allows(ability as PortalAbility, childActions, newChild) &&
    allows(ability as PortalAbility, ['appendTo', ...dependenciesOf(ability as PortalAbility)], parent)
  );
}

/**
 * Whether the principal may assign `record` to another owner: assign + write + read on it (SPEC 2.3).
 * Portal contacts hold no assign privilege, so this is always false for them.
 * @example canAssign(ability, subject('salesorder', order))
 */
export function canAssign<TTable extends string>(
  ability: PortalAbility<TTable>,
  record: TaggedRecord<TTable>,
): boolean {
  return allows(ability as PortalAbility, ['assign', 'write', 'read'], record);
}

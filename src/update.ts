import type { PortalAbility, TaggedRecord } from './ability.js';
import { requireRecord } from './attach.js';
import { changedFields, fieldsAllowed } from './permitted-columns.js';

/**
 * Whether the principal may change `before` into `after`: Write on the record as it is AND as it would be
 * (RELIABILITY 16), so an update can never move a record into another account, contact or business unit
 * the principal could not write to. Every changed field needs Write (column `update`) on both versions too.
 * Pass both versions tagged with the same table.
 *
 * @example canUpdate(ability, subject('salesorder', stored), subject('salesorder', { ...stored, ...patch }))
 */
export function canUpdate<TTable extends string>(
  ability: PortalAbility<TTable>,
  before: TaggedRecord<TTable>,
  after: TaggedRecord<TTable>,
): boolean {
  requireRecord('canUpdate', before, 'record before the update');
  requireRecord('canUpdate', after, 'record after the update');
  if (!(ability.can('write', before) && ability.can('write', after))) return false;
  const changed = changedFields(before, after);
  return fieldsAllowed(ability, 'write', before, changed) && fieldsAllowed(ability, 'write', after, changed);
}

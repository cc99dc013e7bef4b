import type { PortalAbility, TaggedRecord } from './ability.js';

function requireRecord(value: unknown, role: string): void {
  // A bare table name would turn this into a type-level question ("some record"): refuse it loudly.
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(
      `canAttach needs the ${role} as a record tagged with subject(table, record), not ${typeof value}`,
    );
  }
}

/**
 * Whether the principal may attach `record` to `target` (decision D7): Append on the record's permission and
 * Append To on the target's. With `{ creating: true }` the record is new, so Create on it is needed too.
 *
 * @example canAttach(ability, subject('annotation', note), subject('incident', incident))
 */
export function canAttach<TTable extends string>(
  ability: PortalAbility<TTable>,
  record: TaggedRecord<TTable>,
  target: TaggedRecord<TTable>,
  options: { readonly creating?: boolean } = {},
): boolean {
  requireRecord(record, 'record');
  requireRecord(target, 'target');
  return (
    (options.creating !== true || ability.can('create', record)) &&
    ability.can('append', record) &&
    ability.can('appendTo', target)
  );
}

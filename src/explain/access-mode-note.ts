import type { PortalAbility } from '../ability/ability.js';
import type { TableDefinition } from '../policy/table.js';
import { accessModes } from '../principal/access-modes.js';
import { effectiveAccessMode, isAutomaticallyAdministrative } from '../principal/entra-administrator.js';
import type { AccessMode } from '../principal/user.js';

/** An internal user's access mode that keeps no privilege of this kind on this table, and whether it was automatic. */
export interface AccessModeNote {
  readonly mode: AccessMode;
  /** True when the user did not choose the mode: an unlicensed Entra environment administrator (seed 002). */
  readonly automatic: boolean;
}

/**
 * Why an internal user holds no grant for `action` on `table` when its access mode is what took it away
 * (read mode keeps reading, administrative mode keeps settings tables): a denial must say so, or an
 * administrator would look for a missing role.
 */
export function accessModeNote(
  ability: PortalAbility,
  action: string,
  table: string,
): AccessModeNote | undefined {
  const principal = ability.principal;
  if (principal.kind !== 'user') return undefined;
  const tables = ability.policy.tables as Readonly<Record<string, TableDefinition | undefined>>;
  const definition = Object.hasOwn(tables, table) ? tables[table] : undefined;
  const mode = effectiveAccessMode(principal);
  if (definition === undefined || accessModes[mode].keeps(action, definition)) return undefined;
  return { mode, automatic: isAutomaticallyAdministrative(principal) };
}

/** The note as words: `access mode "administrative" keeps settings tables only (…)`. */
export function accessModePhrase(note: AccessModeNote, action: string, table: string): string {
  const why = note.automatic
    ? ' (an unlicensed Entra environment administrator works in administrative access mode; a licence restores read-write)'
    : '';
  return `access mode "${note.mode}" keeps ${accessModes[note.mode].keepsWhat}, so no ${action} on ${table}${why}`;
}

import type { TableDefinition } from '../../policy/table.js';
import { type Condition, eq, within } from '../condition.js';
import type { Coverage } from '../scopes/scope.js';

/** What an access level sees when it builds the rows one grant covers for one user. */
export interface LevelContext {
  readonly table: TableDefinition;
  /** The unit the grant is relative to: the user's, the team's (D16), or the unit a role is assigned from. */
  readonly businessUnit: string;
  /** Ids whose rows the grant covers by ownership (the user and their teams, or only the team). */
  readonly owners: readonly string[];
  /** The unit and every unit below it (precomputed once per policy). */
  readonly subtreeOf: (businessUnit: string) => readonly string[];
}

/** One access level: which rows a privilege held at that level reaches. */
export interface AccessLevelDefinition {
  readonly coverage: (context: LevelContext) => Coverage;
}

/** Rows owned by one of `owners`; every level from `user` up includes them (SPEC 2.2, ownership path). */
export function ownership({ table, owners }: LevelContext): Condition | null {
  if (table.owner === undefined || owners.length === 0) return null;
  return owners.length === 1 ? eq(table.owner, owners[0]!) : within(table.owner, owners);
}

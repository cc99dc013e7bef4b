import type { TableDefinition } from '../../policy/table.js';

/** What an access level sees when it builds the rows one grant reaches for one user. */
export interface LevelContext {
  readonly table: TableDefinition;
  /** The unit the grant is relative to: the user's, the team's (D16), or the unit a role is assigned from. */
  readonly businessUnit: string;
  /** Ids whose rows the grant reaches by ownership (the user and their teams, or only the team). */
  readonly owners: readonly string[];
  /** The unit and every unit below it (computed once per policy, shared by every ability). */
  readonly subtreeOf: (businessUnit: string) => readonly string[];
}

/**
 * One way a grant reaches rows: every row, or rows whose `field` holds one of `values`. `subtree` marks a
 * business-unit subtree (closed downwards), so containment between two subtrees is one lookup.
 */
export type Reach =
  | { readonly all: true }
  | {
      readonly all?: false;
      readonly field: string;
      readonly values: readonly string[];
      readonly subtree?: boolean;
    };

/** One access level: the ways a privilege held at that level reaches rows. */
export interface AccessLevelDefinition {
  readonly reach: (context: LevelContext) => readonly Reach[];
}

/** Rows owned by one of the owners; every level from `user` up includes them (SPEC 2.2, ownership path). */
export function ownership({ table, owners }: LevelContext): Reach[] {
  return table.owner === undefined || owners.length === 0 ? [] : [{ field: table.owner, values: owners }];
}

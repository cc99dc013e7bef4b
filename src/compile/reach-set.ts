import { type Condition, eq, inList } from '../base/condition.js';
import { setOf } from '../base/matcher.js';
import type { AccessLevel } from '../policy/security-role.js';
import type { Reach } from './access-levels/level.js';
import type { ResolvedAssignment } from './role-assignments.js';

/** The grant a reach came from, for provenance. */
export interface ReachSource {
  readonly assignment: ResolvedAssignment;
  readonly level: Exclude<AccessLevel, 'none'>;
}

/** A reach and the first grant (policy order) that contributed it. */
export interface SourcedReach {
  readonly key: string;
  readonly reach: Reach;
  readonly source: ReachSource;
}

/** A name equal for two reaches exactly when they reach the same rows by the same test. */
export function keyOf(reach: Reach): string {
  if (reach.all) return 'all';
  // A subtree is named by its root: the arrays are large and shared, so never join them. Other lists are
  // short and written as JSON, which no id can forge: joined, a unit id could spell a list of owners.
  return reach.subtree
    ? `${reach.field}\0subtree\0${reach.values[0]}`
    : JSON.stringify([reach.field, ...reach.values]);
}

// Short lists (owners, one unit) are scanned: building a set for them would cost more than it saves.
const has = (values: readonly string[], value: string): boolean =>
  values.length <= 16 ? values.includes(value) : setOf(values).has(value);

/** Whether every row `inner` reaches is reached by `outer`. */
function contains(outer: Reach, inner: Reach): boolean {
  if (outer.all) return true;
  if (inner.all || outer.field !== inner.field) return false;
  // Subtrees are closed downwards: one that holds the other's root holds all of it.
  if (inner.subtree && outer.subtree) return has(outer.values, inner.values[0]!);
  return (
    inner.values.length <= outer.values.length && inner.values.every((value) => has(outer.values, value))
  );
}

/**
 * The rows one privilege on one table reaches, as the union of every grant's reaches (the widest wins, no
 * deny). Reaches another one already covers are dropped, so a check runs each distinct test once.
 */
export class ReachSet {
  readonly #parts = new Map<string, SourcedReach>();
  readonly #holder: ReachSource;

  /** Starts with the first grant holding the privilege, even at a level that reaches no row by itself. */
  constructor(holder: ReachSource) {
    this.#holder = holder;
  }

  /** The first grant holding the privilege: the privilege check of a share (SPEC 2.2). */
  holder(): ReachSource {
    return this.#holder;
  }

  /** Adds a reach (named by `keyOf`) unless an equal one is already there: the first grant keeps it. */
  add(key: string, reach: Reach, source: ReachSource): void {
    if (!this.#parts.has(key)) this.#parts.set(key, { key, reach, source });
  }

  /** The reaches no other reach covers, in the order they were first added. */
  essential(): SourcedReach[] {
    const parts = [...this.#parts.values()];
    if (parts.length < 2) return parts;
    return parts.filter(
      (part, i) =>
        !parts.some(
          (other, j) =>
            j !== i && contains(other.reach, part.reach) && (j < i || !contains(part.reach, other.reach)),
        ),
    );
  }
}

/** The condition of a reach; `undefined` for every row. */
export function conditionOf(reach: Reach): Condition | undefined {
  if (reach.all) return undefined;
  return reach.values.length === 1 ? eq(reach.field, reach.values[0]!) : inList(reach.field, reach.values);
}

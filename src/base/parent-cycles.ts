/** A node of a tree declared by parent links: a business unit, a page. */
export interface ParentLinked {
  readonly id: string;
  readonly parent?: string | undefined;
}

/** One cycle of parent links, starting at the node declared first, and that node's position in the list. */
export interface ParentCycle {
  readonly loop: readonly string[];
  readonly firstIndex: number;
}

/**
 * Every cycle of parent links, each found once, in linear time: a node is walked at most once. Each cycle is
 * rotated to start at its earliest-declared node, so it is reported once, at a stable place.
 */
export function parentCycles(
  nodes: readonly ParentLinked[],
  byId: ReadonlyMap<string, ParentLinked>,
): ParentCycle[] {
  const settled = new Set<string>();
  const positions = new Map(nodes.map((node, index) => [node.id, index] as const).reverse());
  const cycles: ParentCycle[] = [];
  for (const start of nodes) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let id: string | undefined = start.id;
    while (id !== undefined && byId.has(id) && !settled.has(id) && !onPath.has(id)) {
      path.push(id);
      onPath.add(id);
      id = byId.get(id)!.parent;
    }
    if (id !== undefined && onPath.has(id)) {
      const cycle = path.slice(path.indexOf(id));
      const first = cycle.reduce((best, node) => (positions.get(node)! < positions.get(best)! ? node : best));
      const offset = cycle.indexOf(first);
      cycles.push({
        loop: [...cycle.slice(offset), ...cycle.slice(0, offset)],
        firstIndex: positions.get(first)!,
      });
    }
    for (const visited of path) settled.add(visited);
  }
  return cycles;
}

/**
 * A loop as `"a" → "b" → … (n units in all) → "a"`, naming at most `shown` nodes: a cycle of 50,000 nodes
 * gives a message of bounded size (one issue per node, each naming the whole loop, would grow quadratically).
 */
export function describeLoop(loop: readonly string[], shown: number, noun: string): string {
  const named = loop.slice(0, shown).map((id) => `"${id}"`);
  const rest = loop.length > shown ? ` → … (${loop.length} ${noun} in all)` : '';
  return `${named.join(' → ')}${rest} → "${loop[0]}"`;
}

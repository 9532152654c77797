/**
 * Graph helpers for the plan: a deterministic topological order and cycle finding.
 *
 * Order is deterministic (ties broken by the order steps were created, which follows the
 * spec), so `studyspec plan` prints the same plan for the same spec and the runner's
 * log is reproducible.
 */

export interface Node {
  readonly id: string;
  readonly deps: readonly string[];
}

export interface TopoResult<T extends Node> {
  readonly order: readonly T[];
  /** Cycles found, each as a closed chain of ids: ['var.a', 'var.b', 'var.a']. */
  readonly cycles: readonly (readonly string[])[];
}

/**
 * Depth-first topological sort. Deps that are not nodes are ignored here (they are
 * reported as unknown references where they are created). Each cycle is reported once.
 */
export function topoSort<T extends Node>(nodes: readonly T[]): TopoResult<T> {
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const order: T[] = [];
  const cycles: string[][] = [];
  const seenCycle = new Set<string>();
  const stack: string[] = [];

  const visit = (n: T): void => {
    state.set(n.id, 1);
    stack.push(n.id);
    for (const d of n.deps) {
      const m = byId.get(d);
      if (!m) continue;
      const s = state.get(d);
      if (s === 1) {
        const chain = [...stack.slice(stack.indexOf(d)), d];
        const key = canonicalCycle(chain);
        if (!seenCycle.has(key)) {
          seenCycle.add(key);
          cycles.push(chain);
        }
      } else if (s === undefined) visit(m);
    }
    stack.pop();
    state.set(n.id, 2);
    order.push(n);
  };
  for (const n of nodes) if (!state.has(n.id)) visit(n);
  return { order, cycles };
}

/** The same cycle found from another start is the same cycle. */
function canonicalCycle(chain: readonly string[]): string {
  const ring = chain.slice(0, -1);
  let best = 0;
  for (let i = 1; i < ring.length; i++) if (ring[i]! < ring[best]!) best = i;
  return [...ring.slice(best), ...ring.slice(0, best)].join('\u0000');
}

/** Every id reachable from `id` through deps (not including `id`). */
export function ancestors(nodes: readonly Node[], id: string): Set<string> {
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const out = new Set<string>();
  const todo = [...(byId.get(id)?.deps ?? [])];
  while (todo.length) {
    const d = todo.pop()!;
    if (out.has(d)) continue;
    out.add(d);
    todo.push(...(byId.get(d)?.deps ?? []));
  }
  return out;
}

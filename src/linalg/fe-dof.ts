/**
 * Degrees of freedom absorbed by fixed effects, and which fixed effects are nested in a
 * cluster variable (both decide small-sample factors; see docs/conventions.md).
 *
 * Exact for one and two FE (levels minus connected components of the bipartite
 * level graph, as reghdfe and fixest compute); every further FE is counted as
 * levels − 1, which is fixest's default (fixef.force_exact = FALSE) and reghdfe's
 * conservative count when redundancy cannot be proven cheaply.
 */
import type { FeCodes } from './demean.js';

/**
 * Number of connected components of the bipartite graph linking levels that co-occur.
 * Union–find runs over the levels of the FE with fewer levels only: each level of the other
 * FE is tied to the first small level it meets, and every later small level it meets is
 * joined to that one. The forest then has as many nodes as years (say), not firms + years,
 * so the finds stay in cache and the pass costs about one read of the codes.
 */
export function connectedComponents(a: FeCodes, b: FeCodes): number {
  const [big, small] = a.nlevels >= b.nlevels ? [a, b] : [b, a];
  const parent = new Int32Array(small.nlevels);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const anchor = new Int32Array(big.nlevels).fill(-1);
  const unions = joinLevels(big.codes, small.codes, anchor, parent);
  // Each level of `big` that occurs joined its anchor's component; one that never occurs
  // (and a small level that never occurs) is a component of its own.
  let idleBig = 0;
  for (let g = 0; g < anchor.length; g++) if (anchor[g] === -1) idleBig++;
  return small.nlevels - unions + idleBig;
}

/** The joins of connectedComponents; returns how many merged two components. */
function joinLevels(bc: Int32Array, sc: Int32Array, anchor: Int32Array, parent: Int32Array): number {
  const S = parent.length;
  let unions = 0;
  let i = 0;
  for (; i < bc.length; i++) {
    const g = bc[i]!;
    const s = sc[i]!;
    const t = anchor[g]!;
    if (t === -1) {
      anchor[g] = s;
      continue;
    }
    if (t === s) continue;
    // Finds with path halving, inline (a closure per row costs more than the search).
    let x = t;
    while (parent[x] !== x) {
      const h = parent[parent[x]!]!;
      parent[x] = h;
      x = h;
    }
    let y = s;
    while (parent[y] !== y) {
      const h = parent[parent[y]!]!;
      parent[y] = h;
      y = h;
    }
    if (x !== y) {
      parent[x] = y;
      unions++;
      // S − 1 unions join all S small levels into one component: later rows cannot merge
      // anything, they only mark their big level as occurring.
      if (unions === S - 1) {
        i++;
        break;
      }
    }
  }
  presentOnly(bc, anchor, i);
  return unions;
}

function presentOnly(bc: Int32Array, anchor: Int32Array, from: number): void {
  for (let i = from; i < bc.length; i++) if (anchor[bc[i]!] === -1) anchor[bc[i]!] = 0;
}

export interface FeDof {
  /** Total parameters absorbed (levels minus redundancies). */
  readonly total: number;
  /** Per FE, the parameters attributed to it (first FE gets all its levels). */
  readonly perFe: readonly number[];
  /** True when every redundancy was counted exactly (≤ 2 FE). */
  readonly exact: boolean;
}

export function feDof(fes: readonly FeCodes[]): FeDof {
  if (fes.length === 0) return { total: 0, perFe: [], exact: true };
  const perFe: number[] = [fes[0]!.nlevels];
  if (fes.length >= 2) {
    const comps = connectedComponents(fes[0]!, fes[1]!);
    perFe.push(fes[1]!.nlevels - comps);
  }
  for (let q = 2; q < fes.length; q++) perFe.push(fes[q]!.nlevels - 1);
  return { total: perFe.reduce((a, b) => a + b, 0), perFe, exact: fes.length <= 2 };
}

/** True when every level of `fe` lies within a single level of `cluster`. */
export function isNestedIn(fe: FeCodes, cluster: FeCodes): boolean {
  // `| firm` with cluster(firm) shares one coding (design/build.ts): no scan needed.
  if (fe.codes === cluster.codes) return true;
  const owner = new Int32Array(fe.nlevels).fill(-1);
  // The arrays are read into locals: FE and cluster objects come in several shapes (plain
  // codings, groupings with lazy labels), and a property load per row would not be hoisted.
  const fc = fe.codes;
  const cc = cluster.codes;
  for (let i = 0; i < fc.length; i++) {
    const f = fc[i]!;
    const c = cc[i]!;
    if (owner[f] === -1) owner[f] = c;
    else if (owner[f] !== c) return false;
  }
  return true;
}

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

/** Number of connected components of the bipartite graph linking levels that co-occur. */
export function connectedComponents(a: FeCodes, b: FeCodes): number {
  const parent = new Int32Array(a.nlevels + b.nlevels);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  let comps = parent.length;
  const ca = a.codes;
  const cb = b.codes;
  const nb = a.nlevels;
  let lastA = -1;
  let lastB = -1;
  for (let i = 0; i < ca.length; i++) {
    const x0 = ca[i]!;
    const y0 = cb[i]!;
    // The same pair as on the previous row is already joined.
    if (x0 === lastA && y0 === lastB) continue;
    lastA = x0;
    lastB = y0;
    // Finds with path halving, inline (a closure per row costs more than the search).
    let x = x0;
    while (parent[x] !== x) {
      const g = parent[parent[x]!]!;
      parent[x] = g;
      x = g;
    }
    let y = nb + y0;
    while (parent[y] !== y) {
      const g = parent[parent[y]!]!;
      parent[y] = g;
      y = g;
    }
    if (x !== y) {
      parent[x] = y;
      comps--;
    }
  }
  return comps;
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

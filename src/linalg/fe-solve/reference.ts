/**
 * Reference twin of the FE solvers: the least-squares dummy-variable (LSDV) projection, written
 * as plainly as possible — the dense normal equations D'D α = D'x of every dummy of every FE,
 * solved by the pivot-skipping Cholesky (dummies collinear across FE are skipped, which does
 * not change the projection), residual x − Dα. O((Σ levels)³): for tests on small graphs only.
 */
import type { FeCodes } from '../demean.js';
import { choleskySkip, cholSolve } from '../dense.js';

export function demeanLsdv(cols: readonly Float64Array[], fes: readonly FeCodes[]): Float64Array[] {
  const off: number[] = [0];
  for (const f of fes) off.push(off[off.length - 1]! + f.nlevels);
  const m = off[off.length - 1]!;
  const n = cols.length ? cols[0]!.length : 0;
  const DtD = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < fes.length; q++) {
      const a = off[q]! + fes[q]!.codes[i]!;
      for (let p = 0; p < fes.length; p++) DtD[a * m + off[p]! + fes[p]!.codes[i]!]! += 1;
    }
  }
  // Relative pivot 1e-9: integer cross-counts make true zero pivots come out near 1e-15.
  const ch = choleskySkip(DtD, m, 1e-9);
  return cols.map((x) => {
    const Dtx = new Float64Array(m);
    for (let i = 0; i < n; i++) for (let q = 0; q < fes.length; q++) Dtx[off[q]! + fes[q]!.codes[i]!]! += x[i]!;
    const alpha = cholSolve(ch.L, ch.kept.length, ch.kept.map((j) => Dtx[j]!));
    const full = new Float64Array(m);
    ch.kept.forEach((j, p) => (full[j] = alpha[p]!));
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let fit = 0;
      for (let q = 0; q < fes.length; q++) fit += full[off[q]! + fes[q]!.codes[i]!]!;
      r[i] = x[i]! - fit;
    }
    return r;
  });
}

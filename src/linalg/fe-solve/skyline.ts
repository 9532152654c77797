/**
 * Sparse Cholesky of the Schur matrix in envelope (skyline) form after a reverse
 * Cuthill–McKee ordering, used as the preconditioner of CG (pcg.ts), where it makes CG
 * converge in one or two steps.
 *
 * Why an envelope: the mobility graphs that are hard for iterative methods are the long, thin
 * ones (workers move between nearby firms, exporters to nearby products): their algebraic
 * connectivity is small, which is also what gives them a narrow band once RCM numbers
 * neighbouring levels consecutively. Fill stays inside the envelope, so its size is known
 * before factoring and the factorization is refused (Jacobi is used) when it would be too
 * large — as on well-mixed graphs, where Jacobi-CG converges quickly anyway.
 */
import type { SparseSym } from './schur.js';

export interface Skyline {
  /** New position → original level (active levels only). */
  readonly perm: Int32Array;
  /** First column of each row's envelope, and where each row starts in `val`. */
  readonly first: Int32Array;
  readonly start: Float64Array;
  readonly val: Float64Array;
  /** Pivots found ~0 (a direction spanned by the others): held at 0. */
  readonly skipped: Uint8Array;
}

/** Reverse Cuthill–McKee order of the active levels (S's pattern restricted to them). */
function rcm(A: SparseSym, active: Uint8Array): Int32Array {
  const m = A.m;
  const degree = new Int32Array(m);
  let count = 0;
  for (let r = 0; r < m; r++) {
    if (!active[r]) continue;
    count++;
    for (let p = A.ptr[r]!; p < A.ptr[r + 1]!; p++) if (active[A.col[p]!] && A.col[p] !== r) degree[r]!++;
  }
  const order = new Int32Array(count);
  const visited = new Uint8Array(m);
  let head = 0;
  let tail = 0;
  const nb: number[] = [];
  // Start each piece at a level of least degree (a cheap stand-in for a peripheral level).
  const byDegree = Array.from({ length: m }, (_, r) => r).filter((r) => active[r]).sort((a, b) => degree[a]! - degree[b]! || a - b);
  for (const s of byDegree) {
    if (visited[s]) continue;
    visited[s] = 1;
    order[tail++] = s;
    while (head < tail) {
      const r = order[head++]!;
      nb.length = 0;
      for (let p = A.ptr[r]!; p < A.ptr[r + 1]!; p++) {
        const c = A.col[p]!;
        if (active[c] && !visited[c]) {
          visited[c] = 1;
          nb.push(c);
        }
      }
      nb.sort((a, b) => degree[a]! - degree[b]! || a - b);
      for (const c of nb) order[tail++] = c;
    }
  }
  return order.reverse();
}

/**
 * The factor, or null when the envelope would hold more than `maxEnvelope` entries or cost more
 * than `maxFlops` multiply–adds.
 */
export function skylineCholesky(A: SparseSym, active: Uint8Array, maxEnvelope: number, maxFlops: number): Skyline | null {
  const perm = rcm(A, active);
  const k = perm.length;
  const inv = new Int32Array(A.m).fill(-1);
  for (let i = 0; i < k; i++) inv[perm[i]!] = i;
  const first = new Int32Array(k);
  const start = new Float64Array(k + 1);
  let flops = 0;
  for (let i = 0; i < k; i++) {
    const r = perm[i]!;
    let f = i;
    for (let p = A.ptr[r]!; p < A.ptr[r + 1]!; p++) {
      const j = inv[A.col[p]!]!;
      if (j >= 0 && j < f) f = j;
    }
    first[i] = f;
    start[i + 1] = start[i]! + (i - f + 1);
    flops += ((i - f) * (i - f + 1)) / 2;
    if (start[i + 1]! > maxEnvelope || flops > maxFlops) return null;
  }
  const val = new Float64Array(start[k]!);
  for (let i = 0; i < k; i++) {
    const r = perm[i]!;
    for (let p = A.ptr[r]!; p < A.ptr[r + 1]!; p++) {
      const j = inv[A.col[p]!]!;
      if (j >= 0 && j <= i) val[start[i]! + (j - first[i]!)] = A.val[p]!;
    }
  }
  const skipped = factor(val, first, start, k);
  return { perm, first, start, val, skipped };
}

/** Row-by-row (up-looking) Cholesky inside the envelope, in place; returns the skipped pivots. */
function factor(val: Float64Array, first: Int32Array, start: Float64Array, k: number): Uint8Array {
  const skipped = new Uint8Array(k);
  for (let i = 0; i < k; i++) {
    const fi = first[i]!;
    const si = start[i]! - fi;
    for (let j = fi; j < i; j++) {
      if (skipped[j]) {
        val[si + j] = 0;
        continue;
      }
      const sj = start[j]! - first[j]!;
      let s = val[si + j]!;
      for (let c = Math.max(fi, first[j]!); c < j; c++) s -= val[si + c]! * val[sj + c]!;
      val[si + j] = s / val[sj + j]!;
    }
    const aii = val[si + i]!;
    let d = aii;
    for (let c = fi; c < i; c++) d -= val[si + c]! * val[si + c]!;
    // A pivot lost to cancellation is a direction the other levels span (as choleskySkip).
    if (!(d > 1e-10 * aii)) {
      skipped[i] = 1;
      val[si + i] = 1;
      for (let c = fi; c < i; c++) val[si + c] = 0;
    } else val[si + i] = Math.sqrt(d);
  }
  return skipped;
}

/** z = (L L')⁻¹ r on the active levels (0 elsewhere and at skipped pivots). */
export function skylineSolve(F: Skyline, r: Float64Array, z: Float64Array, work: Float64Array): void {
  const { perm, first, start, val, skipped } = F;
  const k = perm.length;
  for (let i = 0; i < k; i++) {
    const si = start[i]! - first[i]!;
    let s = skipped[i] ? 0 : r[perm[i]!]!;
    for (let c = first[i]!; c < i; c++) s -= val[si + c]! * work[c]!;
    work[i] = s / val[si + i]!;
  }
  for (let i = k - 1; i >= 0; i--) {
    const si = start[i]! - first[i]!;
    const x = skipped[i] ? 0 : work[i]! / val[si + i]!;
    work[i] = x;
    for (let c = first[i]!; c < i; c++) work[c]! -= val[si + c]! * x;
  }
  z.fill(0);
  for (let i = 0; i < k; i++) z[perm[i]!] = work[i]!;
}

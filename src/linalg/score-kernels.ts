/**
 * The cluster-score kernel of the fit's row passes (row-kernels.ts; vcov/meat.ts), written
 * out for 1 to 8 columns per pass: each pass is a scatter to the rows' clusters, so one pass
 * for all columns beats one per column (~5× at 1M rows and 100k clusters). Each score is
 * still added row by row in order, so the values are those of the plain twin in
 * reference/rows.ts (test/linalg/row-kernels-reference.test.ts).
 */

type Cols = readonly Float64Array[];

/**
 * S[g(i)·k + j] += x_j[i]·u[i] over [lo, hi), k = X.length (+1 with a trailing constant, whose
 * score is u itself): up to 8 columns per pass over the rows (the constant rides with the last
 * block), since each pass is a scatter to the rows' clusters.
 */
export function clusterScores(S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, constant: boolean, lo: number, hi: number): void {
  const kx = X.length;
  const k = kx + (constant ? 1 : 0);
  if (kx === 0) {
    if (constant) scoresConstant(S, u, codes, lo, hi, k, 0);
    return;
  }
  for (let j0 = 0; j0 < kx; j0 += 8) {
    const w = Math.min(8, kx - j0);
    SCORES[w]!(S, X, u, codes, lo, hi, k, j0, constant && j0 + w === kx);
  }
}

/** Columns j0..j0+width−1 (and the constant's score after them when withConstant). */
type ScoresWidth = (S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number, withConstant: boolean) => void;

function scores1(S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number, withConstant: boolean): void {
  const x0 = X[j0]!;
  if (withConstant) {
    for (let i = lo; i < hi; i++) {
      const g = codes[i]! * k + j0;
      const ui = u[i]!;
      S[g]! += x0[i]! * ui;
      S[g + 1]! += ui;
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const g = codes[i]! * k + j0;
    const ui = u[i]!;
    S[g]! += x0[i]! * ui;
  }
}

function scores2(S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number, withConstant: boolean): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  if (withConstant) {
    for (let i = lo; i < hi; i++) {
      const g = codes[i]! * k + j0;
      const ui = u[i]!;
      S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui;
      S[g + 2]! += ui;
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const g = codes[i]! * k + j0;
    const ui = u[i]!;
    S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui;
  }
}

function scores3(S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number, withConstant: boolean): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  if (withConstant) {
    for (let i = lo; i < hi; i++) {
      const g = codes[i]! * k + j0;
      const ui = u[i]!;
      S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui;
      S[g + 3]! += ui;
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const g = codes[i]! * k + j0;
    const ui = u[i]!;
    S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui;
  }
}

function scores4(S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number, withConstant: boolean): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  const x3 = X[j0 + 3]!;
  if (withConstant) {
    for (let i = lo; i < hi; i++) {
      const g = codes[i]! * k + j0;
      const ui = u[i]!;
      S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui;
      S[g + 4]! += ui;
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const g = codes[i]! * k + j0;
    const ui = u[i]!;
    S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui;
  }
}

function scores5(S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number, withConstant: boolean): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  const x3 = X[j0 + 3]!;
  const x4 = X[j0 + 4]!;
  if (withConstant) {
    for (let i = lo; i < hi; i++) {
      const g = codes[i]! * k + j0;
      const ui = u[i]!;
      S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui; S[g + 4]! += x4[i]! * ui;
      S[g + 5]! += ui;
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const g = codes[i]! * k + j0;
    const ui = u[i]!;
    S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui; S[g + 4]! += x4[i]! * ui;
  }
}

function scores6(S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number, withConstant: boolean): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  const x3 = X[j0 + 3]!;
  const x4 = X[j0 + 4]!;
  const x5 = X[j0 + 5]!;
  if (withConstant) {
    for (let i = lo; i < hi; i++) {
      const g = codes[i]! * k + j0;
      const ui = u[i]!;
      S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui; S[g + 4]! += x4[i]! * ui; S[g + 5]! += x5[i]! * ui;
      S[g + 6]! += ui;
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const g = codes[i]! * k + j0;
    const ui = u[i]!;
    S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui; S[g + 4]! += x4[i]! * ui; S[g + 5]! += x5[i]! * ui;
  }
}

function scores7(S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number, withConstant: boolean): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  const x3 = X[j0 + 3]!;
  const x4 = X[j0 + 4]!;
  const x5 = X[j0 + 5]!;
  const x6 = X[j0 + 6]!;
  if (withConstant) {
    for (let i = lo; i < hi; i++) {
      const g = codes[i]! * k + j0;
      const ui = u[i]!;
      S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui; S[g + 4]! += x4[i]! * ui; S[g + 5]! += x5[i]! * ui; S[g + 6]! += x6[i]! * ui;
      S[g + 7]! += ui;
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const g = codes[i]! * k + j0;
    const ui = u[i]!;
    S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui; S[g + 4]! += x4[i]! * ui; S[g + 5]! += x5[i]! * ui; S[g + 6]! += x6[i]! * ui;
  }
}

function scores8(S: Float64Array, X: Cols, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number, withConstant: boolean): void {
  const x0 = X[j0]!;
  const x1 = X[j0 + 1]!;
  const x2 = X[j0 + 2]!;
  const x3 = X[j0 + 3]!;
  const x4 = X[j0 + 4]!;
  const x5 = X[j0 + 5]!;
  const x6 = X[j0 + 6]!;
  const x7 = X[j0 + 7]!;
  if (withConstant) {
    for (let i = lo; i < hi; i++) {
      const g = codes[i]! * k + j0;
      const ui = u[i]!;
      S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui; S[g + 4]! += x4[i]! * ui; S[g + 5]! += x5[i]! * ui; S[g + 6]! += x6[i]! * ui; S[g + 7]! += x7[i]! * ui;
      S[g + 8]! += ui;
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const g = codes[i]! * k + j0;
    const ui = u[i]!;
    S[g]! += x0[i]! * ui; S[g + 1]! += x1[i]! * ui; S[g + 2]! += x2[i]! * ui; S[g + 3]! += x3[i]! * ui; S[g + 4]! += x4[i]! * ui; S[g + 5]! += x5[i]! * ui; S[g + 6]! += x6[i]! * ui; S[g + 7]! += x7[i]! * ui;
  }
}

const SCORES: readonly ScoresWidth[] = [scores1, scores1, scores2, scores3, scores4, scores5, scores6, scores7, scores8];

function scoresConstant(S: Float64Array, u: Float64Array, codes: Int32Array, lo: number, hi: number, k: number, j0: number): void {
  for (let i = lo; i < hi; i++) S[codes[i]! * k + j0]! += u[i]!;
}

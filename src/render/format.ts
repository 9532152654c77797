/**
 * Number formatting shared by regression, summary and group tables.
 *
 * Numbers are rounded half away from zero on their decimal string (as Stata's %9.3f does),
 * not with toFixed's binary-representation rounding, so 0.0005 shows as 0.001 in both.
 */

/** Default stars, as in Stata's esttab `star(* 0.10 ** 0.05 *** 0.01)`. */
export const DEFAULT_STARS: Readonly<Record<string, number>> = { '*': 0.1, '**': 0.05, '***': 0.01 };

/** Fixed decimals; a value that rounds to zero loses its minus sign; non-finite → ''. */
export function fmtFixed(x: number | null | undefined, decimals: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  const s = roundHalfAway(Math.abs(x), decimals);
  const zero = /^[0.]*$/.test(s);
  return (x < 0 && !zero ? '-' : '') + s;
}

/** Integer with thousands separators (62,306), as journals print sample sizes. */
export function fmtCount(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  const r = Math.round(x);
  const digits = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (r < 0 ? '-' : '') + digits;
}

/**
 * Fixed decimals, but switch to scientific notation (1.26e+06) when the number would need
 * more than `maxWidth` characters; journals print large χ² values that way.
 */
export function fmtAuto(x: number | null | undefined, decimals: number, maxWidth = 9): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  const fixed = fmtFixed(x, decimals);
  if (fixed.length <= maxWidth) return fixed;
  return x.toExponential(2).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Stars for a p-value: the symbol of the smallest threshold the p-value is below. */
export function starsFor(p: number | null | undefined, stars: Readonly<Record<string, number>>): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '';
  let best = '';
  let bestCut = Infinity;
  for (const [sym, cut] of Object.entries(stars)) {
    if (p < cut && cut < bestCut) {
      best = sym;
      bestCut = cut;
    }
  }
  return best;
}

/** The star legend, thresholds descending: "* p < 0.10, ** p < 0.05, *** p < 0.01". */
export function starLegend(stars: Readonly<Record<string, number>>): string {
  return Object.entries(stars)
    .sort((a, b) => b[1] - a[1])
    .map(([sym, cut]) => `${sym} p < ${fmtThreshold(cut)}`)
    .join(', ');
}

function fmtThreshold(cut: number): string {
  const s = String(cut);
  // 0.1 reads as 0.10 in every journal legend; keep two decimals at least.
  return /^0\.\d$/.test(s) ? `${s}0` : s;
}

/** Decimal-string rounding of a non-negative number, half away from zero. */
function roundHalfAway(x: number, decimals: number): string {
  if (decimals <= 0) return String(Math.round(x));
  // toPrecision(15) removes binary noise (2.675 → "2.67500000000000") before rounding.
  const [intPart, fracRaw = ''] = Number(x.toPrecision(15)).toFixed(Math.min(decimals + 5, 100)).split('.') as [string, string?];
  const frac = fracRaw.padEnd(decimals + 1, '0');
  const kept = intPart + frac.slice(0, decimals);
  const roundUp = frac.charCodeAt(decimals) >= 53; // '5'
  const digits = roundUp ? addOne(kept) : kept;
  const cut = digits.length - decimals;
  return `${digits.slice(0, cut) || '0'}.${digits.slice(cut)}`;
}

function addOne(digits: string): string {
  const a = digits.split('');
  let i = a.length - 1;
  while (i >= 0) {
    if (a[i] === '9') {
      a[i] = '0';
      i--;
    } else {
      a[i] = String(Number(a[i]) + 1);
      return a.join('');
    }
  }
  return `1${a.join('')}`;
}

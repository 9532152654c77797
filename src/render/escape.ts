/**
 * Escaping of cell text for each output format.
 *
 * The label rule (docs/tables.md): text between a pair of unescaped `$` is LaTeX math and
 * is kept verbatim in LaTeX; everything outside is escaped, so `lag_x & y` prints as
 * written. In HTML, simple math (`_{…}`, `^{…}`, Greek letters, \times) becomes
 * sub/sup/Unicode; Markdown keeps `$…$` for renderers that support math.
 */
import escapeLatex from 'escape-latex';

/** Split text into alternating plain/math segments; an unpaired `$` is plain text. */
export function mathSegments(text: string): { text: string; math: boolean }[] {
  const out: { text: string; math: boolean }[] = [];
  let i = 0;
  let plain = '';
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '$') {
      plain += '\\$';
      i += 2;
      continue;
    }
    if (c === '$') {
      const end = findClosingDollar(text, i + 1);
      if (end > i + 1) {
        if (plain) out.push({ text: plain, math: false });
        plain = '';
        out.push({ text: text.slice(i + 1, end), math: true });
        i = end + 1;
        continue;
      }
    }
    plain += c;
    i++;
  }
  if (plain) out.push({ text: plain, math: false });
  return out;
}

function findClosingDollar(s: string, from: number): number {
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] === '$') return j;
  }
  return -1;
}

/** LaTeX: escape plain segments, keep math segments; `\$` stays a literal dollar. */
export function texEscape(text: string): string {
  return mathSegments(text)
    .map((s) => (s.math ? `$${s.text}$` : s.text.split('\\$').map((p) => escapeLatex(p)).join('\\$')))
    .join('');
}

/** A number cell in LaTeX text mode: a leading hyphen becomes a real minus sign. */
export function texNumber(text: string): string {
  return texEscape(text).replace(/(^|[([\s])-(?=\d)/g, '$1$-$');
}

const HTML_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESC[c]!);
}

const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', eta: 'η', theta: 'θ', lambda: 'λ',
  mu: 'μ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Delta: 'Δ', Sigma: 'Σ', Phi: 'Φ', Omega: 'Ω', times: '×', cdot: '·', pm: '±', le: '≤', ge: '≥',
  leq: '≤', geq: '≥', neq: '≠', infty: '∞',
};

/** HTML for a math segment: sub/superscripts and symbols; unknown commands lose their backslash. */
function htmlMath(m: string): string {
  let s = htmlEscape(m);
  s = s.replace(/\\(?:mathrm|text|mathit|operatorname)\{([^{}]*)\}/g, '$1');
  s = s.replace(/\\([A-Za-z]+)\s*/g, (_, name: string) => GREEK[name] ?? name);
  s = s.replace(/_\{([^{}]*)\}|_(\S)/g, (_, a?: string, b?: string) => `<sub>${a ?? b}</sub>`);
  s = s.replace(/\^\{([^{}]*)\}|\^(\S)/g, (_, a?: string, b?: string) => `<sup>${a ?? b}</sup>`);
  return `<i>${s.replace(/[{}]/g, '')}</i>`;
}

export function htmlText(text: string): string {
  return mathSegments(text)
    .map((s) => (s.math ? htmlMath(s.text) : htmlEscape(s.text.replace(/\\\$/g, '$'))))
    .join('');
}

/**
 * Markdown table cell: pipes escaped, line breaks flattened, math kept. Markdown renderers
 * pass raw HTML through, so every `<` that could open a tag, comment or autolink (followed
 * by a letter, `/`, `!` or `?`) and every `&` that starts an entity (`&name;`) become entities,
 * in math too (a label is text, never markup): `<img onerror=…>` shows as written, while
 * `p < 0.10` stays readable in the .md file.
 */
export function mdText(text: string): string {
  // Stars outside math are escaped: a note starting "* p < 0.10" would otherwise become a list.
  return mathSegments(text.replace(/\r?\n/g, ' '))
    .map((s) => (s.math ? `$${mdHtml(s.text)}$` : mdHtml(s.text).replace(/\*/g, '\\*')))
    .join('')
    .replace(/\|/g, '\\|');
}

function mdHtml(text: string): string {
  return text.replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;').replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}

/** Markdown inline text outside tables (report headings, image alt text): HTML and brackets escaped. */
export function mdInline(text: string): string {
  return mdHtml(text.replace(/\r?\n/g, ' ')).replace(/[[\]]/g, (c) => `\\${c}`);
}

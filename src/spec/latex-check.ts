/**
 * LaTeX passed through from labels, titles and notes.
 *
 * Text outside `$…$` is escaped (render/escape.ts) and prints literally, so it can do no
 * harm. Text inside a math segment reaches the .tex file verbatim — that is what lets a label
 * say `$\beta_{1}$`. A math segment may therefore not use the commands that read or write
 * files, run programs or change how TeX reads its input (a table compiled into a paper would
 * otherwise `\input` a private file into the PDF, or `\write18` a shell command), nor TeX's
 * `^^` character notation, which can spell any of them. `latex: { raw: true }` on a table or
 * at the top level turns the check off for text the user trusts.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { nameMessages } from '../diagnostics/messages/names.js';
import { mathSegments } from '../render/escape.js';
import { describePath } from './describe-path.js';

/** Primitives and macros that touch files, run programs, or redefine/recategorize input. */
const REFUSED = new Set([
  'input', 'include', 'includeonly', 'InputIfFileExists', 'IfFileExists', 'verbatiminput', 'lstinputlisting',
  'openin', 'openout', 'closein', 'closeout', 'read', 'readline', 'write', 'message', 'immediate', 'special',
  'catcode', 'uccode', 'lccode', 'sfcode', 'mathcode', 'delcode', 'endlinechar', 'newlinechar', 'escapechar',
  'def', 'edef', 'gdef', 'xdef', 'let', 'futurelet', 'csname', 'endcsname', 'expandafter', 'scantokens',
  'newcommand', 'renewcommand', 'providecommand', 'DeclareRobustCommand', 'newenvironment', 'renewenvironment',
  'usepackage', 'RequirePackage', 'documentclass', 'makeatletter', 'directlua', 'latelua', 'luaexec',
  'ShellEscape', 'pdfobj', 'pdffiledump', 'pdfsavepos', 'outer', 'long', 'global', 'afterassignment',
  'everypar', 'everymath', 'everydisplay', 'output', 'jobname', 'end', 'endinput', 'dump', 'batchmode',
]);

/** The first refused command in the math segments of `text` (with its offset), if any. */
export function refusedLatex(text: string): { command: string; start: number; end: number } | undefined {
  let offset = 0;
  for (const seg of mathSegments(text)) {
    // mathSegments drops the `$` delimiters; find the segment in the original text.
    const at = text.indexOf(seg.math ? `$${seg.text}$` : seg.text, offset);
    const base = at >= 0 ? at + (seg.math ? 1 : 0) : offset;
    if (seg.math) {
      const caret = seg.text.indexOf('^^');
      const re = /\\([A-Za-z@]+)/g;
      let m: RegExpExecArray | null;
      let found: { command: string; start: number; end: number } | undefined;
      while ((m = re.exec(seg.text))) {
        if (REFUSED.has(m[1]!)) {
          found = { command: m[1]!, start: base + m.index, end: base + m.index + m[0].length };
          break;
        }
      }
      if (caret >= 0 && (!found || caret + base < found.start)) return { command: '^^', start: base + caret, end: base + caret + 2 };
      if (found) return found;
    }
    offset = at >= 0 ? at + seg.text.length + (seg.math ? 2 : 0) : offset;
  }
  return undefined;
}

type Json = unknown;

/** Diagnostics for every refused command in text that reaches LaTeX output. */
export function checkLatex(spec: Json): Diagnostic[] {
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return [];
  const root = spec as Record<string, Json>;
  const topRaw = rawAllowed(root['latex']);
  const out: Diagnostic[] = [];
  const visit = (v: Json, path: (string | number)[]): void => {
    if (typeof v === 'string') {
      const bad = refusedLatex(v);
      if (bad) out.push(diag(nameMessages.latexRefused(bad.command === '^^' ? '^^ (character code)' : bad.command, describePath(path)), { path, span: { start: bad.start, end: bad.end } }));
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, i]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, Json>)) {
        const bad = refusedLatex(k);
        // A map key (a column header, a label's term) is printed too.
        if (bad) out.push(diag(nameMessages.latexRefused(bad.command, describePath([...path, k])), { path: [...path, k] }));
        visit(x, [...path, k]);
      }
    }
  };
  // Top-level text that tables print (labels dictionaries and the like, now or later).
  if (!topRaw) {
    for (const [k, v] of Object.entries(root)) {
      if (['tables', 'figures', 'latex', 'data', 'variables', 'samples', 'terms', 'models', 'version'].includes(k)) continue;
      visit(v, [k]);
    }
  }
  const tables = root['tables'];
  if (tables && typeof tables === 'object' && !Array.isArray(tables)) {
    for (const [name, t] of Object.entries(tables as Record<string, Json>)) {
      if (topRaw || !t || typeof t !== 'object' || rawAllowed((t as Record<string, Json>)['latex'])) continue;
      for (const [k, v] of Object.entries(t as Record<string, Json>)) {
        if (k === 'template' || k === 'latex') continue;
        visit(v, ['tables', name, k]);
      }
    }
  }
  return out;
}

function rawAllowed(v: Json): boolean {
  return Boolean(v && typeof v === 'object' && (v as Record<string, Json>)['raw'] === true);
}

/**
 * path (+ span inside a scalar string) → file:line:col.
 *
 * Every stage after loading reports problems as a JSON path into the spec and, inside a
 * formula or expression, offsets into that string. The string a parser saw is the YAML
 * scalar's *value*, which differs from the file text: quotes, escapes (`\"`, `\u4e2d`,
 * `''`), folded line breaks and block-scalar indentation. So we rebuild, for each value
 * character, the file offset it came from.
 */
import { isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic, SourcePos } from '../diagnostics/diagnostic.js';
import type { LoadedSpec } from './load.js';
import { posAt } from './load.js';

type Path = readonly (string | number)[];

interface Found {
  /** Deepest node reached along the path. */
  readonly node: Node;
  /** Key node of the pair holding `node`, when it is a mapping value. */
  readonly key?: Node;
  /** True when the whole path was resolved. */
  readonly complete: boolean;
}

/** Walk the document along `path`, stopping at the deepest node that exists. */
export function findNode(doc: Document.Parsed, path: Path): Found | undefined {
  let node = doc.contents as Node | null;
  if (!node) return undefined;
  let key: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = pairIndex(node).get(String(seg));
      if (!pair || !pair.value) {
        if (pair && isScalar(pair.key)) return { node: pair.key as Node, complete: false };
        return { node, ...(key ? { key } : {}), complete: false };
      }
      key = pair.key as Node;
      node = pair.value as Node;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
      node = node.items[seg] as Node;
      key = undefined;
    } else {
      return { node, ...(key ? { key } : {}), complete: false };
    }
  }
  return { node, ...(key ? { key } : {}), complete: true };
}

/**
 * Key → pair of a mapping, built once per mapping: a spec with thousands of models and a
 * diagnostic for each would otherwise scan the mapping once per diagnostic (quadratic).
 * The first pair wins, as in the loaded value.
 */
const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();
function pairIndex(node: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(node);
  if (!index) {
    index = new Map();
    for (const p of node.items) {
      const k = isPair(p) ? keyText(p.key) : undefined;
      if (k !== undefined && !index.has(k)) index.set(k, p);
    }
    pairIndexes.set(node, index);
  }
  return index;
}

function keyText(k: unknown): string | undefined {
  return isScalar(k) ? String(k.value) : undefined;
}

/** Position of the key of the mapping entry at `path` (e.g. an unknown key). */
export function locateKey(spec: LoadedSpec, path: Path): SourcePos | undefined {
  const f = findNode(spec.doc, path);
  if (!f) return undefined;
  const target = f.complete && f.key ? f.key : f.node;
  return rangePos(spec, target);
}

/** Position of the node at `path`, or of `span` inside it when it is a string scalar. */
export function locatePath(spec: LoadedSpec, path: Path, span?: { start: number; end: number }): SourcePos | undefined {
  const f = findNode(spec.doc, path);
  if (!f) return undefined;
  const { node } = f;
  if (f.complete && span && isScalar(node) && typeof node.value === 'string') {
    const map = scalarOffsets(spec.source, node as Scalar.Parsed);
    if (map) {
      const start = offsetFor(map, span.start);
      const endIncl = offsetFor(map, Math.max(span.start, span.end - 1));
      return posAt(spec.file, spec.lineCounter, start, Math.max(1, endIncl - start + 1));
    }
  }
  // A collection is best shown by its key (`models:`), not by its first child.
  if (!isScalar(node) && f.key) return rangePos(spec, f.key);
  return rangePos(spec, node);
}

/** Fill `pos` of a diagnostic from its path + span; diagnostics that have a pos are kept. */
export function locate(d: Diagnostic, spec: LoadedSpec): Diagnostic {
  if (d.pos || !d.path) return d;
  const pos = locatePath(spec, d.path, d.span);
  return pos ? { ...d, pos } : d;
}

function rangePos(spec: LoadedSpec, node: Node): SourcePos | undefined {
  if (!node.range) return undefined;
  const [start, valueEnd] = node.range;
  // Multi-line nodes are underlined on their first line only.
  const nl = spec.source.indexOf('\n', start);
  const end = nl >= 0 && nl < valueEnd ? nl : valueEnd;
  return posAt(spec.file, spec.lineCounter, start, end - start);
}

function offsetFor(map: Int32Array, i: number): number {
  if (map.length === 0) return 0;
  return map[Math.min(Math.max(i, 0), map.length - 1)]!;
}

/** One entry per character (UTF-16 unit) of the scalar's value: its offset in the file. */
export function scalarOffsets(source: string, node: Scalar.Parsed): Int32Array | undefined {
  const value = node.value as string;
  const [start, end] = node.range;
  let seq: [string, number][];
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
      seq = decodeDouble(source, start + 1, end - 1);
      break;
    case Scalar.QUOTE_SINGLE:
      seq = decodeSingle(source, start + 1, end - 1);
      break;
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      seq = blockContent(source, start, end);
      break;
    default:
      seq = raw(source, start, end);
  }
  return align(value, seq);
}

function raw(source: string, from: number, to: number): [string, number][] {
  const out: [string, number][] = [];
  for (let i = from; i < to; i++) out.push([source[i]!, i]);
  return out;
}

function decodeSingle(source: string, from: number, to: number): [string, number][] {
  const out: [string, number][] = [];
  for (let i = from; i < to; i++) {
    if (source[i] === "'" && source[i + 1] === "'") {
      out.push(["'", i]);
      i++;
    } else out.push([source[i]!, i]);
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function decodeDouble(source: string, from: number, to: number): [string, number][] {
  const out: [string, number][] = [];
  for (let i = from; i < to; i++) {
    const c = source[i]!;
    if (c !== '\\') {
      out.push([c, i]);
      continue;
    }
    const e = source[i + 1] ?? '';
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen) {
      const s = String.fromCodePoint(parseInt(source.slice(i + 2, i + 2 + hexLen), 16));
      for (const unit of s.split('')) out.push([unit, i]);
      i += 1 + hexLen;
    } else if (e === '\n' || e === '\r') {
      // Escaped line break: the break and the next line's indentation vanish.
      i += 1;
      while (i + 1 < to && /[\r\n \t]/.test(source[i + 1]!)) i++;
    } else {
      out.push([SIMPLE_ESCAPES[e] ?? e, i]);
      i += 1;
    }
  }
  return out;
}

/** Block scalar body with each line's indentation removed (more-indented text kept). */
function blockContent(source: string, start: number, end: number): [string, number][] {
  const headerEnd = source.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return [];
  const header = source.slice(start, headerEnd);
  const explicit = /[1-9]/.exec(header.replace(/#.*$/, ''));
  const lines: [number, number][] = [];
  for (let p = headerEnd + 1; p < end; ) {
    const nl = source.indexOf('\n', p);
    const e = nl < 0 || nl > end ? end : nl;
    lines.push([p, e]);
    p = e + 1;
  }
  let indent = Infinity;
  for (const [a, b] of lines) {
    const text = source.slice(a, b);
    if (text.trim() === '') continue;
    indent = text.length - text.trimStart().length;
    break;
  }
  if (explicit) {
    const parentIndent = lineIndent(source, start);
    indent = parentIndent + Number(explicit[0]);
  }
  if (!Number.isFinite(indent)) indent = 0;
  const out: [string, number][] = [];
  for (const [a, b] of lines) {
    for (let i = Math.min(a + indent, b); i < b; i++) out.push([source[i]!, i]);
    if (b < source.length) out.push(['\n', b]);
  }
  return out;
}

function lineIndent(source: string, offset: number): number {
  const ls = source.lastIndexOf('\n', offset - 1) + 1;
  let i = ls;
  while (source[i] === ' ') i++;
  return i - ls;
}

/**
 * Greedy alignment of the value against the candidate characters: equal characters map
 * to each other; a space or newline of the value may stand for a folded line break;
 * anything else in the file (indentation, trailing spaces, quotes) is skipped.
 */
function align(value: string, seq: readonly [string, number][]): Int32Array | undefined {
  const map = new Int32Array(value.length);
  let j = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    while (j < seq.length) {
      const s = seq[j]![0];
      if (s === c || ((c === ' ' || c === '\n') && s === '\n')) break;
      j++;
    }
    if (j >= seq.length) return undefined;
    map[i] = seq[j]![1];
    j++;
  }
  return map;
}

/**
 * YAML → plain JSON value, keeping the parsed document so that every later stage can map
 * a JSON path (and offsets inside a scalar) back to file:line:col (see ./locate.ts).
 *
 * Syntax errors, duplicate keys and alias bombs become diagnostics with positions; the
 * loader never throws for a user mistake.
 */
import { LineCounter, parseDocument, isAlias, isScalar, visit, type Document } from 'yaml';
import type { Diagnostic, SourcePos } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { specMessages as messages } from '../diagnostics/messages/spec.js';
import { nullPrototypeDeep } from './dict.js';

/** A YAML file as read: its text, parsed document and line index, and the JSON value. */
export interface LoadedSpec {
  readonly file: string;
  readonly source: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The document as plain JSON; undefined when the YAML could not be read. */
  readonly value: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

/** Aliases expanded beyond this count are refused (the yaml default is 100 as well). */
export const MAX_ALIAS_COUNT = 100;

export function posAt(file: string, lineCounter: LineCounter, offset: number, length = 1): SourcePos {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, col, offset, length: Math.max(1, length) };
}

export function loadSpec(source: string, file: string): LoadedSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const diagnostics: Diagnostic[] = [];

  for (const e of doc.errors) {
    const [start, end] = e.pos;
    const pos = posAt(file, lineCounter, start, end - start);
    if (e.code === 'DUPLICATE_KEY') {
      const key = duplicateKey(doc, source, start, end);
      diagnostics.push(diag(messages.duplicateKey(key.name), { pos: posAt(file, lineCounter, start, key.length) }));
    } else {
      diagnostics.push(diag(messages.yamlSyntax(firstLine(e.message)), { pos }));
    }
  }
  if (diagnostics.length) return { file, source, doc, lineCounter, value: undefined, diagnostics };

  if (doc.contents === null) {
    diagnostics.push(diag(messages.emptyDocument(), { pos: posAt(file, lineCounter, 0) }));
    return { file, source, doc, lineCounter, value: undefined, diagnostics };
  }

  let value: unknown;
  try {
    value = nullPrototypeDeep(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      diagnostics.push(diag(messages.aliasBomb(MAX_ALIAS_COUNT), { pos: firstAliasPos(doc, file, lineCounter) }));
      return { file, source, doc, lineCounter, value: undefined, diagnostics };
    }
    throw e;
  }
  for (const w of doc.warnings) {
    const [start, end] = w.pos;
    diagnostics.push(
      diag(messages.yamlSyntax(firstLine(w.message)), {
        severity: 'warning',
        pos: posAt(file, lineCounter, start, end - start),
      }),
    );
  }
  return { file, source, doc, lineCounter, value, diagnostics };
}

/** yaml's messages end with a code frame when prettyErrors is on; we draw our own. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The whole key a DUPLICATE_KEY error points at (yaml's error range may cover only its
 * first character): the key node starting there, else the key's text up to its colon.
 */
function duplicateKey(doc: Document.Parsed, source: string, start: number, end: number): { name: string; length: number } {
  let found: { name: string; length: number } | undefined;
  visit(doc, {
    Pair(_key, pair) {
      const k = pair.key;
      if (isScalar(k) && k.range && k.range[0] === start) {
        found = { name: String(k.value), length: k.range[1] - k.range[0] };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (found) return found;
  const line = source.slice(start, Math.max(end, source.indexOf('\n', start) >>> 0));
  const quoted = /^(["'])((?:(?!\1).)*)\1/.exec(line);
  const text = quoted ? quoted[2]! : line.split(/:(?:\s|$)/)[0]!.trim();
  return { name: text || '?', length: Math.max(1, quoted ? quoted[0].length : text.length) };
}

function firstAliasPos(doc: Document.Parsed, file: string, lc: LineCounter): SourcePos {
  let offset = 0;
  let length = 1;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) {
        offset = node.range[0];
        length = node.range[1] - node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return posAt(file, lc, offset, length);
}

/**
 * YAML → plain JSON value, keeping the parsed document so that every later stage can map
 * a JSON path (and offsets inside a scalar) back to file:line:col (see ./locate.ts).
 *
 * Syntax errors, duplicate keys and alias bombs become diagnostics with positions; the
 * loader never throws for a user mistake.
 */
import { LineCounter, parseDocument, isAlias, isMap, isPair, isScalar, isSeq, visit, type Document } from 'yaml';
import type { Diagnostic, SourcePos } from '../diagnostics/diagnostic.js';
import { diag } from '../diagnostics/messages/index.js';
import { specMessages as messages } from '../diagnostics/messages/spec.js';
import { nullPrototypeDeep } from './dict.js';
import { LIMITS } from './limits.js';

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
  // Fail before parsing: parsing a huge file costs seconds and gigabytes.
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > LIMITS.specBytes) {
    const d = diag(messages.specTooLarge(bytes, LIMITS.specBytes), { pos: { file, line: 1, col: 1, offset: 0, length: 1 } });
    return { file, source, doc: parseDocument(''), lineCounter, value: undefined, diagnostics: [d] };
  }
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true });
  const diagnostics: Diagnostic[] = [];

  for (const e of doc.errors) {
    const [start, end] = e.pos;
    const pos = posAt(file, lineCounter, start, end - start);
    // The parser recurses per level: very deep nesting ends in a stack overflow it reports.
    if (/call stack/i.test(e.message)) diagnostics.push(diag(messages.yamlTooDeep(LIMITS.yamlDepth), { pos }));
    else diagnostics.push(diag(messages.yamlSyntax(firstLine(e.message)), { pos }));
  }
  if (!diagnostics.length) diagnostics.push(...tooDeep(doc, file, lineCounter));
  if (!diagnostics.length) diagnostics.push(...duplicateKeys(doc, file, lineCounter));
  if (diagnostics.length) {
    diagnostics.sort((a, b) => (a.pos?.offset ?? 0) - (b.pos?.offset ?? 0));
    return { file, source, doc, lineCounter, value: undefined, diagnostics };
  }

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
 * Duplicate keys, found with one hash set per mapping: yaml's own check (uniqueKeys)
 * compares each key with every earlier one, which is quadratic in a mapping's size.
 * Keys are compared by their scalar value, as yaml does; the whole key is named and
 * underlined.
 */
function duplicateKeys(doc: Document.Parsed, file: string, lc: LineCounter): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k)) {
          // `? [a, b]: v` or `{a: 1}: v`: a spec's keys are names (yaml would stringify it and warn).
          if (k !== null && typeof k === 'object' && 'range' in k && k.range) {
            const [start, end] = k.range as [number, number];
            out.push(diag(messages.keyNotName(), { pos: posAt(file, lc, start, end - start) }));
          }
          continue;
        }
        if (!seen.has(k.value)) {
          seen.add(k.value);
          continue;
        }
        const [start, end] = k.range ?? [0, 1];
        out.push(diag(messages.duplicateKey(String(k.value)), { pos: posAt(file, lc, start, end - start) }));
      }
      return undefined;
    },
  });
  return out;
}

/** The first node nested deeper than LIMITS.yamlDepth (iterative: the depth is unknown). */
function tooDeep(doc: Document.Parsed, file: string, lc: LineCounter): Diagnostic[] {
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > LIMITS.yamlDepth) {
      const [start, end] = node.range ?? [0, 1];
      return [diag(messages.yamlTooDeep(LIMITS.yamlDepth), { pos: posAt(file, lc, start, Math.min(end - start, 1)) })];
    }
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1], [item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return [];
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

/**
 * Step hashes: what a cached step result is filed under.
 *
 *   hash(step) = sha256(format version, tool version and build, the step's own spec
 *                fragment as compiled, the hashes of its deps, for a data step the
 *                content hashes of its source files, for a table or figure the spec-wide
 *                settings it reads and the provenance it writes into its files)
 *
 * Because each hash covers the hashes of its deps, a change anywhere upstream (a data file,
 * a variable's expression, a model's formula) changes every step downstream and nothing
 * else. Anything that cannot be hashed faithfully (a source that is neither a file nor a
 * folder) gives the step a unique hash, so it and what follows are never reused.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Plan, Step } from '../plan/types.js';
import { TOOL_VERSION } from '../run/version.js';

/** Bump when the entry layout or what a step stores changes. */
export const CACHE_FORMAT = 1;

/** A build identity (set by scripts/build.mjs from the sources) so a rebuilt tool never reads an older build's entries. */
declare const __STUDYSPEC_BUILD__: string | undefined;
const BUILD = typeof __STUDYSPEC_BUILD__ === 'string' ? __STUDYSPEC_BUILD__ : 'source';

export interface HashInputs {
  /** Content hash per data table with a file source (see ./files.ts); absent = not hashable. */
  readonly sourceHashes: ReadonlyMap<string, string>;
  /** What tables and figures write into their files as provenance. */
  readonly provenance: { readonly spec_sha256: string; readonly data_sha256: string };
}

export function stepHashes(plan: Plan, inputs: HashInputs): Map<string, string> {
  const out = new Map<string, string>();
  const globals = canonical(specGlobals(plan));
  for (const step of plan.steps) {
    const h = createHash('sha256');
    h.update(`studyspec-cache ${CACHE_FORMAT} ${TOOL_VERSION} ${BUILD}\u0000`);
    h.update(canonical(withoutDeps(step)));
    for (const d of step.deps) h.update(`\u0000dep ${d}=${out.get(d) ?? randomBytes(16).toString('hex')}`);
    if (step.kind === 'data' && step.spec.source) {
      h.update(`\u0000source ${inputs.sourceHashes.get(step.table) ?? randomBytes(16).toString('hex')}`);
    }
    if (step.kind === 'table' || step.kind === 'figure') {
      h.update(`\u0000globals ${globals}\u0000provenance ${inputs.provenance.spec_sha256} ${inputs.provenance.data_sha256}`);
    }
    out.set(step.id, h.digest('hex'));
  }
  return out;
}

function withoutDeps(step: Step): unknown {
  const { deps: _deps, ...rest } = step;
  return rest;
}

/** Spec-wide settings that outputs read besides their own entry (titles, term lists, folders). */
function specGlobals(plan: Plan): unknown {
  const { data: _d, variables: _v, samples: _s, models: _m, tables: _t, figures: _f, file: _file, ...rest } = plan.spec;
  return rest;
}

/**
 * Deterministic text of a value: object keys sorted, Maps and Sets as sorted entries, typed
 * arrays by content, undefined kept apart from null. JSON.stringify would silently drop a
 * Map's contents and make two different steps look equal.
 */
export function canonical(v: unknown): string {
  const parts: string[] = [];
  const seen = new Set<object>();
  const walk = (x: unknown): void => {
    if (x === undefined) return void parts.push('u');
    if (x === null) return void parts.push('n');
    switch (typeof x) {
      case 'number':
        return void parts.push(Object.is(x, -0) ? '-0' : String(x));
      case 'string':
        return void parts.push(JSON.stringify(x));
      case 'boolean':
        return void parts.push(x ? 't' : 'f');
      case 'bigint':
        return void parts.push(`${x}n`);
      case 'function':
      case 'symbol':
        throw new Error(`cannot hash a ${typeof x}`);
    }
    const o = x as object;
    if (seen.has(o)) throw new Error('cannot hash a cyclic value');
    seen.add(o);
    if (ArrayBuffer.isView(o)) {
      parts.push(`${o.constructor.name}:${createHash('sha256').update(new Uint8Array(o.buffer, o.byteOffset, o.byteLength)).digest('hex')}`);
    } else if (Array.isArray(o)) {
      parts.push('[');
      for (const e of o) {
        walk(e);
        parts.push(',');
      }
      parts.push(']');
    } else if (o instanceof Map) {
      parts.push('M');
      walk([...o.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)));
    } else if (o instanceof Set) {
      parts.push('S');
      walk([...o].map((e) => canonical(e)).sort());
    } else {
      parts.push('{');
      for (const k of Object.keys(o).sort()) {
        parts.push(JSON.stringify(k), ':');
        walk((o as Record<string, unknown>)[k]);
        parts.push(',');
      }
      parts.push('}');
    }
    seen.delete(o);
  };
  walk(v);
  return parts.join('');
}

/**
 * JSON Schema validation (ajv, allErrors + strict) with errors mapped back to the YAML:
 * one clear diagnostic per problem, at the offending key or value, with "did you mean".
 *
 * ajv reports every failed branch of every `anyOf`, and for a bad value under an
 * `anyOf` also the branch that could never match; we keep only the branch whose type fits
 * the value (or one "must be X or Y" when none does), so a user sees one line per mistake.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diag, didYouMean } from '../diagnostics/messages/index.js';
import { specMessages as messages } from '../diagnostics/messages/spec.js';
import { nameMessages } from '../diagnostics/messages/names.js';
import { fileNameProblem } from './names.js';
import { locateKey, locatePath } from './locate.js';
import type { LoadedSpec } from './load.js';
import { compileValidator } from './compile-validator.js';
import { describePath } from './describe-path.js';
import type { StudySpec } from './types.js';

export type SpecValidator = ValidateFunction<StudySpec>;

/** Compile once per process (the CLI checks several files with one validator; the bundle's is compiled at build time). */
export function createValidator(): SpecValidator {
  return compileValidator();
}

export function validateSpec(spec: LoadedSpec, validator: SpecValidator = createValidator()): Diagnostic[] {
  if (spec.value === null || typeof spec.value !== 'object' || Array.isArray(spec.value)) {
    return [diag(messages.notAMapping(), { path: [], ...posOpt(locatePath(spec, [])) })];
  }
  if (validator(spec.value)) return [];
  // A bad key under propertyNames also yields its inner pattern/maxLength error: keep one.
  const errors = collapse((validator.errors ?? []).filter((e) => e.propertyName === undefined));
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const d = toDiagnostic(e, spec);
    const key = `${d.code}|${(d.path ?? []).join('/')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => (a.pos?.offset ?? 0) - (b.pos?.offset ?? 0));
}

function posOpt(pos: Diagnostic['pos']): { pos?: NonNullable<Diagnostic['pos']> } {
  return pos ? { pos } : {};
}

/** JSON pointer → path segments, numbers for array indices. */
export function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function collapse(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const dropped = new Set<ErrorObject>();
  const extra: ErrorObject[] = [];
  for (const a of anyOfs) {
    const prefix = a.schemaPath.replace(/\/anyOf$/, '/anyOf/');
    const inside = errors.filter((e) => e !== a && e.schemaPath.startsWith(prefix));
    for (const e of inside) dropped.add(e);
    const branches = (a.schema as Record<string, unknown>[]) ?? [];
    const fitting = branches.findIndex((b) => typeFits(b, a.data));
    if (fitting >= 0) {
      extra.push(...inside.filter((e) => e.schemaPath.startsWith(`${prefix}${fitting}/`)));
      dropped.add(a);
    }
  }
  return [...errors.filter((e) => !dropped.has(e)), ...extra];
}

function typeFits(schema: Record<string, unknown>, data: unknown): boolean {
  const t = schema.type as string | undefined;
  if (!t && Array.isArray(schema.enum)) return typeof data === 'string';
  if (t === 'array') return Array.isArray(data);
  if (t === 'object') return data !== null && typeof data === 'object' && !Array.isArray(data);
  if (t === 'string') return typeof data === 'string';
  if (t === 'number' || t === 'integer') return typeof data === 'number';
  if (t === 'boolean') return typeof data === 'boolean';
  return false;
}

function toDiagnostic(e: ErrorObject, spec: LoadedSpec): Diagnostic {
  const path = pointerToPath(e.instancePath, spec.value);
  const where = describePath(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(((e.parentSchema as { properties?: object }).properties ?? {}) as object);
      const full = [...path, key];
      const habit = stataKeyHint(key, known);
      if (habit) return diag(habit, { path: full, ...posOpt(locateKey(spec, full)) });
      return diag(messages.unknownKey(key, where), {
        path: full,
        notes: [...didYouMean(key, known), `allowed keys: ${known.join(', ')}`],
        ...posOpt(locateKey(spec, full)),
      });
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      if (typeof e.data !== 'string' && typeof e.data !== 'number') {
        return diag(messages.wrongType(where, `one of ${allowed.join(', ')}`), {
          path,
          ...posOpt(locatePath(spec, path)),
        });
      }
      const value = String(e.data);
      return diag(messages.badEnum(value, where, allowed), {
        path,
        notes: didYouMean(value, allowed),
        ...posOpt(locatePath(spec, path)),
      });
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return diag(messages.missingKey(key, where), { path, ...posOpt(locatePath(spec, path)) });
    }
    case 'propertyNames': {
      const key = String((e.params as { propertyName: string }).propertyName);
      const full = [...path, key];
      const kind = String(path[path.length - 1] ?? 'key').replace(/s$/, '');
      const reason = fileNameProblem(key) ?? 'it does not match the allowed names';
      return diag(nameMessages.badFileName(kind, key, reason), { path: full, ...posOpt(locateKey(spec, full)) });
    }
    case 'const':
      return diag(messages.unsupportedVersion(e.data), { path, ...posOpt(locatePath(spec, path)) });
    case 'type':
      return diag(messages.wrongType(where, typeWords(String((e.params as { type: string }).type))), {
        path,
        ...posOpt(locatePath(spec, path)),
      });
    case 'anyOf': {
      const branches = (e.schema as Record<string, unknown>[]).map(branchWords);
      return diag(messages.wrongType(where, branches.join(' or ')), { path, ...posOpt(locatePath(spec, path)) });
    }
    default:
      return diag(messages.badValue(where, e.message ?? e.keyword), { path, ...posOpt(locatePath(spec, path)) });
  }
}

function typeWords(t: string): string {
  const words: Record<string, string> = {
    string: 'a text value',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping (key: value)',
  };
  return t.split(',').map((x) => words[x] ?? x).join(' or ');
}

function branchWords(b: Record<string, unknown>): string {
  if (Array.isArray(b.enum)) return `one of ${b.enum.join(', ')}`;
  if (b.type === 'array') {
    const items = b.items as Record<string, unknown> | undefined;
    return items && Array.isArray(items.enum) ? `a list of ${items.enum.join('/')}` : 'a list';
  }
  return typeWords(String(b.type));
}

export { describePath };

/** A model key spelt the Stata way (vce, absorb, cluster, robust): say where it goes here. */
function stataKeyHint(key: string, known: readonly string[]): ReturnType<typeof messages.stataKey> | undefined {
  if (!known.includes('vcov') || !known.includes('formula')) return undefined;
  if (key === 'vce' || key === 'robust' || key === 'cluster') return messages.stataKey(key, key === 'vce' ? 'vcov: cluster(firm), vcov: hc1, …' : key === 'robust' ? 'vcov: hc1' : 'vcov: cluster(<column>)');
  if (key === 'absorb' || key === 'fe' || key === 'fixed_effects') return messages.stataKey(key, 'fixed effects after | in the formula: y ~ x | firm + year');
  return undefined;
}

/**
 * Compiles the spec's JSON Schema into a validating function with ajv.
 *
 * This module is what tests and `tsx` runs use. The bundled CLI never runs it: scripts/build.mjs
 * compiles the same schema with the same options at build time (ajv's standalone code) and
 * puts that module in this one's place, so a run neither loads ajv and typebox nor spends
 * ~150 ms compiling the schema at every start.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { studySchema } from './schema.js';
import type { StudySpec } from './types.js';

/** ajv's options, shared with the build-time compilation (scripts/build.mjs). */
export const AJV_OPTIONS = { allErrors: true, strict: true, verbose: true, allowUnionTypes: true } as const;

export function compileValidator(): ValidateFunction<StudySpec> {
  return new Ajv({ ...AJV_OPTIONS }).compile<StudySpec>(studySchema());
}

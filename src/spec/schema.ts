/**
 * The published JSON Schema, derived from the typebox types. typebox schemas are plain
 * JSON objects already; this only adds `$schema` and fixes the key order of the output
 * so that the committed file is byte-stable across runs.
 */
import { annotateSchema } from './schema-annotate.js';
import { StudySpec } from './types.js';

export function studySchema(): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...(JSON.parse(JSON.stringify(StudySpec)) as object) };
}

/** The published file: the schema plus editor annotations (hover markdown, defaults, examples). */
export function schemaJson(): string {
  return JSON.stringify(annotateSchema(studySchema()), null, 2) + '\n';
}

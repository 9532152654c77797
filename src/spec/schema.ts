/**
 * The published JSON Schema, derived from the typebox types. typebox schemas are plain
 * JSON objects already; this only adds `$schema` and fixes the key order of the output
 * so that the committed file is byte-stable across runs.
 */
import { StudySpec } from './types.js';

export function studySchema(): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...(JSON.parse(JSON.stringify(StudySpec)) as object) };
}

export function schemaJson(): string {
  return JSON.stringify(studySchema(), null, 2) + '\n';
}

/**
 * The tool version written into results.json and every table's provenance comment.
 * Kept in step with package.json by a test (test/run/version.test.ts).
 */
export const TOOL_VERSION = '0.1.0';

import type { FitInput } from './registry.js';
import type { ModelResult } from './result.js';
export function fitRe(input: FitInput): ModelResult {
  throw new Error(`not yet ${input.id}`);
}

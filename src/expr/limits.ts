/**
 * Nesting limits of the formula and expression languages, checked around parsing.
 *
 * The parsers descend recursively (chevrotain: about ten rule frames per parenthesis)
 * and so do the evaluators, the SQL translation and the printers; without a bound a
 * hostile `((((…x…))))` or a chain of 10,000 `+` ends in a stack overflow. Two checks:
 *
 *   1. before parsing, a scan of the text: brackets and runs of prefix operators
 *      (`- - - x`) may nest at most NESTING_LIMIT deep;
 *   2. after parsing, the depth of the tree: a left-nested chain `a + b + … ` is as deep
 *      as it is long, and may be at most DEPTH_LIMIT.
 *
 * A stack overflow that still happens inside a parser is caught and reported the same way.
 */
import type { Span } from './ast.js';
import { grammarError, type GrammarError, type ParseResult } from './errors.js';
import { grammarMessages as M } from '../diagnostics/messages/grammar.js';

/** Brackets and prefix operators nested inside each other. */
export const NESTING_LIMIT = 100;
/** Depth of the syntax tree, counting each link of an operator chain. */
export const DEPTH_LIMIT = 500;

/** The first place where `text` nests deeper than NESTING_LIMIT, as an error. */
export function nestingError(text: string): GrammarError | undefined {
  let depth = 0;
  let prefixRun = 0;
  let afterOperand = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      // Strings and quoted names: skip to the closing quote (backslash escapes).
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j;
      afterOperand = true;
      prefixRun = 0;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (c === '(' || c === '[' || c === '{') {
      depth++;
      afterOperand = false;
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
      afterOperand = true;
      prefixRun = 0;
    } else if (c === '-' || c === '+' || c === '!') {
      // A sign after an operator or bracket is a prefix operator: one more parser level.
      if (!afterOperand) prefixRun++;
      afterOperand = false;
    } else if (/[\w.\p{L}]/u.test(c)) {
      afterOperand = true;
      prefixRun = 0;
    } else {
      afterOperand = false;
      prefixRun = 0;
    }
    if (depth + prefixRun > NESTING_LIMIT) {
      return grammarError(M.nestedTooDeep(NESTING_LIMIT), { start: i, end: i + 1 });
    }
  }
  return undefined;
}

/**
 * The deepest node of a parsed tree (any object graph whose nodes carry `kind` and
 * `span`), found iteratively; an error when deeper than DEPTH_LIMIT.
 */
export function depthError(root: unknown): GrammarError | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const isNode = 'kind' in v;
    const depth = isNode ? d + 1 : d;
    if (depth > DEPTH_LIMIT) {
      const span = (v as { span?: Span }).span ?? { start: 0, end: 1 };
      return grammarError(M.chainTooDeep(DEPTH_LIMIT), span);
    }
    for (const [k, child] of Object.entries(v)) {
      if (k !== 'span' && k !== 'nameSpan' && child !== null && typeof child === 'object') stack.push([child, depth]);
    }
  }
  return undefined;
}

/**
 * Run a parse with both limits: refuse over-nested text before parsing, refuse an
 * over-deep tree after, and turn a stack overflow inside the parser into the same error.
 */
export function withNestingLimits<T>(text: string, parse: () => ParseResult<T>): ParseResult<T> {
  const pre = nestingError(text);
  if (pre) return { errors: [pre] };
  let r: ParseResult<T>;
  try {
    r = parse();
  } catch (e) {
    if (e instanceof RangeError) return { errors: [grammarError(M.nestedTooDeep(NESTING_LIMIT), { start: 0, end: Math.max(1, text.length) })] };
    throw e;
  }
  if (r.value === undefined) return r;
  const deep = depthError(r.value);
  return deep ? { errors: [deep] } : r;
}

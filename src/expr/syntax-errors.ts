/**
 * Turning chevrotain's lexing and parsing errors into GrammarErrors with our own codes and
 * wording (shared by the expression and formula grammars).
 *
 * chevrotain's end-of-input token has NaN offsets, so errors at EOF are placed at the input
 * length: every span stays inside [0, text.length].
 */
import {
  EOF,
  tokenMatcher,
  type ILexingError,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
} from 'chevrotain';
import { grammarMessages as M } from '../diagnostics/messages/grammar.js';
import { grammarError, type GrammarError } from './errors.js';
import { UnterminatedString } from './tokens.js';

const EXPR_RULES = new Set([
  'orExpr', 'andExpr', 'notExpr', 'comparison', 'additive', 'multiplicative', 'range',
  'unary', 'power', 'atom', 'parenExpr', 'arg', 'args', 'listLit', 'expression',
]);

function labelOf(t: TokenType): string {
  return t.LABEL ?? t.name;
}

function isEof(t: IToken | undefined): boolean {
  return t === undefined || t.tokenType === EOF || Number.isNaN(t.startOffset);
}

function describeFound(t: IToken): string {
  return t.image.length > 20 ? `${t.image.slice(0, 20)}…` : t.image;
}

/** Many alternatives collapse to "an expression"/"a term" rather than a list of ten tokens. */
function describeExpected(tokens: readonly TokenType[], ruleName: string): string {
  const labels = [...new Set(tokens.map(labelOf))];
  if (labels.length > 3 && labels.includes('a name')) {
    return EXPR_RULES.has(ruleName) ? 'an expression' : 'a term';
  }
  if (labels.length <= 1) return labels[0] ?? 'something else';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

function build(actual: IToken | undefined, expected: string): string {
  return isEof(actual) ? M.unexpectedEnd(expected).message : M.unexpectedToken(describeFound(actual!), expected).message;
}

export const syntaxMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    return build(actual, describeExpected([expected], ruleName));
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return M.unexpectedToken(describeFound(firstRedundant), 'an operator or the end of the text').message;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const firsts = expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0])).filter((t): t is TokenType => !!t);
    return build(actual[0], describeExpected(firsts, ruleName));
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const firsts = expectedIterationPaths.map((path) => path[0]).filter((t): t is TokenType => !!t);
    return build(actual[0], describeExpected(firsts, ruleName));
  },
};

export function lexErrors(text: string, errors: readonly ILexingError[], tokens: readonly IToken[]): GrammarError[] {
  const out: GrammarError[] = [];
  for (const e of errors) {
    const start = Math.min(Math.max(0, e.offset), text.length);
    const end = Math.min(text.length, start + Math.max(1, e.length));
    out.push(grammarError(M.unexpectedChar(text.slice(start, start + 1)), { start, end }));
  }
  for (const t of tokens) {
    if (tokenMatcher(t, UnterminatedString)) {
      out.push(grammarError(M.unterminatedString(), { start: t.startOffset, end: text.length }));
    }
  }
  return out;
}

export function parseErrors(text: string, errors: readonly IRecognitionException[]): GrammarError[] {
  return errors.map((e) => {
    const eof = isEof(e.token);
    const start = eof ? text.length : Math.min(e.token.startOffset, text.length);
    const end = eof ? text.length : Math.min(e.token.startOffset + Math.max(1, e.token.image.length), text.length);
    return { code: eof ? M.unexpectedEnd('').code : M.unexpectedToken('', '').code, message: e.message, span: { start, end } };
  });
}

/**
 * Tokens of the formula grammar: every expression token (expr/tokens.ts) plus the formula
 * operators `~ # ## { }` and the multiple-estimation keywords sw, csw, sw0, csw0.
 *
 * `|` is the expression's logical-or token; the formula grammar consumes it as the part
 * separator at the top level, while inside call arguments it stays logical or.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { categoryTokens, Ident, literalTokens, operatorTokens, WhiteSpace } from '../expr/tokens.js';

export const Tilde = createToken({ name: 'Tilde', pattern: /~/, label: "'~'" });
export const DoubleHash = createToken({ name: 'DoubleHash', pattern: /##/, label: "'##'" });
export const Hash = createToken({ name: 'Hash', pattern: /#/, label: "'#'" });
export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, label: "'}'" });
/** `sw`, `csw`, `sw0`, `csw0`; `longer_alt` keeps `swap` or `csw_x` identifiers. */
export const MultiFn = createToken({ name: 'MultiFn', pattern: /c?sw0?/, longer_alt: Ident, label: 'sw/csw/sw0/csw0' });

export const formulaTokens: readonly TokenType[] = [
  WhiteSpace,
  Tilde, DoubleHash, Hash, LBrace, RBrace,
  ...operatorTokens,
  MultiFn,
  ...literalTokens,
  ...categoryTokens,
];

declare const __STUDYSPEC_BUILD__: string | undefined;

export const formulaLexer = new Lexer(formulaTokens as TokenType[], {
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
  // The token checks run at every CLI start; the built CLI's tokens are the tested ones.
  skipValidations: typeof __STUDYSPEC_BUILD__ === 'string',
});

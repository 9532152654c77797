/**
 * Tokens of the expression language, shared with the formula grammar (formula/tokens.ts
 * adds `~ # ## { }` and the multiple-estimation keywords on top of these).
 *
 * Order matters in `exprTokens`: chevrotain tries patterns in order, so longer operators
 * come before their prefixes (`<=` before `<`) and keywords carry `longer_alt: Ident` so
 * that `index` or `NAME` stay identifiers.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * Letters allowed in identifiers. Written as explicit ranges rather than `\p{L}` because
 * chevrotain's lexer optimisations cannot analyse regexes with the `u` flag. Covers Latin,
 * Greek, Cyrillic, Hebrew, Arabic, Indic, Thai, kana, CJK and Hangul.
 */
export const LETTER_CLASS =
  'A-Za-z_\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u03FF' +
  '\\u0400-\\u052F\\u0590-\\u05FF\\u0600-\\u06FF\\u0900-\\u0DFF\\u0E00-\\u0E7F\\u1E00-\\u1FFF' +
  '\\u3040-\\u30FF\\u3100-\\u312F\\u3130-\\u318F\\u31A0-\\u31FF\\u3400-\\u4DBF\\u4E00-\\u9FFF' +
  '\\uA000-\\uA4CF\\uAC00-\\uD7AF\\uF900-\\uFAFF\\uFF21-\\uFF3A\\uFF41-\\uFF5A\\uFF66-\\uFFDC';

export const IDENT_RE = new RegExp(`[${LETTER_CLASS}][${LETTER_CLASS}0-9.]*`);
/** Whole-string test used by the printer to decide whether a name needs backquotes. */
export const PLAIN_IDENT_RE = new RegExp(`^[${LETTER_CLASS}][${LETTER_CLASS}0-9.]*$`);

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u00A0\u3000]+/, group: Lexer.SKIPPED });

// Identifiers: plain and `backquoted`; both belong to the Name category used by the rules.
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, label: 'a name' });
export const Ident = createToken({ name: 'Ident', pattern: IDENT_RE, categories: [Name], label: 'a name' });
export const BackquotedIdent = createToken({
  name: 'BackquotedIdent',
  pattern: /`[^`\n]*`/,
  categories: [Name],
  label: 'a name',
});

export const In = createToken({ name: 'In', pattern: /in/, longer_alt: Ident, label: "'in'" });
export const True = createToken({ name: 'True', pattern: /TRUE|true/, longer_alt: Ident, label: 'TRUE' });
export const False = createToken({ name: 'False', pattern: /FALSE|false/, longer_alt: Ident, label: 'FALSE' });
export const Na = createToken({ name: 'Na', pattern: /NA/, longer_alt: Ident, label: 'NA' });

export const NumberLit = createToken({
  name: 'NumberLit',
  pattern: /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
  label: 'a number',
});
export const StringLit = createToken({
  name: 'StringLit',
  pattern: /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/,
  label: 'a string',
});
/** Matches only when the closing quote is missing, so the error can say exactly that. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\n]|\\.)*|'(?:[^'\\\n]|\\.)*/,
  label: 'a string',
});

// Operator families share a category so the rules consume "any comparison" in one step.
export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA, label: 'a comparison' });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/, categories: [CompareOp], label: "'=='" });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/, categories: [CompareOp], label: "'!='" });
export const LessEq = createToken({ name: 'LessEq', pattern: /<=/, categories: [CompareOp], label: "'<='" });
export const GreaterEq = createToken({ name: 'GreaterEq', pattern: />=/, categories: [CompareOp], label: "'>='" });
export const Less = createToken({ name: 'Less', pattern: /</, categories: [CompareOp], label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: />/, categories: [CompareOp], label: "'>'" });

export const OrOp = createToken({ name: 'OrOp', pattern: Lexer.NA, label: "'|'" });
export const PipePipe = createToken({ name: 'PipePipe', pattern: /\|\|/, categories: [OrOp], label: "'||'" });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/, categories: [OrOp], label: "'|'" });
export const AndOp = createToken({ name: 'AndOp', pattern: Lexer.NA, label: "'&'" });
export const AmpAmp = createToken({ name: 'AmpAmp', pattern: /&&/, categories: [AndOp], label: "'&&'" });
export const Amp = createToken({ name: 'Amp', pattern: /&/, categories: [AndOp], label: "'&'" });

export const Bang = createToken({ name: 'Bang', pattern: /!/, label: "'!'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'" });
export const Caret = createToken({ name: 'Caret', pattern: /\^/, label: "'^'" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: "']'" });

/** Operators and punctuation, longest first where one is a prefix of another. */
export const operatorTokens: readonly TokenType[] = [
  EqEq, NotEq, LessEq, GreaterEq, Less, Greater,
  PipePipe, Pipe, AmpAmp, Amp,
  Bang, Equals, Plus, Minus, Star, Slash, Caret, Colon, Comma,
  LParen, RParen, LBracket, RBracket,
];

/** Keywords must precede Ident; categories (Lexer.NA) are listed so the parser knows them. */
export const literalTokens: readonly TokenType[] = [
  True, False, Na, In, Ident, BackquotedIdent, NumberLit, StringLit, UnterminatedString,
];

export const categoryTokens: readonly TokenType[] = [Name, CompareOp, OrOp, AndOp];

export const exprTokens: readonly TokenType[] = [WhiteSpace, ...operatorTokens, ...literalTokens, ...categoryTokens];

declare const __STUDYSPEC_BUILD__: string | undefined;

export const exprLexer = new Lexer(exprTokens as TokenType[], {
  positionTracking: 'onlyOffset',
  ensureOptimizations: false,
  // The token checks run at every CLI start; the built CLI's tokens are the tested ones.
  skipValidations: typeof __STUDYSPEC_BUILD__ === 'string',
});

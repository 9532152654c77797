/**
 * The formula parser (chevrotain CstParser). It inherits the expression rules, so call
 * arguments (`I(x^2)`, `i(g, ref = "east")`, `l(x, 1:2)`) are full expressions, and adds the
 * formula layer (grammar/formula.ebnf):
 *
 *   formula  = [termSum] ["~" part {"|" part}]
 *   part     = termSum ["~" termSum]              (the "~" only in the IV part)
 *   termSum  = ["+"|"-"] product {("+"|"-") product}
 *   product  = termAtom {(":"|"*"|"#"|"##"|"^") termAtom}
 *   termAtom = number | string | "{" name "}" | multiCall | callOrName | "(" termSum ")"
 *
 * The grammar is deliberately permissive (an optional outcome, any number of parts, any
 * operator between atoms) so that formula/to-ast.ts can explain mistakes in fixest's words
 * instead of reporting "unexpected token".
 */
import type { CstNode } from 'chevrotain';
import type { GrammarError } from '../expr/errors.js';
import { ExprRules } from '../expr/rules.js';
import { lexErrors, parseErrors } from '../expr/syntax-errors.js';
import {
  Caret, Colon, Comma, LParen, Minus, Name, NumberLit, Pipe, Plus, RParen, Star, StringLit,
} from '../expr/tokens.js';
import { DoubleHash, formulaLexer, formulaTokens, Hash, LBrace, MultiFn, RBrace, Tilde } from './tokens.js';

export class FormulaParser extends ExprRules {
  constructor() {
    super(formulaTokens as never);
    this.performSelfAnalysis();
  }

  public formula = this.RULE('formula', () => {
    this.OPTION(() => this.SUBRULE(this.termSum, { LABEL: 'lhs' }));
    this.OPTION2(() => {
      this.CONSUME(Tilde, { LABEL: 'tilde' });
      this.SUBRULE(this.part, { LABEL: 'parts' });
      this.MANY(() => {
        this.CONSUME(Pipe, { LABEL: 'pipes' });
        this.SUBRULE2(this.part, { LABEL: 'parts' });
      });
    });
  });

  public part = this.RULE('part', () => {
    this.SUBRULE(this.termSum, { LABEL: 'left' });
    this.OPTION(() => {
      this.CONSUME(Tilde, { LABEL: 'tilde' });
      this.SUBRULE2(this.termSum, { LABEL: 'right' });
    });
  });

  /** Entry rule for the text of a `{name}` term list. */
  public termList = this.RULE('termList', () => {
    this.SUBRULE(this.termSum, { LABEL: 'sum' });
  });

  public termSum = this.RULE('termSum', () => {
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(Plus, { LABEL: 'lead' }) },
        { ALT: () => this.CONSUME(Minus, { LABEL: 'lead' }) },
      ]);
    });
    this.SUBRULE(this.product, { LABEL: 'products' });
    this.MANY(() => {
      this.OR2([
        { ALT: () => this.CONSUME2(Plus, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME2(Minus, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.product, { LABEL: 'products' });
    });
  });

  public product = this.RULE('product', () => {
    this.SUBRULE(this.termAtom, { LABEL: 'atoms' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Colon, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(Star, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(DoubleHash, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(Hash, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(Caret, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.termAtom, { LABEL: 'atoms' });
    });
  });

  public termAtom = this.RULE('termAtom', () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLit, { LABEL: 'number' }) },
      { ALT: () => this.CONSUME(StringLit, { LABEL: 'string' }) },
      { ALT: () => this.SUBRULE(this.termRef, { LABEL: 'ref' }) },
      { ALT: () => this.SUBRULE(this.multiCall, { LABEL: 'multi' }) },
      { ALT: () => this.SUBRULE(this.callOrName, { LABEL: 'call' }) },
      {
        ALT: () => {
          this.CONSUME(LParen, { LABEL: 'open' });
          this.SUBRULE(this.termSum, { LABEL: 'inner' });
          this.CONSUME(RParen, { LABEL: 'close' });
        },
      },
    ]);
  });

  public termRef = this.RULE('termRef', () => {
    this.CONSUME(LBrace, { LABEL: 'open' });
    this.CONSUME(Name, { LABEL: 'name' });
    this.CONSUME(RBrace, { LABEL: 'close' });
  });

  public multiCall = this.RULE('multiCall', () => {
    this.CONSUME(MultiFn, { LABEL: 'fn' });
    this.CONSUME(LParen, { LABEL: 'open' });
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.termSum, { LABEL: 'alternatives' }) });
    this.CONSUME(RParen, { LABEL: 'close' });
  });
}

const parser = new FormulaParser();

export interface FormulaCst {
  readonly cst?: CstNode;
  readonly errors: readonly GrammarError[];
}

/** Parse a whole formula, or (entry = 'termList') the text of a `{name}` term list. */
export function parseFormulaCst(text: string, entry: 'formula' | 'termList' = 'formula'): FormulaCst {
  const lexed = formulaLexer.tokenize(text);
  const lexErrs = lexErrors(text, lexed.errors, lexed.tokens);
  if (lexErrs.length) return { errors: lexErrs };
  parser.input = lexed.tokens;
  const cst = entry === 'formula' ? parser.formula() : parser.termList();
  const errs = parseErrors(text, parser.errors);
  return errs.length ? { errors: errs } : { cst, errors: [] };
}

/** The serialized grammar, for the railroad diagrams (scripts/gen-grammar.ts). */
export function formulaGrammar(): ReturnType<FormulaParser['getSerializedGastProductions']> {
  return parser.getSerializedGastProductions();
}

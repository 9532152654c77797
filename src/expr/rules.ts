/**
 * The expression grammar as chevrotain rules, shared by the expression parser and the
 * formula parser (which inherits these rules so that `I(...)`, `log(x)` and the arguments of
 * `i()`, `l()`, `Surv()` are full expressions).
 *
 * Precedence follows R, lowest first (see grammar/expression.ebnf):
 *   | ||   <   & &&   <   !   <   comparisons, in   <   + -   <   * /   <   :   <   unary + -   <   ^
 * so `-2^2` is -(2^2) and `2^-1` is 2^(-1); `^` is right-associative; comparisons do not chain.
 *
 * The rules only build a CST; meaning is given by expr/to-ast.ts (no embedded actions).
 */
import { CstParser, type IParserConfig, type TokenVocabulary } from 'chevrotain';
import {
  AndOp, Bang, Caret, Colon, Comma, CompareOp, Equals, False, In, LBracket, LParen, Minus,
  Na, Name, NumberLit, OrOp, Plus, RBracket, RParen, Slash, Star, StringLit, True,
} from './tokens.js';
import { syntaxMessageProvider } from './syntax-errors.js';

declare const __STUDYSPEC_BUILD__: string | undefined;

export class ExprRules extends CstParser {
  constructor(vocabulary: TokenVocabulary, config: IParserConfig = {}) {
    super(vocabulary, {
      maxLookahead: 3,
      recoveryEnabled: false,
      errorMessageProvider: syntaxMessageProvider,
      // The grammar checks (left recursion, ambiguities) are half of building a parser, ~0.2 s
      // of every start of the CLI. The grammar is fixed when the CLI is built, and the tests,
      // which run from the sources, keep the checks.
      skipValidations: typeof __STUDYSPEC_BUILD__ === 'string',
      ...config,
    });
  }

  public orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(OrOp, { LABEL: 'ops' });
      this.SUBRULE2(this.andExpr, { LABEL: 'operands' });
    });
  });

  public andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(AndOp, { LABEL: 'ops' });
      this.SUBRULE2(this.notExpr, { LABEL: 'operands' });
    });
  });

  public notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Bang, { LABEL: 'bang' });
          this.SUBRULE(this.notExpr, { LABEL: 'arg' });
        },
      },
      { ALT: () => this.SUBRULE(this.comparison, { LABEL: 'arg' }) },
    ]);
  });

  public comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'left' });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(CompareOp, { LABEL: 'op' });
            this.SUBRULE2(this.additive, { LABEL: 'right' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(In, { LABEL: 'in' });
            this.SUBRULE(this.listLit, { LABEL: 'list' });
          },
        },
      ]);
    });
  });

  public additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Plus, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(Minus, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  public multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.range, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Star, { LABEL: 'ops' }) },
        { ALT: () => this.CONSUME(Slash, { LABEL: 'ops' }) },
      ]);
      this.SUBRULE2(this.range, { LABEL: 'operands' });
    });
  });

  public range = this.RULE('range', () => {
    this.SUBRULE(this.unary, { LABEL: 'from' });
    this.OPTION(() => {
      this.CONSUME(Colon, { LABEL: 'colon' });
      this.SUBRULE2(this.unary, { LABEL: 'to' });
    });
  });

  public unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(Minus, { LABEL: 'sign' }) },
            { ALT: () => this.CONSUME(Plus, { LABEL: 'sign' }) },
          ]);
          this.SUBRULE(this.unary, { LABEL: 'arg' });
        },
      },
      { ALT: () => this.SUBRULE(this.power, { LABEL: 'arg' }) },
    ]);
  });

  public power = this.RULE('power', () => {
    this.SUBRULE(this.atom, { LABEL: 'base' });
    this.OPTION(() => {
      this.CONSUME(Caret, { LABEL: 'caret' });
      this.SUBRULE(this.unary, { LABEL: 'exponent' });
    });
  });

  public atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLit) },
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Na) },
      { ALT: () => this.SUBRULE(this.callOrName) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.listLit) },
    ]);
  });

  public parenExpr = this.RULE('parenExpr', () => {
    this.CONSUME(LParen, { LABEL: 'open' });
    this.SUBRULE(this.orExpr, { LABEL: 'inner' });
    this.CONSUME(RParen, { LABEL: 'close' });
  });

  /** `name` or `name(args)`; used as is by the formula grammar for its terms. */
  public callOrName = this.RULE('callOrName', () => {
    this.CONSUME(Name, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(LParen, { LABEL: 'open' });
      this.OPTION2(() => this.SUBRULE(this.args));
      this.CONSUME(RParen, { LABEL: 'close' });
    });
  });

  public args = this.RULE('args', () => {
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.arg, { LABEL: 'items' }) });
  });

  public arg = this.RULE('arg', () => {
    this.OPTION(() => {
      this.CONSUME(Name, { LABEL: 'argName' });
      this.CONSUME(Equals, { LABEL: 'eq' });
    });
    this.SUBRULE(this.orExpr, { LABEL: 'value' });
  });

  public listLit = this.RULE('listLit', () => {
    this.CONSUME(LBracket, { LABEL: 'open' });
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.orExpr, { LABEL: 'items' }) });
    this.CONSUME(RBracket, { LABEL: 'close' });
  });
}

/**
 * Expression AST: the language of `variables`, `samples`, `where`, `I()` terms and
 * aggregations. Produced by expr/parser (chevrotain) and evaluated by the data layer
 * (expr/evaluate.ts) on a Frame. Every node keeps its span (0-based offsets into the
 * expression text) so that errors can be shifted to spec line:col.
 */

export interface Span {
  readonly start: number;
  /** Exclusive end offset. */
  readonly end: number;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '^'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '&' | '|';

export type UnaryOp = '-' | '+' | '!';

export interface NumLit { readonly kind: 'num'; readonly value: number; readonly span: Span }
export interface StrLit { readonly kind: 'str'; readonly value: string; readonly span: Span }
export interface BoolLit { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
/** Missing value literal `NA`. */
export interface NaLit { readonly kind: 'na'; readonly span: Span }
/** A column (or top-level variable) reference. Backquoted names allow any characters. */
export interface Ident { readonly kind: 'ident'; readonly name: string; readonly span: Span }
export interface Unary { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: Expr; readonly span: Span }
export interface Binary {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}
/** `x in [a, b]` (and `!(x in [...])`). Values are literals. */
export interface InList { readonly kind: 'in'; readonly arg: Expr; readonly values: readonly Expr[]; readonly span: Span }
/** `[a, b]` as a function argument, e.g. `by = [industry, year]`. */
export interface ListLit { readonly kind: 'list'; readonly items: readonly Expr[]; readonly span: Span }
/** `a:b` integer range, used in `l(x, 1:2)` and `cut` breaks. */
export interface Range { readonly kind: 'range'; readonly from: Expr; readonly to: Expr; readonly span: Span }

export interface Arg {
  /** Named argument (`by = [...]`) or positional (undefined). */
  readonly name?: string;
  readonly value: Expr;
  readonly span: Span;
}

export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Arg[];
  readonly span: Span;
  /** Span of the function name alone. */
  readonly nameSpan: Span;
}

export type Expr = NumLit | StrLit | BoolLit | NaLit | Ident | Unary | Binary | InList | ListLit | Range | Call;

/** Column names an expression reads (identifiers, including those inside calls and lists). */
export function referencedNames(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'ident':
      out.add(e.name);
      break;
    case 'unary':
      referencedNames(e.arg, out);
      break;
    case 'binary':
      referencedNames(e.left, out);
      referencedNames(e.right, out);
      break;
    case 'in':
      referencedNames(e.arg, out);
      for (const v of e.values) referencedNames(v, out);
      break;
    case 'list':
      for (const v of e.items) referencedNames(v, out);
      break;
    case 'range':
      referencedNames(e.from, out);
      referencedNames(e.to, out);
      break;
    case 'call':
      for (const a of e.args) referencedNames(a.value, out);
      break;
    default:
      break;
  }
  return out;
}

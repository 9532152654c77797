/**
 * Expression → formula terms: what `x`, `log(x)`, `I(x^2)`, `i(g, ref = 2000)`,
 * `l(x, 1:2)` and the Stata spellings `c.x`, `i.g`, `ib2000.g`, `L2.x`, `F.x`, `D.x` mean as
 * regressors. Canonical names are built here (`l(x,1)`, `I(x^2)`, `i(g, ref = "east")`) and
 * are exactly the text that re-parses to the same term.
 */
import { stataFunctionHint } from './stata-habits.js';
import { didYouMean } from '../diagnostics/messages/index.js';
import { grammarMessages as M } from '../diagnostics/messages/grammar.js';
import { glmMessages as G } from '../diagnostics/messages/glm.js';
import type { Call, Expr, Ident, Span } from '../expr/ast.js';
import { checkExpr, literalValue } from '../expr/check.js';
import { formatExpr, formatName, formatNumber, formatString } from '../expr/format.js';
import { FUNCTIONS } from '../expr/functions.js';
import type { FactorTerm, NumericTerm, Term } from './ast.js';
import { report, type BuildContext } from './context.js';

/** Functions that only exist in formulas (besides the expression catalogue). */
export const FORMULA_FUNCTIONS = ['I', 'i', 'l', 'f', 'd', 'c', 'Surv', 'strata', 'offset', 'exposure', 'sw', 'csw', 'sw0', 'csw0'] as const;

/** Stata factor-variable and time-series prefixes: c.x i.g ib2000.g L.x L2.x F.x D.x */
const STATA_PREFIX = /^(?:(c)|(i)|ib(\d+)|([LFD])(\d*))\.(.+)$/;

type Ref = string | number;

function formatRef(r: Ref): string {
  return typeof r === 'number' ? formatNumber(r) : formatString(r);
}

export function factorName(variable: string, slope?: NumericTerm, ref?: Ref, refs?: readonly Ref[]): string {
  const parts = [formatName(variable)];
  if (slope) parts.push(slope.name);
  if (ref !== undefined) parts.push(`ref = ${formatRef(ref)}`);
  if (refs) parts.push(`ref = [${refs.map(formatRef).join(', ')}]`);
  return `i(${parts.join(', ')})`;
}

export function makeFactor(variable: string, span: Span, slope?: NumericTerm, ref?: Ref, refs?: readonly Ref[]): FactorTerm {
  return {
    kind: 'factor',
    name: factorName(variable, slope, ref, refs),
    variable,
    ...(ref !== undefined ? { ref } : {}),
    ...(refs ? { refs } : {}),
    ...(slope ? { slope } : {}),
    span,
  };
}

function checked(e: Expr, ctx: BuildContext): void {
  for (const err of checkExpr(e, { context: 'row' })) report(ctx, { code: err.code, message: err.message, ...(err.notes ? { notes: err.notes } : {}) }, err.span);
}

/** A regressor written as an arbitrary expression: `I(expr)`. */
function wrapI(e: Expr, span: Span, ctx: BuildContext): NumericTerm {
  checked(e, ctx);
  return { kind: 'numeric', name: `I(${formatExpr(e)})`, expr: e, span };
}

/** Terms of an expression used as a regressor (one, or several for `l(x, 1:2)`). */
export function exprToTerms(e: Expr, ctx: BuildContext): Term[] {
  if (e.kind === 'ident') return identToTerms(e, ctx);
  if (e.kind === 'call') return callToTerms(e, ctx);
  return [wrapI(e, e.span, ctx)];
}

/** Exactly one numeric term (outcomes, Surv arguments, slopes, lagged variables). */
export function exprToNumeric(e: Expr, ctx: BuildContext, onFail: () => void): NumericTerm | undefined {
  const before = ctx.errors.length;
  const ts = exprToTerms(e, ctx);
  if (ts.length === 1 && ts[0]!.kind === 'numeric') return ts[0];
  if (ctx.errors.length === before) onFail();
  return undefined;
}

function identToTerms(e: Ident, ctx: BuildContext): Term[] {
  const m = STATA_PREFIX.exec(e.name);
  if (!m) return [{ kind: 'numeric', name: formatName(e.name), expr: e, span: e.span }];
  const [, c, i, ib, op, n, rest] = m;
  const inner: Ident = { kind: 'ident', name: rest!, span: e.span };
  if (c) return identToTerms(inner, ctx);
  if (i) return [makeFactor(rest!, e.span)];
  if (ib) return [makeFactor(rest!, e.span, undefined, Number(ib))];
  const fn = op === 'L' ? 'l' : op === 'F' ? 'f' : 'd';
  const base = identToTerms(inner, ctx)[0] as NumericTerm;
  return lagTerms(fn, base, [n ? Number(n) : 1], e.span, ctx);
}

function callToTerms(call: Call, ctx: BuildContext): Term[] {
  const positional = call.args.filter((a) => a.name === undefined);
  switch (call.name) {
    case 'I': {
      if (call.args.length !== 1 || positional.length !== 1) {
        report(ctx, call.args.length > 1 ? M.tooManyArgs('I', 1) : M.missingArg('I', 'expr'), call.span);
        return [];
      }
      return [wrapI(positional[0]!.value, call.span, ctx)];
    }
    case 'i':
      return factorTerm(call, ctx);
    case 'l':
    case 'f':
    case 'd':
      return lagCall(call, ctx);
    case 'c':
      report(ctx, M.cOnlyOnLhs(), call.nameSpan);
      return [];
    case 'Surv':
      report(ctx, M.survNotOnLhs(), call.nameSpan);
      return [];
    case 'strata': {
      // Cox strata (R's survival::strata, Stata's `stcox, strata()`): not a regressor; the
      // design builder turns it into Design.strata.
      const arg = positional[0]?.value;
      if (call.args.length !== 1 || !arg || arg.kind !== 'ident') {
        report(ctx, M.badStrata(), call.span);
        return [];
      }
      return [{ kind: 'numeric', name: `strata(${arg.name})`, expr: call, span: call.span }];
    }
    case 'offset':
    case 'exposure': {
      // Poisson offsets (R's offset(), Stata's offset()/exposure() options): not a
      // regressor; the design builder turns it into Design.offset (exposure: its log).
      const arg = positional[0]?.value;
      if (call.args.length !== 1 || !arg) {
        report(ctx, G.glmBadOffset(call.name), call.span);
        return [];
      }
      checked(arg, ctx);
      return [{ kind: 'numeric', name: `${call.name}(${formatExpr(arg)})`, expr: call, span: call.span }];
    }
    default: {
      const spec = FUNCTIONS.get(call.name);
      if (!spec) {
        const habit = stataFunctionHint(call.name, ctx.origin ?? call.nameSpan);
        if (habit) ctx.errors.push(habit);
        else report(ctx, M.unknownFunction(call.name), call.nameSpan, didYouMean(call.name, [...FUNCTIONS.keys(), ...FORMULA_FUNCTIONS]));
        return [];
      }
      if (spec.kind === 'aggregate' || spec.kind === 'model') {
        report(ctx, M.functionNotATerm(call.name, spec.kind), call.nameSpan);
        return [];
      }
      checked(call, ctx);
      return [{ kind: 'numeric', name: formatExpr(call), expr: call, span: call.span }];
    }
  }
}

function factorTerm(call: Call, ctx: BuildContext): Term[] {
  const positional = call.args.filter((a) => a.name === undefined);
  const named = call.args.filter((a) => a.name !== undefined);
  const v = positional[0]?.value;
  if (!v || v.kind !== 'ident') {
    report(ctx, M.badFactor('the first argument must be the name of a column'), v?.span ?? call.span);
    return [];
  }
  if (positional.length > 2) {
    report(ctx, M.badFactor('it takes a column and at most one slope variable'), positional[2]!.span);
    return [];
  }
  let slope: NumericTerm | undefined;
  if (positional[1]) {
    slope = exprToNumeric(positional[1].value, ctx, () => report(ctx, M.badFactor('the slope must be a numeric variable'), positional[1]!.span));
    if (!slope) return [];
  }
  let ref: Ref | undefined;
  let refs: Ref[] | undefined;
  for (const a of named) {
    if (a.name !== 'ref') {
      report(ctx, M.badFactor(`unknown argument '${a.name}'`), a.span);
      return [];
    }
    const one = (e: Expr): Ref | undefined => {
      const lit = literalValue(e);
      return typeof lit === 'number' || typeof lit === 'string' ? lit : undefined;
    };
    if (a.value.kind === 'list') {
      const vals = a.value.items.map(one);
      if (vals.length === 0 || vals.some((x) => x === undefined)) {
        report(ctx, M.badFactor('ref must be a value or a list of values such as [2000, 2001]'), a.value.span);
        return [];
      }
      refs = vals as Ref[];
    } else {
      ref = one(a.value);
      if (ref === undefined) {
        report(ctx, M.badFactor('ref must be a value such as "east" or 2000'), a.value.span);
        return [];
      }
    }
  }
  return [makeFactor(v.name, call.span, slope, ref, refs)];
}

function lagCall(call: Call, ctx: BuildContext): Term[] {
  const fn = call.name as 'l' | 'f' | 'd';
  if (call.args.length === 0) {
    report(ctx, M.missingArg(fn, 'x'), call.span);
    return [];
  }
  if (call.args.length > 2) {
    report(ctx, M.tooManyArgs(fn, 2), call.args[2]!.span);
    return [];
  }
  const base = exprToNumeric(call.args[0]!.value, ctx, () => report(ctx, M.badLag(fn), call.args[0]!.span));
  if (!base) return [];
  const k = call.args[1]?.value;
  let ks: number[] = [1];
  if (k) {
    const whole = (e: Expr): number | undefined => {
      const lit = literalValue(e);
      return typeof lit === 'number' && Number.isInteger(lit) ? lit : undefined;
    };
    if (k.kind === 'range') {
      const a = whole(k.from);
      const b = whole(k.to);
      if (a === undefined || b === undefined || b < a || b - a > 100) {
        report(ctx, M.badLag(fn), k.span);
        return [];
      }
      ks = Array.from({ length: b - a + 1 }, (_, j) => a + j);
    } else {
      const one = whole(k);
      if (one === undefined) {
        report(ctx, M.badLag(fn), k.span);
        return [];
      }
      ks = [one];
    }
  }
  return lagTerms(fn, base, ks, call.span, ctx);
}

const PANEL_FN = { l: 'lag', f: 'lead', d: 'diff' } as const;

/** One term per lag: l(x,-1) is f(x,1), l(x,0) is x itself; d needs a positive lag. */
function lagTerms(fn: 'l' | 'f' | 'd', base: NumericTerm, ks: readonly number[], span: Span, ctx: BuildContext): Term[] {
  const out: Term[] = [];
  for (const k0 of ks) {
    let f = fn;
    let k = k0;
    if (fn !== 'd' && k < 0) {
      f = fn === 'l' ? 'f' : 'l';
      k = -k;
    }
    if (fn === 'd' && k <= 0) {
      report(ctx, M.badLag(fn), span);
      return [];
    }
    if (k === 0) {
      out.push(base);
      continue;
    }
    const name = f === 'd' && k === 1 ? `d(${base.name})` : `${f}(${base.name},${k})`;
    const expr: Call = {
      kind: 'call',
      name: PANEL_FN[f],
      args: [
        { value: base.expr, span: base.span },
        { value: { kind: 'num', value: k, span }, span },
      ],
      span,
      nameSpan: span,
    };
    out.push({ kind: 'numeric', name, expr, span });
  }
  return out;
}

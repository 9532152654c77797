/**
 * What an expression or formula refers to, with spans so that an unknown name can be
 * underlined where it is written.
 */
import type { Expr, Span } from '../expr/ast.js';
import type { SpecPath } from '../spec/normalized.js';

export interface NameRef {
  readonly name: string;
  readonly span: Span;
}

export interface Refs {
  /** Column or variable names (identifiers), first occurrence of each. */
  readonly names: readonly NameRef[];
  /** Models named as the first argument of resid/fitted/predict/mills/fe. */
  readonly models: readonly NameRef[];
}

/**
 * Identifiers read by an expression. The first argument of a model function names a
 * model, not a column (`resid(khandelwal)`); it may also be a string (`resid("m/2")`).
 */
export function exprRefs(e: Expr, modelFunctions: ReadonlySet<string>): Refs {
  const names: NameRef[] = [];
  const models: NameRef[] = [];
  const seen = new Set<string>();
  const walk = (x: Expr): void => {
    switch (x.kind) {
      case 'ident':
        if (!seen.has(x.name)) {
          seen.add(x.name);
          names.push({ name: x.name, span: x.span });
        }
        break;
      case 'unary':
        walk(x.arg);
        break;
      case 'binary':
        walk(x.left);
        walk(x.right);
        break;
      case 'in':
        walk(x.arg);
        x.values.forEach(walk);
        break;
      case 'list':
        x.items.forEach(walk);
        break;
      case 'range':
        walk(x.from);
        walk(x.to);
        break;
      case 'call': {
        const isModelFn = modelFunctions.has(x.name);
        x.args.forEach((a, i) => {
          const first = isModelFn && i === 0 && !a.name;
          if (first && (a.value.kind === 'ident' || a.value.kind === 'str')) {
            const name = a.value.kind === 'ident' ? a.value.name : a.value.value;
            models.push({ name, span: a.value.span });
          } else walk(a.value);
        });
        break;
      }
      default:
        break;
    }
  };
  walk(e);
  return { names, models };
}

/** Where a name appears in a formula: in its own text, or inside a `{terms}` entry it uses. */
export function findNameInFormula(
  text: string,
  formulaPath: SpecPath,
  name: string,
  terms: Readonly<Record<string, string>>,
): { path: SpecPath; span?: Span } {
  const inText = findWord(text, name);
  if (inText) return { path: formulaPath, span: inText };
  for (const [k, v] of Object.entries(terms)) {
    if (!text.includes(`{${k}}`)) continue;
    const s = findWord(v, name);
    if (s) return { path: ['terms', k], span: s };
  }
  return { path: formulaPath };
}

export function findWord(text: string, word: string): Span | undefined {
  const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![\\p{L}\\p{N}_.])${esc}(?![\\p{L}\\p{N}_])`, 'u').exec(text);
  return m ? { start: m.index, end: m.index + word.length } : undefined;
}

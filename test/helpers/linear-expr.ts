/** Hand-built expression nodes for the linear tests (until the formula parser is used). */
import type { BinaryOp, Expr } from '../../src/expr/ast.js';

const sp = { start: 0, end: 0 };

export function binary(op: BinaryOp, left: string, right: number): Expr {
  return {
    kind: 'binary',
    op,
    left: { kind: 'ident', name: left, span: sp },
    right: { kind: 'num', value: right, span: sp },
    span: sp,
  };
}

import { describe, expect, it } from 'vitest';
import { checkLatex, refusedLatex } from '../../src/spec/latex-check.js';

describe('LaTeX passed through from math segments', () => {
  it('ordinary math passes; text outside math is never refused (it is escaped)', () => {
    for (const s of ['$\\beta_{1}$', '$\\ln(\\text{assets})$ and $\\times$', 'see \\input{x} here', 'cost \\$5', '$\\inputs$']) {
      expect(refusedLatex(s), s).toBeUndefined();
    }
  });
  it('refused commands are found with their offsets in the original text', () => {
    const s = 'Size $a + \\input{/etc/passwd}$';
    const r = refusedLatex(s)!;
    expect(r.command).toBe('input');
    expect(s.slice(r.start, r.end)).toBe('\\input');
    expect(refusedLatex('$x$ then $\\write18{ls}$')!.command).toBe('write');
    expect(refusedLatex('$^^5cinput{x}$')!.command).toBe('^^');
    expect(refusedLatex('$\\csname input\\endcsname$')!.command).toBe('csname');
  });
  it('checks tables (values and map keys) and top-level text; latex.raw turns it off', () => {
    const spec = {
      labels: { x: '$\\def\\a{b}$' },
      tables: {
        t: { labels: { x: '$\\input{a}$' }, notes: ['$\\catcode`\\@=11$'], columns: { '$\\openin1$': ['m'] } },
        u: { title: '$\\include{b}$', latex: { raw: true } },
      },
    };
    const ds = checkLatex(spec);
    expect(ds.map((d) => d.path)).toEqual([['labels', 'x'], ['tables', 't', 'labels', 'x'], ['tables', 't', 'notes', 0], ['tables', 't', 'columns', '$\\openin1$']]);
    expect(ds.every((d) => d.code === 'SS122')).toBe(true);
    expect(checkLatex({ ...spec, latex: { raw: true } })).toEqual([]);
  });
});

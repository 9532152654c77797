import { describe, expect, it } from 'vitest';
import { isStudyError } from '../../src/diagnostics/diagnostic.js';
import { compileSelector, selectTerms } from '../../src/render/select.js';

const all = ['QUA', 'lnage', 'lnassets', 'i(year)::2010', 'i(year)::2011', 'x:z', 'l(x,1)'];
const ctx = { table: 't', terms: { controls: ['lnage', 'lnassets'] } };

describe('keep / drop / order', () => {
  it('keep lists rows in its own order, with names, {terms} and /regex/', () => {
    expect(selectTerms(all, { keep: ['{controls}', 'QUA'] }, ctx).terms).toEqual(['lnage', 'lnassets', 'QUA']);
    expect(selectTerms(all, { keep: ['/^ln/'] }, ctx).terms).toEqual(['lnage', 'lnassets']);
    expect(selectTerms(all, { keep: ['year'] }, ctx).terms).toEqual(['i(year)::2010', 'i(year)::2011']);
  });
  it('drop removes, order moves to the front', () => {
    expect(selectTerms(all, { drop: ['i(year)', '/:/'] }, ctx).terms).toEqual(['QUA', 'lnage', 'lnassets', 'l(x,1)']);
    expect(selectTerms(all, { drop: ['year'], order: ['l(x,1)', 'x:z'] }, ctx).terms).toEqual(['l(x,1)', 'x:z', 'QUA', 'lnage', 'lnassets']);
  });
  it('reports entries that match nothing', () => {
    expect(selectTerms(all, { keep: ['QUA', 'nothere'] }, ctx).unmatched).toEqual(['nothere']);
  });
  it('a bad regex is SS603', () => {
    try {
      compileSelector('/(/', ctx);
      expect.unreachable();
    } catch (e) {
      expect(isStudyError(e) && e.diagnostics[0]!.code).toBe('SS603');
    }
  });
});

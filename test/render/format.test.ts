import { describe, expect, it } from 'vitest';
import { fmtAuto, fmtCount, fmtFixed, starLegend, starsFor } from '../../src/render/format.js';
import { htmlText, mathSegments, mdInline, mdText, texEscape, texNumber } from '../../src/render/escape.js';

describe('numbers', () => {
  it('rounds half away from zero on the decimal value, as Stata %9.3f', () => {
    expect(fmtFixed(2.675, 2)).toBe('2.68'); // toFixed gives 2.67
    expect(fmtFixed(1.0005, 3)).toBe('1.001');
    expect(fmtFixed(-0.0004, 3)).toBe('0.000');
    expect(fmtFixed(-3.5494, 3)).toBe('-3.549');
    expect(fmtFixed(9.9996, 3)).toBe('10.000');
    expect(fmtFixed(Number.NaN, 3)).toBe('');
  });
  it('prints counts with thousands separators', () => {
    expect(fmtCount(62306)).toBe('62,306');
    expect(fmtCount(999)).toBe('999');
    expect(fmtCount(1234567)).toBe('1,234,567');
  });
  it('switches very wide numbers to scientific notation', () => {
    expect(fmtAuto(1.26e6, 2)).toBe('1.26e+06');
    expect(fmtAuto(10042.1, 2)).toBe('10042.10');
  });
  it('assigns stars by the smallest threshold the p-value is below', () => {
    const s = { '*': 0.1, '**': 0.05, '***': 0.01 };
    expect(starsFor(0.009, s)).toBe('***');
    expect(starsFor(0.01, s)).toBe('**');
    expect(starsFor(0.07, s)).toBe('*');
    expect(starsFor(0.1, s)).toBe('');
    expect(starsFor(0.001, {})).toBe('');
    expect(starLegend(s)).toBe('* p < 0.10, ** p < 0.05, *** p < 0.01');
  });
});

describe('escaping', () => {
  it('keeps $…$ math verbatim in LaTeX and escapes the rest', () => {
    expect(texEscape('QUA$_{it}$ & lag_x 50%')).toBe('QUA$_{it}$ \\& lag\\_x 50\\%');
    expect(texEscape('Price ($)')).toBe('Price (\\$)'); // an unpaired dollar is text
    expect(texEscape('costs \\$5 and $\\beta$')).toBe('costs \\$5 and $\\beta$');
    expect(mathSegments('a $x$ b')).toEqual([{ text: 'a ', math: false }, { text: 'x', math: true }, { text: ' b', math: false }]);
  });
  it('prints a real minus sign in LaTeX number cells', () => {
    expect(texNumber('-0.107***')).toBe('$-$0.107***');
    expect(texNumber('(-3.39)')).toBe('($-$3.39)');
    expect(texNumber('[-0.1, -0.02]')).toBe('[$-$0.1, $-$0.02]');
  });
  it('turns simple math into HTML and escapes markup', () => {
    expect(htmlText('QUA$_{it}$ <b>')).toBe('QUA<i><sub>it</sub></i> &lt;b&gt;');
    expect(htmlText('$\\chi^2$')).toBe('<i>χ<sup>2</sup></i>');
  });
  it('escapes pipes and stars in Markdown but not inside math', () => {
    expect(mdText('a|b *** $x^*$')).toBe('a\\|b \\*\\*\\* $x^*$');
    // Raw HTML never reaches a Markdown renderer; plain comparisons stay readable.
    expect(mdText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)>');
    expect(mdText('$</b><script>$ &amp; </x> <!-- c --> <?p')).toBe('$&lt;/b>&lt;script>$ &amp;amp; &lt;/x> &lt;!-- c --> &lt;?p');
    expect(mdText('p < 0.10, AT&T')).toBe('p < 0.10, AT&T');
    expect(mdInline('[a](javascript:x) <b>')).toBe('\\[a\\](javascript:x) &lt;b>');
  });
});

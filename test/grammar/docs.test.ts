import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { grammarMessages } from '../../src/diagnostics/messages/grammar.js';
import { formulaGrammar } from '../../src/formula/parser.js';
import { repoRoot } from './cases.js';

/** Builders take names, numbers or name lists; a one-element array stands in for any of them. */
function codeOf(builder: unknown): string {
  return (builder as (...a: unknown[]) => { code: string })(['x'], ['y'], ['z']).code;
}

describe('grammar/ documentation', () => {
  it('diagrams.html is regenerated from the current grammar (npm run grammar)', () => {
    const committed = readFileSync(join(repoRoot, 'grammar', 'diagrams.html'), 'utf8');
    expect(committed).toBe(createSyntaxDiagramsCode(formulaGrammar()));
  });
  it('formula.ebnf lists every formula rule code', () => {
    const ebnf = readFileSync(join(repoRoot, 'grammar', 'formula.ebnf'), 'utf8');
    const codes = Object.values(grammarMessages)
      .map((b) => codeOf(b))
      .filter((c) => c >= 'SS220');
    expect(codes.length).toBeGreaterThan(20);
    for (const c of codes) expect(ebnf, c).toContain(c);
  });
  it('message codes are unique', () => {
    const codes = Object.values(grammarMessages).map(codeOf);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

/**
 * Writes grammar/diagrams.html: railroad diagrams of the formula grammar, which includes
 * every rule of the expression grammar (the formula parser inherits them).
 * Run with `npm run grammar` after changing src/expr/rules.ts or src/formula/parser.ts.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyntaxDiagramsCode } from 'chevrotain';
import { formulaGrammar } from '../src/formula/parser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'grammar', 'diagrams.html');
writeFileSync(out, createSyntaxDiagramsCode(formulaGrammar()));
process.stdout.write(`wrote ${out}\n`);

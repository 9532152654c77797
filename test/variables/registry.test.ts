import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../src/expr/functions.js';
import { IMPLEMENTATIONS } from '../../src/variables/registry.js';
import { repoRoot } from '../helpers/frame-from-csv.js';

const rowLevel = [...FUNCTIONS.values()].filter((f) => f.kind !== 'aggregate').map((f) => f.name);

describe('implementations and the catalogue', () => {
  it('every non-aggregate catalogue function is implemented', () => {
    expect(rowLevel.filter((n) => !(n in IMPLEMENTATIONS))).toEqual([]);
  });
  it('nothing is implemented that the catalogue lacks', () => {
    expect(Object.keys(IMPLEMENTATIONS).filter((n) => !FUNCTIONS.has(n))).toEqual([]);
  });
  it('docs/functions.md documents every implemented function', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'functions.md'), 'utf8');
    expect(Object.keys(IMPLEMENTATIONS).filter((n) => !doc.includes(`\`${n}(`))).toEqual([]);
  });
});

/**
 * The message catalogue: a code belongs to one stage file (a file may give one error class
 * several wordings under the same code, e.g. SS304 unknown column in one table or in any),
 * and each stage stays inside its code range (see src/diagnostics/messages/index.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../e2e/harness.js';

const dir = join(repoRoot, 'src/diagnostics/messages');
const RANGES: Record<string, [number, number]> = {
  'spec.ts': [100, 199],
  'grammar.ts': [200, 299],
  'plan.ts': [300, 399],
  'data.ts': [400, 449],
  'variables.ts': [450, 499],
  'linear.ts': [500, 549],
  'nonlinear.ts': [550, 579],
  'survival.ts': [580, 599],
  'render.ts': [600, 699],
  'run.ts': [800, 899],
  'inference.ts': [535, 549],
  'cli.ts': [900, 999],
  'names.ts': [121, 139],
  'paths.ts': [330, 339],
  'output.ts': [650, 669],
  'files.ts': [814, 839],
  'glm.ts': [700, 719],
  'margins.ts': [720, 739],
  'scale.ts': [750, 769],
  'sql.ts': [770, 789],
};
/** Files whose codes come from several ranges. */
const MULTI: Record<string, [number, number][]> = {
  'sources.ts': [[190, 199], [430, 449], [490, 499]],
};

const codes = new Map<string, string>();
const perFile: [string, number[]][] = [];
for (const f of readdirSync(dir).filter((x) => x !== 'index.ts')) {
  const found = [...readFileSync(join(dir, f), 'utf8').matchAll(/code: '(SS\d{3})'/g)].map((m) => m[1]!);
  perFile.push([f, found.map((c) => Number(c.slice(2)))]);
  for (const c of new Set(found)) {
    it(`${c} (${f}) is not also defined in ${codes.get(c)}`, () => expect(codes.get(c) ?? f).toBe(f));
    codes.set(c, codes.get(c) ?? f);
  }
}

describe('message catalogue', () => {
  for (const [f, nums] of perFile) {
    it(`${f}: codes inside ${RANGES[f]?.join('–')}`, () => {
      const ranges = MULTI[f] ?? (RANGES[f] ? [RANGES[f]] : undefined);
      expect(ranges, `no code range for ${f}`).toBeDefined();
      for (const n of nums) expect(ranges!.some(([lo, hi]) => n >= lo && n <= hi), `SS${n} outside ${f}'s ranges`).toBe(true);
    });
  }
});

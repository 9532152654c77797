/** Reads grammar/cases/*.txt: one case per line, `<input> ⇥ <expected>`, `#` comments. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Case {
  readonly input: string;
  readonly expected?: string;
  readonly line: number;
}

export function readCases(file: string): Case[] {
  const text = readFileSync(join(repoRoot, 'grammar', 'cases', file), 'utf8');
  const out: Case[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith('#')) return;
    const sep = raw.lastIndexOf(' ⇥ ');
    if (sep < 0) out.push({ input: raw, line: i + 1 });
    else out.push({ input: raw.slice(0, sep), expected: raw.slice(sep + 3).trim(), line: i + 1 });
  });
  return out;
}

/** Term lists the formula cases refer to. */
export const CASE_TERMS: Readonly<Record<string, string>> = {
  controls: 'lnage + lnassets + lp',
  fes: 'firm + year',
  more: '{controls} + size',
  steps: 'csw(a, b)',
  loop: '{loop2} + x',
  loop2: '{loop}',
  broken: 'x + + ',
};

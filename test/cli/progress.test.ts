import { describe, expect, it } from 'vitest';
import { ProgressPrinter } from '../../src/cli/progress-core.js';

function plain() {
  const lines: string[] = [];
  const p = new ProgressPrinter('plain', (t) => lines.push(t));
  return { p, lines };
}

describe('progress without a terminal', () => {
  it('is silent for a step shorter than 2 s', () => {
    const { p, lines } = plain();
    p.handle({ type: 'step', label: '[1/3] model.a', at: 0 }, 0);
    for (let t = 0; t < 1990; t += 500) p.tick(t);
    p.handle({ type: 'step', label: '[2/3] model.b', at: 1990 }, 1990);
    expect(lines).toEqual([]);
  });

  it('a long step prints a line after 2 s and then at least every 5 s, each with ETA <n> s', () => {
    const { p, lines } = plain();
    p.handle({ type: 'step', label: '[3/9] model.placebo', at: 0 }, 0);
    for (let t = 0; t <= 128_000; t += 500) {
      if (t > 0 && t % 1000 === 0) p.handle({ type: 'draws', done: t / 128, total: 1000, at: t }, t);
      p.tick(t);
    }
    expect(lines.length).toBeGreaterThanOrEqual(Math.floor((128 - 2) / 5));
    for (const l of lines) expect(l).toMatch(/^studyspec: \[3\/9\] model\.placebo: .*ETA \d+ s\n$/);
    expect(lines[0]).toContain('2 s elapsed');
    // from the draws' rate: 1000 draws at 7.8/s; at 62 s about 64 s are left
    const mid = lines.find((l) => l.includes('62 s elapsed'))!;
    const eta = Number(/ETA (\d+) s/.exec(mid)![1]);
    expect(eta).toBeGreaterThan(55);
    expect(eta).toBeLessThan(72);
  });

  it('without draws, the estimate is what the step took last time', () => {
    const { p, lines } = plain();
    p.handle({ type: 'step', label: '[1/1] data.firms', estimate: 30, at: 0 }, 0);
    p.tick(2000);
    expect(lines[0]).toContain('ETA 28 s');
  });
});

describe('progress on a terminal', () => {
  it('rewrites one line in place and clears it at the end', () => {
    let text = '';
    const p = new ProgressPrinter('tty', (t) => (text += t), () => 60);
    p.handle({ type: 'step', label: '[1/2] model.a', at: 0 }, 0);
    p.tick(3000);
    expect(text).toContain('\r[1/2] model.a  3 s, ETA 3 s');
    expect(text).not.toContain('\n');
    p.handle({ type: 'stop' }, 3100);
    expect(text.endsWith('\r')).toBe(true);
  });
});

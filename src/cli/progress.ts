/**
 * Progress on a terminal: one line on stderr, rewritten in place ("[12/30] model.twfe",
 * "placebo 430/1000"), cleared when the run ends. Off when stderr is not a terminal (CI
 * logs get no control characters) or with NO_COLOR/--quiet style environments.
 */
import { termSafe } from '../diagnostics/format.js';

export interface Progress {
  step(id: string, index: number, total: number): void;
  draws(done: number, total: number): void;
  done(): void;
}

const silent: Progress = { step() {}, draws() {}, done() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env['CI']) return silent;
  let current = '';
  let last = 0;
  const show = (text: string, force = false): void => {
    const now = Date.now();
    if (!force && now - last < 100) return; // at most ten redraws a second
    last = now;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r${text.slice(0, width).padEnd(Math.min(width, current.length))}`);
    current = text.slice(0, width);
  };
  let stepText = '';
  return {
    step(id, index, total) {
      stepText = `[${index + 1}/${total}] ${termSafe(id)}`;
      show(stepText, true);
    },
    draws(done, total) {
      show(`${stepText}  draws ${done}/${total}`, done === total);
    },
    done() {
      if (current) stream.write(`\r${' '.repeat(current.length)}\r`);
      current = '';
    },
  };
}

/**
 * What progress says and when: pure logic (clock and writer injected), used by the progress
 * worker (./progress-worker.ts) and by the in-thread fallback (./progress.ts).
 *
 * Two modes:
 *   tty    one line on stderr rewritten in place, at most ~4 times a second:
 *          "[5/14] model.twfe  3 s, ETA 2 s" / "[9/14] model.placebo  draws 430/1000  4 s, ETA 5 s"
 *   plain  (stderr is a file or pipe: CI, nohup, tee) whole lines, no control characters:
 *          a step still running after 2 s prints one line, then one at least every 5 s:
 *          "studyspec: [9/14] model.placebo: draws 430/1000, 4 s elapsed, ETA 5 s"
 *
 * The estimate of time left: from the rate so far when the step reports a fraction (placebo
 * draws), else from what the same step took the last time it ran (kept in the cache), else
 * as long again as it has run so far (a guess that is never wildly optimistic).
 */

export type ProgressMode = 'tty' | 'plain';

export type ProgressMessage =
  | { readonly type: 'step'; readonly label: string; readonly estimate?: number; readonly at: number }
  | { readonly type: 'draws'; readonly done: number; readonly total: number; readonly at: number }
  | { readonly type: 'stop' };

/** First plain line after this many ms of one step, then at most this far apart. */
export const PLAIN_FIRST_MS = 2000;
export const PLAIN_EVERY_MS = 5000;

export class ProgressPrinter {
  private label = '';
  private started = 0;
  private estimate: number | undefined;
  private draws: { done: number; total: number; firstAt: number; firstDone: number } | undefined;
  private lastPlain = 0;
  private shown = '';
  private lastDraw = 0;

  constructor(
    private readonly mode: ProgressMode,
    private readonly write: (text: string) => void,
    private readonly columns: () => number = () => 80,
  ) {}

  handle(m: ProgressMessage, now: number): void {
    if (m.type === 'step') {
      this.label = m.label;
      this.started = m.at;
      this.estimate = m.estimate;
      this.draws = undefined;
      this.lastPlain = 0;
      if (this.mode === 'tty') this.draw(now, true);
    } else if (m.type === 'draws') {
      if (!this.draws) this.draws = { done: m.done, total: m.total, firstAt: m.at, firstDone: m.done };
      this.draws.done = m.done;
      this.draws.total = m.total;
      if (this.mode === 'tty') this.draw(now, m.done === m.total);
    } else {
      this.clear();
    }
  }

  /** Called on a timer: redraw the line (tty) or print a line when one is due (plain). */
  tick(now: number): void {
    if (!this.label) return;
    if (this.mode === 'tty') return this.draw(now, false);
    const ran = now - this.started;
    if (ran < PLAIN_FIRST_MS) return;
    if (this.lastPlain !== 0 && now - this.lastPlain < PLAIN_EVERY_MS) return;
    this.lastPlain = now;
    this.write(`studyspec: ${this.label}: ${this.detail(now, 'plain')}\n`);
  }

  /** Seconds left, rounded up; never negative. */
  secondsLeft(now: number): number {
    const ran = (now - this.started) / 1000;
    const d = this.draws;
    if (d && d.done > d.firstDone && d.total > 0) {
      const rate = (d.done - d.firstDone) / Math.max(1e-3, (now - d.firstAt) / 1000);
      return Math.max(0, Math.ceil((d.total - d.done) / rate));
    }
    if (this.estimate !== undefined && this.estimate > ran) return Math.ceil(this.estimate - ran);
    return Math.max(1, Math.ceil(ran));
  }

  private detail(now: number, mode: ProgressMode): string {
    const ran = Math.floor((now - this.started) / 1000);
    const d = this.draws ? `draws ${this.draws.done}/${this.draws.total}` : '';
    const eta = `ETA ${this.secondsLeft(now)} s`;
    if (mode === 'plain') return [d, `${ran} s elapsed`, eta].filter(Boolean).join(', ');
    return [d, ran >= 1 ? `${ran} s, ${eta}` : ''].filter(Boolean).join('  ');
  }

  private draw(now: number, force: boolean): void {
    if (!force && now - this.lastDraw < 250) return;
    this.lastDraw = now;
    const width = Math.max(20, this.columns() - 1);
    const text = `${this.label}  ${this.detail(now, 'tty')}`.trimEnd().slice(0, width);
    if (text === this.shown) return;
    this.write(`\r${text.padEnd(this.shown.length)}`);
    this.shown = text;
  }

  private clear(): void {
    if (this.mode === 'tty' && this.shown) this.write(`\r${' '.repeat(this.shown.length)}\r`);
    this.shown = '';
    this.label = '';
  }
}

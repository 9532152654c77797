/**
 * Phase timings of a run, for finding where the time goes: with STUDYSPEC_TIMINGS=1 in the
 * environment, `mark(label)` records the wall time since the process started (Node's
 * performance.timeOrigin) and the process's CPU time (all threads, DuckDB's included), and the
 * CLI prints the table to stderr when the run ends. Without the variable `mark` is a no-op, so
 * the calls stay in place at no cost.
 */
const enabled = typeof process !== 'undefined' && process.env['STUDYSPEC_TIMINGS'] === '1';

interface Mark {
  readonly label: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMb: number;
}

const marks: Mark[] = [];

export function timingsEnabled(): boolean {
  return enabled;
}

/** Records that the phase named `label` has just ended. */
export function mark(label: string): void {
  if (!enabled) return;
  const c = process.cpuUsage();
  marks.push({ label, wallMs: performance.now(), cpuMs: (c.user + c.system) / 1000, rssMb: process.memoryUsage.rss() / 2 ** 20 });
}

/** The recorded phases as text lines: end time, wall and CPU milliseconds of the phase, RSS at its end. */
export function formatTimings(): string {
  if (!enabled || marks.length === 0) return '';
  const lines = ['phase                                   end ms   wall ms    cpu ms   rss MiB'];
  let prevWall = 0;
  let prevCpu = 0;
  for (const m of marks) {
    lines.push(
      `${m.label.padEnd(38)} ${m.wallMs.toFixed(0).padStart(7)} ${(m.wallMs - prevWall).toFixed(0).padStart(9)} ${(m.cpuMs - prevCpu).toFixed(0).padStart(9)} ${m.rssMb.toFixed(0).padStart(9)}`,
    );
    prevWall = m.wallMs;
    prevCpu = m.cpuMs;
  }
  return `${lines.join('\n')}\n`;
}

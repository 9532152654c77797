/**
 * Progress of a run on stderr, with elapsed time and an estimate of time left
 * (./progress-core.ts says what is printed and when). On a terminal one line is rewritten in
 * place; otherwise (CI, nohup, tee) a step running over 2 s prints a plain line at least
 * every 5 s. `--quiet` turns it off; NO_COLOR needs nothing here (progress uses no colour).
 *
 * The printer runs on a worker thread (dist/progress-worker.mjs) so it keeps time while a fit
 * blocks the main thread; when that file is absent (running from the TypeScript sources) it
 * runs in this thread, which is enough for tests and for steps that await (reads, placebo).
 */
import { termSafe } from '../diagnostics/format.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ProgressPrinter, type ProgressMessage, type ProgressMode } from './progress-core.js';

export interface Progress {
  step(id: string, index: number, total: number, estimate?: number): void;
  draws(done: number, total: number): void;
  done(): Promise<void>;
}

const silent: Progress = { step() {}, draws() {}, done: async () => {} };

export function createProgress(opts: { quiet: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return silent;
  const mode: ProgressMode = stream.isTTY && !process.env['CI'] ? 'tty' : 'plain';
  const columns = stream.columns ?? 80;
  // Started on the first step that runs: a run served from the cache starts no thread.
  let sink: { send: (m: ProgressMessage) => void; stop: () => Promise<void> } | undefined;
  const start = () => (sink ??= startSink(mode, columns, stream));
  const send = (m: ProgressMessage) => start().send(m);
  const stop = async () => {
    if (sink) await sink.stop();
  };
  let lastDraws = 0;
  return {
    step(id, index, total, estimate) {
      send({ type: 'step', label: `[${index + 1}/${total}] ${termSafe(id)}`, ...(estimate !== undefined ? { estimate } : {}), at: Date.now() });
    },
    draws(done, total) {
      const now = Date.now();
      if (done !== total && now - lastDraws < 100) return; // the worker needs no more than ten a second
      lastDraws = now;
      send({ type: 'draws', done, total, at: now });
    },
    done: stop,
  };
}

function startSink(mode: ProgressMode, columns: number, stream: NodeJS.WriteStream): { send: (m: ProgressMessage) => void; stop: () => Promise<void> } {
  const worker = startWorker(mode, columns);
  if (worker) {
    worker.unref();
    const send = (m: ProgressMessage) => worker.postMessage(m);
    const stop = () =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => void worker.terminate().then(() => resolve()), 1000);
        worker.once('message', () => {
          clearTimeout(t);
          void worker.terminate().then(() => resolve());
        });
        worker.once('error', () => resolve());
        send({ type: 'stop' });
      });
    return { send, stop };
  }
  const printer = new ProgressPrinter(mode, (t) => stream.write(t), () => columns);
  const timer = setInterval(() => printer.tick(Date.now()), mode === 'tty' ? 250 : 500);
  timer.unref();
  return {
    send: (m) => printer.handle(m, Date.now()),
    stop: async () => {
      clearInterval(timer);
      printer.handle({ type: 'stop' }, Date.now());
    },
  };
}

function startWorker(mode: ProgressMode, columns: number): Worker | undefined {
  const here = import.meta.url;
  if (!here.startsWith('file:')) return undefined;
  const url = new URL('./progress-worker.mjs', here);
  if (!existsSync(fileURLToPath(url))) return undefined;
  try {
    return new Worker(url, { workerData: { mode, columns }, stdout: false, stderr: false });
  } catch {
    return undefined;
  }
}

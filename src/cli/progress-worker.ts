/**
 * The progress printer on its own thread. Model fits run synchronously on the main thread
 * and would starve a main-thread timer for the whole fit — exactly the steps that need a
 * line every few seconds. This thread keeps its own clock and writes straight to the
 * stderr file descriptor (a worker's process.stderr is relayed through the main thread,
 * which is busy), so lines appear while the main thread computes.
 */
import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ProgressPrinter, type ProgressMessage, type ProgressMode } from './progress-core.js';

const { mode, columns } = workerData as { mode: ProgressMode; columns: number };
const printer = new ProgressPrinter(
  mode,
  (t) => {
    try {
      writeSync(2, t);
    } catch {
      // stderr closed: nothing to report to
    }
  },
  () => columns,
);
const timer = setInterval(() => printer.tick(Date.now()), mode === 'tty' ? 250 : 500);

parentPort!.on('message', (m: ProgressMessage) => {
  printer.handle(m, Date.now());
  if (m.type === 'stop') {
    clearInterval(timer);
    parentPort!.postMessage('stopped');
    parentPort!.close();
  }
});

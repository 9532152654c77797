// Starts the helper thread from the TypeScript sources (tests, `tsx`): a worker does not
// inherit the parent's module hooks on Node 20, so tsx's loader is registered in this thread
// first, then the worker module named in workerData.entry is imported. The bundled CLI never
// starts this file: there the helper is dist/demean-worker.mjs (scripts/build.mjs).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

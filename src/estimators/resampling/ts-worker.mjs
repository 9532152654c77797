// Starts a TypeScript worker from the sources (tests, `tsx`): registers tsx's loader in this
// thread — a worker does not inherit the parent's module hooks on Node 20 — and then imports
// the worker module named in workerData.entry. The bundle never starts this file: there the
// workers are compiled .mjs files next to the bundle (scripts/build.mjs).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

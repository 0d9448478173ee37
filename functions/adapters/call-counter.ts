import { AsyncLocalStorage } from 'node:async_hooks';

// AWS calls, counted by who made them, so the bench can set the calls a job makes per employee
// next to the design's minimum. Off unless the bench turns it on; then one Map update per call.

const scope = new AsyncLocalStorage<{ name: string; job?: string }>();
let tally: Map<string, number> | undefined;
let byJob: Map<string, number> | undefined;
let spent: Map<string, number> | undefined;

/** Starts (or restarts) counting; calls are keyed `<scope> <service> <operation>`. */
export function startCountingCalls(): void {
  tally = new Map();
  spent = new Map();
  byJob = new Map();
}

/** The counts since startCountingCalls of the calls made for one job, keyed `<service> <operation>` (jobs that run side by side apart). */
export function countedCallsOfJob(jobId: string): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of byJob ?? []) if (key.startsWith(`${jobId} `)) out.set(key.slice(jobId.length + 1), n);
  return out;
}

/** The counts since startCountingCalls, e.g. `worker DynamoDB UpdateItem` → 1000. */
export function countedCalls(): ReadonlyMap<string, number> {
  return new Map(tally ?? []);
}

/** Milliseconds spent waiting on each key's calls since startCountingCalls (parallel calls add up). */
export function callMilliseconds(): ReadonlyMap<string, number> {
  return new Map(spent ?? []);
}

/** The job the calls made here are counted for (the bench tallies DynamoDB's consumed capacity by it). */
export function callJob(): string | undefined {
  return scope.getStore()?.job;
}

/** Runs `fn` with its AWS calls counted under `name` (the local queue marks the worker so), and under its job when it has one. */
export function inCallScope<T>(name: string, fn: () => T, job?: string): T {
  return scope.run({ name, job }, fn);
}

type Next = (args: unknown) => Promise<unknown>;
interface Stack {
  add(middleware: (next: Next, context: { commandName?: string }) => Next, options: { step: 'initialize'; name: string }): void;
}

/** Makes an SDK client count what it sends: one per command, retries not included. */
export function countCallsOf<C extends { middlewareStack: unknown }>(client: C, service: string): C {
  (client.middlewareStack as Stack).add(
    (next, context) => async (args) => {
      const counts = tally;
      const times = spent;
      if (!counts || !times) return next(args);
      const where = scope.getStore();
      const call = `${service} ${String(context.commandName ?? '?').replace(/Command$/, '')}`;
      const key = `${where?.name ?? 'other'} ${call}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (where?.job && byJob) byJob.set(`${where.job} ${call}`, (byJob.get(`${where.job} ${call}`) ?? 0) + 1);
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        times.set(key, (times.get(key) ?? 0) + performance.now() - started);
      }
    },
    { step: 'initialize', name: 'kagiCallCounter' },
  );
  return client;
}

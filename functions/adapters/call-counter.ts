import { AsyncLocalStorage } from 'node:async_hooks';

// AWS calls, counted by who made them, so the bench can set the calls a job makes per employee
// next to the design's minimum. Off unless the bench turns it on; then one Map update per call.

const scope = new AsyncLocalStorage<string>();
let tally: Map<string, number> | undefined;
let spent: Map<string, number> | undefined;

/** Starts (or restarts) counting; calls are keyed `<scope> <service> <operation>`. */
export function startCountingCalls(): void {
  tally = new Map();
  spent = new Map();
}

/** The counts since startCountingCalls, e.g. `worker DynamoDB UpdateItem` → 1000. */
export function countedCalls(): ReadonlyMap<string, number> {
  return new Map(tally ?? []);
}

/** Milliseconds spent waiting on each key's calls since startCountingCalls (parallel calls add up). */
export function callMilliseconds(): ReadonlyMap<string, number> {
  return new Map(spent ?? []);
}

/** Runs `fn` with its AWS calls counted under `name` (the local queue marks the worker so). */
export function inCallScope<T>(name: string, fn: () => T): T {
  return scope.run(name, fn);
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
      const key = `${scope.getStore() ?? 'other'} ${service} ${String(context.commandName ?? '?').replace(/Command$/, '')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
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

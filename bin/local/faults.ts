/**
 * Local test controls only (never deployed): faults injected into the AWS SDK clients the handlers
 * share in this process, so a test can make a real call fail or hang (an S3 put of one chunk's
 * pages, say) without any branch in the code under test.
 */

export interface Fault {
  /** The SDK command, e.g. `PutObjectCommand`. */
  command: string;
  /** Text one of the command's top-level string inputs (a key, a table name) contains. */
  inputContains: string;
  /** `fail`: the call throws. `hang`: the call waits until the faults are set again, then throws (a worker that stopped mid-chunk). */
  effect: 'fail' | 'hang';
}

type Next = (args: { input?: Record<string, unknown> }) => Promise<unknown>;
interface Stack {
  add(middleware: (next: Next, context: { commandName?: string }) => Next, options: { step: 'initialize'; name: string }): void;
}

export class InjectedFault extends Error {}

export function createFaultInjector(clients: Array<{ middlewareStack: unknown }>) {
  let faults: Fault[] = [];
  let release: () => void = () => {};
  let released = Promise.resolve();

  const matching = (commandName: string | undefined, input: Record<string, unknown> | undefined) =>
    faults.find((f) => f.command === commandName && Object.values(input ?? {}).some((v) => typeof v === 'string' && v.includes(f.inputContains)));

  for (const client of clients) {
    (client.middlewareStack as Stack).add(
      (next, context) => async (args) => {
        const fault = matching(context.commandName, args.input);
        if (!fault) return next(args);
        if (fault.effect === 'hang') await released;
        throw new InjectedFault(`Injected fault: ${fault.command} (${fault.inputContains})`);
      },
      { step: 'initialize', name: 'kagiLocalFaults' },
    );
  }

  return {
    /** Replaces every fault; calls hanging on the old ones go on (and fail). */
    set(next: Fault[]) {
      release();
      faults = next;
      released = new Promise((resolve) => (release = resolve));
    },
  };
}

/** The faults of a control request's body, or undefined when it is not a list of faults. */
export function parseFaults(body: string): Fault[] | undefined {
  try {
    const parsed = JSON.parse(body || '{}') as { faults?: unknown };
    if (!Array.isArray(parsed.faults)) return undefined;
    const faults = parsed.faults as Array<Record<string, unknown>>;
    const ok = faults.every((f) => typeof f === 'object' && f !== null && typeof f.command === 'string' && typeof f.inputContains === 'string' && f.inputContains !== '' && (f.effect === 'fail' || f.effect === 'hang'));
    return ok ? faults.map((f) => ({ command: String(f.command), inputContains: String(f.inputContains), effect: f.effect as Fault['effect'] })) : undefined;
  } catch {
    return undefined;
  }
}

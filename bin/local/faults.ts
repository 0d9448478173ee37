/**
 * Local test controls only (never deployed): faults injected into the AWS SDK clients the handlers
 * share in this process, so a test can make a real call fail or hang (an S3 put of one chunk's
 * pages, say) without any branch in the code under test.
 */

export interface Fault {
  /** The SDK command, e.g. `PutObjectCommand`. */
  command: string;
  /** Text the command's input contains, as JSON without its binary parts (an object key, an employee code in a write). */
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

  const matching = (commandName: string | undefined, input: Record<string, unknown> | undefined) => {
    const candidates = faults.filter((f) => f.command === commandName);
    if (candidates.length === 0) return undefined;
    // A file's bytes (a PDF's pages) are not what a test names.
    const text = JSON.stringify(input ?? {}, (_key, value: unknown) => (ArrayBuffer.isView(value) ? undefined : value));
    return candidates.find((f) => text.includes(f.inputContains));
  };

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

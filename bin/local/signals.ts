/**
 * The signals that end a local run: Ctrl-C (SIGINT, to the terminal's whole group), a process
 * manager or CI (SIGTERM, to the top process only) and a closed terminal (SIGHUP).
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const EXIT_CODE: Record<(typeof STOP_SIGNALS)[number], number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export interface StopOptions {
  log?: (line: string) => void;
  /** A service asked to stop has done its job (0); a run cut short exits 128 + the signal number. */
  graceful?: boolean;
}

/**
 * On the first stop signal, runs `stop` (which ends the stand-ins) and exits; a second signal is
 * ignored while stopping. Returns a function that removes the handlers.
 */
export function stopOnSignals(stop: () => Promise<void>, { log = () => {}, graceful = false }: StopOptions = {}): () => void {
  let stopping = false;
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = () => {
      if (stopping) return;
      stopping = true;
      log(`\n${signal}: stopping kagi…`);
      stop().then(
        () => process.exit(graceful ? 0 : EXIT_CODE[signal]),
        (error: unknown) => {
          log(`stopping failed: ${String(error)}`);
          process.exit(1);
        },
      );
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => handlers.forEach(([signal, handler]) => process.off(signal, handler));
}

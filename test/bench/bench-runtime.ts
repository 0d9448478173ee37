import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKagi, type KagiOptions, type RunningKagi } from '../../bin/local/runtime.js';
import { stopOnSignals } from '../../bin/local/signals.js';
import { freePort } from '../support/free-port.js';

export interface BenchRuntime {
  kagi: RunningKagi;
  /** Stops the runtime and removes its folder. */
  stop(): Promise<void>;
}

/**
 * A fresh runtime for a bench, on free ports in a folder of its own. A bench stopped by SIGTERM
 * (CI's timeout, a process manager) or Ctrl-C leaves no stand-in behind; while starting, the
 * stand-ins' exit hook ends those already running.
 */
export async function startBenchRuntime(folder: string, options: Pick<KagiOptions, 'demoPassword' | 'sweepIntervalMs' | 'dynamodbInMemory' | 'dynamodbHeapGiB'>): Promise<BenchRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), `${folder}-`));
  const [port, dynamodb, s3, ses, cognito] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  let running: RunningKagi | undefined;
  const removeHandlers = stopOnSignals(
    async () => {
      await running?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { log: (line) => console.error(line) },
  );
  const kagi = await startKagi({ ...options, dataDir, port, standIns: { dynamodb, s3, ses, cognito }, fresh: true, log: () => {} });
  running = kagi;
  return {
    kagi,
    async stop() {
      removeHandlers();
      await kagi.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

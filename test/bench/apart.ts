import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopOnSignals } from '../../bin/local/signals.js';

const RESULT_MARK = 'BENCH-RESULT ';

/**
 * Runs a bench module in a process of its own and answers what it printed with `printResult`. The
 * SDK clients and handler modules of a process are built once, for the first runtime it starts:
 * a bench that starts a runtime of its own beside the main one must run apart.
 */
export function runApart<T>(moduleUrl: string, args: string[], name: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(moduleUrl), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    // A stop signal to the bench reaches this process only: the bench in the child stops its stand-ins.
    const stopHandlers = stopOnSignals(async () => {
      child.kill('SIGTERM');
      await exited;
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      stopHandlers();
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_MARK.length)) as T);
      else reject(new Error(`${name} exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

/** True when `moduleUrl` is the module node was started with (the child of runApart). */
export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && fileURLToPath(moduleUrl) === process.argv[1];
}

/** The child's answer to runApart. */
export function printResult(result: unknown): void {
  console.log(`${RESULT_MARK}${JSON.stringify(result)}`);
}

/**
 * `npm start`: kagi whole on this machine. Flags: --fresh (start from empty data).
 * Ports: PORT (3000), KAGI_DYNAMODB_PORT (8000), KAGI_S3_PORT (4569), KAGI_SES_PORT (8005),
 * KAGI_COGNITO_PORT (9229). Data lives in KAGI_DATA_DIR (.kagi/, git-ignored) and survives restarts.
 *
 * This process is the whole runtime: npm execs it (no shell in between), so a SIGTERM to
 * `npm start`, as a process manager sends it, reaches it, and it stops every stand-in it started.
 */
import { join, resolve } from 'node:path';
import { startKagi, type RunningKagi } from './local/runtime.js';
import { stopOnSignals } from './local/signals.js';
import { buildWebIfStale } from './local/web-build.js';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a port number`);
  return value;
};

const root = join(import.meta.dirname, '..');
let kagi: RunningKagi | undefined;
// Handlers first: a signal while starting ends the stand-ins already running (see stand-ins.ts).
stopOnSignals(async () => kagi?.stop(), { log: (line) => console.log(line), graceful: true });

const started = Date.now();
await buildWebIfStale(root, (line) => console.log(line));
try {
  kagi = await startKagi({
    dataDir: resolve(process.env.KAGI_DATA_DIR || join(root, '.kagi')),
    port: port('PORT', 3000),
    standIns: {
      dynamodb: port('KAGI_DYNAMODB_PORT', 8000),
      s3: port('KAGI_S3_PORT', 4569),
      ses: port('KAGI_SES_PORT', 8005),
      cognito: port('KAGI_COGNITO_PORT', 9229),
    },
    fresh: process.argv.includes('--fresh'),
    demoPassword: process.env.KAGI_DEMO_PASSWORD || undefined,
  });
} catch (e) {
  // What to do about it (a port in use, a stand-in that would not start), not a stack trace.
  console.error(`kagi could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

console.log(`
kagi is running (${((Date.now() - started) / 1000).toFixed(1)} s)

  管理サイト (admin site)        ${kagi.url}/admin/login
  社員ログイン (employee sign-in) ${kagi.url}/login?company=demo
  サポート (support console)      ${kagi.url}/support/login
  メール確認 (local mail viewer)  ${kagi.mailViewerUrl}
  API                            ${kagi.url}/api/health

  Demo sign-ins — 会社コード demo:
    admin   (ユーザー管理者)  password: ${kagi.demoPassword}
    viewer  (閲覧者)          password: ${kagi.demoPassword}
  Support console — login ID support, password: ${kagi.demoPassword}

Ctrl-C (or SIGTERM) stops everything.
`);

/**
 * `npm start`: kagi whole on this machine. Flags: --fresh (start from empty data).
 * Ports: PORT (3000), KAGI_DYNAMODB_PORT (8000), KAGI_S3_PORT (4569), KAGI_SES_PORT (8005),
 * KAGI_COGNITO_PORT (9229). Data lives in .kagi/ (git-ignored) and survives restarts.
 */
import { join } from 'node:path';
import { startKagi } from './local/runtime.js';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} must be a port number`);
  return value;
};

const started = Date.now();
const kagi = await startKagi({
  dataDir: join(import.meta.dirname, '..', '.kagi'),
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

console.log(`
kagi is running (${((Date.now() - started) / 1000).toFixed(1)} s)

  管理サイト (admin site)        ${kagi.url}/admin/login
  社員ログイン (employee sign-in) ${kagi.url}/login
  サポート (support console)      ${kagi.url}/support/login
  メール確認 (local mail viewer)  ${kagi.mailViewerUrl}
  API                            ${kagi.url}/api/health

  Demo sign-ins — 会社コード demo:
    admin   (ユーザー管理者)  password: ${kagi.demoPassword}
    viewer  (閲覧者)          password: ${kagi.demoPassword}
  Support console — login ID support, password: ${kagi.demoPassword}

Ctrl-C stops everything.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping kagi…');
    kagi.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

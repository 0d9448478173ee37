/**
 * `npm run bench`: measured values against their bounds, in one run against the local stand-ins.
 * Prints a table: metric, value, bound, ratio (value / bound; ≤ 1 passes). Exits 1 when a bound fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKagi } from '../../bin/local/runtime.js';
import { freePort } from '../support/free-port.js';
import { importCsv } from './employee-csv.js';

interface Row {
  metric: string;
  value: number;
  unit: string;
  bound: number;
}

const rows: Row[] = [];
const record = (metric: string, value: number, unit: string, bound: number) => rows.push({ metric, value, unit, bound });

const PASSWORD = 'Bench-Demo-Password-1';
const ROWS = 10_000;

const dataDir = mkdtempSync(join(tmpdir(), 'kagi-bench-'));
const [port, dynamodb, s3, ses, cognito] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
const kagi = await startKagi({ dataDir, port, standIns: { dynamodb, s3, ses, cognito }, fresh: true, demoPassword: PASSWORD, log: () => {} });

try {
  const login = await fetch(`${kagi.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ companyCode: 'demo', loginId: 'admin', password: PASSWORD }),
  }).then((r) => r.json() as Promise<{ idToken: string }>);
  const auth = { Authorization: `Bearer ${login.idToken}` };

  const csv = new TextEncoder().encode(importCsv(ROWS));
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

  const t0 = performance.now();
  const preview = await fetch(`${kagi.url}/api/admin/employee-imports`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/octet-stream' }, body: csv }).then(
    (r) => r.json() as Promise<{ importId: string; total: number; errorCount: number }>,
  );
  const previewMs = performance.now() - t0;
  if (preview.total !== ROWS || preview.errorCount !== 0) throw new Error(`preview: ${JSON.stringify(preview).slice(0, 500)}`);

  const t1 = performance.now();
  await fetch(`${kagi.url}/api/admin/employee-imports/${preview.importId}/commit`, { method: 'POST', headers: auth });
  let state: { state: string; succeeded: number; failed: number };
  do {
    await new Promise((r) => setTimeout(r, 250));
    state = await fetch(`${kagi.url}/api/admin/employee-imports/${preview.importId}`, { headers: auth }).then((r) => r.json() as Promise<typeof state>);
  } while (state.state === 'committing');
  const commitMs = performance.now() - t1;
  clearInterval(sampler);
  if (state.state !== 'done' || state.succeeded !== ROWS) throw new Error(`commit: ${JSON.stringify(state).slice(0, 500)}`);

  const t2 = performance.now();
  const exported = await fetch(`${kagi.url}/api/admin/employee-export`, { headers: auth }).then((r) => r.text());
  const exportMs = performance.now() - t2;
  const exportedRows = exported.trimEnd().split('\r\n').length - 1;

  // Bounds: a preview must answer well inside API Gateway's 29 s; the commit of 10,000 rows
  // within 5 minutes on this 2-core machine; the export inside the 29 s too.
  record(`CSV preview, ${ROWS.toLocaleString()} rows (one request)`, previewMs / 1000, 's', 20);
  record(`CSV import commit, ${ROWS.toLocaleString()} rows (background job)`, commitMs / 1000, 's', 300);
  record('CSV import commit, per row', commitMs / ROWS, 'ms', 30);
  record(`CSV export, ${exportedRows.toLocaleString()} rows`, exportMs / 1000, 's', 20);
  record('Peak RSS of the local service during import', peakRss / 2 ** 20, 'MiB', 1024);
} finally {
  await kagi.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r.metric.length));
console.log(`\n${'metric'.padEnd(width)}  ${'value'.padStart(10)}  ${'bound'.padStart(10)}  ratio`);
let failed = false;
for (const r of rows) {
  const ratio = r.value / r.bound;
  failed ||= ratio > 1;
  console.log(`${r.metric.padEnd(width)}  ${`${r.value.toFixed(2)} ${r.unit}`.padStart(10)}  ${`${r.bound} ${r.unit}`.padStart(10)}  ${ratio.toFixed(2)}${ratio > 1 ? '  OVER' : ''}`);
}
process.exit(failed ? 1 : 0);

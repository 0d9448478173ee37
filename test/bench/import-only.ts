import { readdirSync, readFileSync } from 'node:fs';
import { countedCalls, callMilliseconds, startCountingCalls } from '../../functions/adapters/call-counter.js';
import { startBenchRuntime } from './bench-runtime.js';
import { importCsv } from './employee-csv.js';

/** CPU seconds so far of this process's child DynamoDB Local (java), from /proc; 0 where there is no /proc. */
function dynamoDbLocalCpuSeconds(): number {
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (stat.includes('(java)') && Number(fields[1]) === process.pid) return (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    // not Linux
  }
  return 0;
}

export interface ImportBench {
  previewMs: number;
  commitMs: number;
  /** CPU time DynamoDB Local spent during the commit. */
  dynamoCpuS: number;
  /** CPU time of this process (the API, the worker and the bench) during the commit. */
  nodeCpuS: number;
  /** `<scope> <service> <operation>` → calls and milliseconds waited (summed over chunks side by side). */
  calls: Array<{ key: string; count: number; ms: number }>;
}

/**
 * `KAGI_BENCH_ONLY=import`: the CSV import alone on a fresh runtime (DynamoDB Local on disk, as
 * `npm start` runs it): preview and commit of `rows` rows, and every AWS call the commit made.
 */
export async function benchImportOnly(rows: number, password: string): Promise<ImportBench> {
  const { kagi, stop } = await startBenchRuntime('kagi-bench-import', { demoPassword: password });
  try {
    const login = await fetch(`${kagi.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ companyCode: 'demo', loginId: 'admin', password }),
    }).then((r) => r.json() as Promise<{ idToken: string }>);
    const auth = { Authorization: `Bearer ${login.idToken}` };
    const csv = new TextEncoder().encode(importCsv(rows));
    const runImport = async (body: Uint8Array<ArrayBuffer>, count: number) => {
      const t0 = performance.now();
      const preview = await fetch(`${kagi.url}/api/admin/employee-imports`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/octet-stream' }, body }).then(
        (r) => r.json() as Promise<{ importId: string; total: number; errorCount: number }>,
      );
      const previewMs = performance.now() - t0;
      if (preview.total !== count || preview.errorCount !== 0) throw new Error(`preview: ${JSON.stringify(preview).slice(0, 500)}`);
      return { preview, previewMs };
    };
    // Diagnostic only (KAGI_BENCH_IMPORT_WARMUP=rows): an import of other codes first, so the
    // measured one meets a DynamoDB Local whose JIT has warmed up, as in a long-running `npm start`.
    const warmup = Number(process.env.KAGI_BENCH_IMPORT_WARMUP ?? 0);
    if (warmup > 0) {
      const { preview } = await runImport(new TextEncoder().encode(importCsv(warmup).replaceAll('\r\nB', '\r\nW')), warmup);
      await fetch(`${kagi.url}/api/admin/employee-imports/${preview.importId}/commit`, { method: 'POST', headers: auth });
      await kagi.jobsIdle();
    }

    const { preview, previewMs } = await runImport(csv, rows);

    startCountingCalls();
    const cpu0 = dynamoDbLocalCpuSeconds();
    const node0 = process.cpuUsage();
    const t1 = performance.now();
    await fetch(`${kagi.url}/api/admin/employee-imports/${preview.importId}/commit`, { method: 'POST', headers: auth });
    let state: { state: string; succeeded: number; failed: number };
    do {
      await new Promise((r) => setTimeout(r, 250));
      state = await fetch(`${kagi.url}/api/admin/employee-imports/${preview.importId}`, { headers: auth }).then((r) => r.json() as Promise<typeof state>);
    } while (state.state === 'committing');
    const commitMs = performance.now() - t1;
    const dynamoCpuS = dynamoDbLocalCpuSeconds() - cpu0;
    const nodeCpu = process.cpuUsage(node0);
    const nodeCpuS = (nodeCpu.user + nodeCpu.system) / 1e6;
    if (state.state !== 'done' || state.succeeded !== rows) throw new Error(`commit: ${JSON.stringify(state).slice(0, 500)}`);
    const spent = callMilliseconds();
    const calls = [...countedCalls()].map(([key, count]) => ({ key, count, ms: spent.get(key) ?? 0 })).sort((a, b) => b.ms - a.ms);
    return { previewMs, commitMs, dynamoCpuS, nodeCpuS, calls };
  } finally {
    await stop();
  }
}

export function printImportBench(rows: number, { previewMs, commitMs, dynamoCpuS, nodeCpuS, calls }: ImportBench): void {
  console.log(`\nCSV import, ${rows.toLocaleString()} rows: preview ${(previewMs / 1000).toFixed(2)} s, commit ${(commitMs / 1000).toFixed(2)} s (bound 20 s); CPU during the commit: DynamoDB Local ${dynamoCpuS.toFixed(1)} s, kagi ${nodeCpuS.toFixed(1)} s`);
  console.log(`${'calls during the commit (scope service operation)'.padEnd(52)} ${'calls'.padStart(7)} ${'per row'.padStart(8)} ${'wait s'.padStart(8)} ${'ms/call'.padStart(8)}`);
  for (const c of calls) {
    console.log(`${c.key.padEnd(52)} ${String(c.count).padStart(7)} ${(c.count / rows).toFixed(3).padStart(8)} ${(c.ms / 1000).toFixed(1).padStart(8)} ${(c.ms / c.count).toFixed(1).padStart(8)}`);
  }
}

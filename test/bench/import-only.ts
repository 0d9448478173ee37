import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { countedCalls, callMilliseconds, startCountingCalls } from '../../functions/adapters/call-counter.js';
import { signInAdmin, type AdminSession } from './admin-session.js';
import { startBenchRuntime } from './bench-runtime.js';
import type { Employee } from '../../functions/core/employees/employee.js';
import { employeeWriteItems } from '../../functions/adapters/dynamodb/employee-store.js';
import { counterUpdate, sumDeltas } from '../../functions/adapters/dynamodb/status-counters.js';
import { transact, type TransactItem } from '../../functions/adapters/dynamodb/table.js';
import type { CountDeltas } from '../../functions/core/issuance/counts.js';
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

/**
 * The store's floor for the same rows: the items the import writes for `rows` new employees (built
 * by the same adapter code) in full transactions of ≤ 100 items, 20 at once, and nothing else
 * (no queue, no reads, no chunk records). Written to a company of its own in the same DynamoDB Local.
 */
async function packsAlone(rows: number, companyId = 'bench-floor'): Promise<number> {
  const at = new Date().toISOString();
  const packs: TransactItem[][] = [];
  let items: TransactItem[] = [];
  let deltas: CountDeltas[] = [];
  const close = () => {
    const counter = counterUpdate(companyId, sumDeltas(deltas));
    packs.push(counter ? [...items, counter] : items);
    [items, deltas] = [[], []];
  };
  for (let i = 0; i < rows; i++) {
    // As the bench CSV's rows: a second address on every third.
    const code = String(i).padStart(6, '0');
    const e: Employee = {
      ...{ id: `F${code.padStart(25, '0')}`, companyId, employeeCode: `F${code}`, loginId: `f${code}x`, createdAt: at, updatedAt: at, version: 1 },
      ...{ familyName: '佐藤', givenName: '健太', familyNameKana: 'ベンチ', givenNameKana: 'タロウ', office: '本社', department: '営業部', birthDate: '1980-01-11' },
      ...{ email1: `f${i}@bench.example.jp`, email2: i % 3 === 0 ? `f${i}@home.example.com` : '', email3: '', role: 'employee', accountKind: 'internal', enabled: true },
    };
    const change = employeeWriteItems(undefined, e, undefined, false);
    if (items.length + change.items.length > 99) close();
    items.push(...change.items);
    deltas.push(change.deltas);
  }
  if (items.length > 0) close();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < packs.length) await transact(packs[next++]!, []);
    }),
  );
  return performance.now() - t0;
}

/** Rows whose items warm DynamoDB Local's JIT before the import is timed. */
const WARM_UP_ROWS = 6000;

/**
 * Warms the bench runtime's DynamoDB Local before an import is timed (see benchImportOnly);
 * undefined with KAGI_BENCH_IMPORT_COLD=1.
 */
export async function warmDynamoDbLocal(): Promise<ImportBench['warmUp']> {
  if (process.env.KAGI_BENCH_IMPORT_COLD === '1') return undefined;
  const cpu = dynamoDbLocalCpuSeconds();
  const ms = await packsAlone(WARM_UP_ROWS, 'bench-warm-up');
  return { rows: WARM_UP_ROWS, ms, dynamoCpuS: dynamoDbLocalCpuSeconds() - cpu };
}

/** One line on how DynamoDB Local was warmed before the import. */
export function warmUpLine(warmUp: ImportBench['warmUp']): string {
  return warmUp
    ? `DynamoDB Local warmed first (a JVM: its first items cost it several times more): ${warmUp.rows.toLocaleString()} rows' items in ${(warmUp.ms / 1000).toFixed(2)} s, ${warmUp.dynamoCpuS.toFixed(1)} s of its CPU`
    : 'DynamoDB Local cold (KAGI_BENCH_IMPORT_COLD=1): the commit pays its warm-up';
}

export interface ImportBench {
  /** The same items in full packs and nothing else (KAGI_BENCH_IMPORT_FLOOR=1), else undefined. */
  floorMs?: number;
  /** CPU time DynamoDB Local spent on the floor. */
  floorDynamoCpuS?: number;
  /** DynamoDB Local's warm-up before the preview (undefined with KAGI_BENCH_IMPORT_COLD=1). */
  warmUp?: { rows: number; ms: number; dynamoCpuS: number };
  /** The machine's 1-minute load average before the preview and after the last write: a shared machine makes every figure here slower. */
  load: [number, number];
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
 * `KAGI_BENCH_ONLY=import`: the CSV import alone on a fresh runtime: preview and commit of `rows`
 * rows, and every AWS call the commit made. DynamoDB Local runs in memory, as in the log and quota
 * benches: its on-disk store (what `npm start` uses) commits every call to SQLite, which charges
 * each of the commit's ~400 small calls a disk commit — a cost of the stand-in, not of kagi or
 * AWS (measured 2026-12-02 in one hour: on disk commit 24.2 s against a floor of 19.0 s, in memory
 * 18.8 s against 18.6 s). `KAGI_BENCH_IMPORT_DISK=1` measures on disk.
 */
export async function benchImportOnly(rows: number, password: string): Promise<ImportBench> {
  const { kagi, stop } = await startBenchRuntime('kagi-bench-import', { demoPassword: password, dynamodbInMemory: process.env.KAGI_BENCH_IMPORT_DISK !== '1' });
  let session: AdminSession | undefined;
  try {
    session = await signInAdmin(kagi.url, password);
    const auth = session.headers;
    const csv = new TextEncoder().encode(importCsv(rows));
    // DynamoDB Local is a JVM: the first items written after its start cost it several times the
    // CPU of later ones. Measured in slices of 2,000 rows (3 items each) from a fresh start: 10.2,
    // 4.1, 2.6, 2.3, 2.2, 2.4 s of its CPU; flat from the third slice. That is the stand-in's
    // start-up, not kagi's cost (a running `npm start` and AWS have none), so writes of the same
    // shape to a company of their own warm it first, and the bench prints what they took;
    // KAGI_BENCH_IMPORT_COLD=1 skips them to see the cold figure.
    const warmUp = await warmDynamoDbLocal();
    const loadBefore = loadavg()[0]!;
    const t0 = performance.now();
    const preview = await fetch(`${kagi.url}/api/admin/employee-imports`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/octet-stream' }, body: csv }).then(
      (r) => r.json() as Promise<{ importId: string; total: number; errorCount: number }>,
    );
    const previewMs = performance.now() - t0;
    if (preview.total !== rows || preview.errorCount !== 0) throw new Error(`preview: ${JSON.stringify(preview).slice(0, 500)}`);

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
    const floorCpu0 = dynamoDbLocalCpuSeconds();
    const floorMs = process.env.KAGI_BENCH_IMPORT_FLOOR === '1' ? await packsAlone(rows) : undefined;
    const floorDynamoCpuS = floorMs === undefined ? undefined : dynamoDbLocalCpuSeconds() - floorCpu0;
    return { previewMs, commitMs, dynamoCpuS, nodeCpuS, calls, floorMs, floorDynamoCpuS, warmUp, load: [loadBefore, loadavg()[0]!] };
  } finally {
    session?.close();
    await stop();
  }
}

export function printImportBench(rows: number, { previewMs, commitMs, dynamoCpuS, nodeCpuS, calls, floorMs, floorDynamoCpuS, warmUp, load }: ImportBench): void {
  console.log(`\n${warmUpLine(warmUp)}`);
  console.log(`CSV import, ${rows.toLocaleString()} rows: preview ${(previewMs / 1000).toFixed(2)} s, commit ${(commitMs / 1000).toFixed(2)} s (bound 20 s); CPU during the commit: DynamoDB Local ${dynamoCpuS.toFixed(1)} s, kagi ${nodeCpuS.toFixed(1)} s; load average ${load[0].toFixed(2)} → ${load[1].toFixed(2)} on ${availableParallelism()} cores`);
  if (floorMs !== undefined) console.log(`The store's floor: the same items in full transactions, nothing else, after the commit in the same DynamoDB Local: ${(floorMs / 1000).toFixed(2)} s (DynamoDB Local CPU ${(floorDynamoCpuS ?? 0).toFixed(1)} s); commit ÷ floor ${(commitMs / floorMs).toFixed(2)}`);
  console.log(`${'calls during the commit (scope service operation)'.padEnd(52)} ${'calls'.padStart(7)} ${'per row'.padStart(8)} ${'wait s'.padStart(8)} ${'ms/call'.padStart(8)}`);
  for (const c of calls) {
    console.log(`${c.key.padEnd(52)} ${String(c.count).padStart(7)} ${(c.count / rows).toFixed(3).padStart(8)} ${(c.ms / 1000).toFixed(1).padStart(8)} ${(c.ms / c.count).toFixed(1).padStart(8)}`);
  }
}

/**
 * `npm run bench`: measured values against their bounds, in one run against the local stand-ins.
 * Prints a table: metric, value, bound, ratio (value / bound; ≤ 1 passes). Exits 1 when a bound fails.
 */
import { importCsv } from './employee-csv.js';
import { benchBundles, printBundles, REPS as BUNDLE_REPS, type BundleFigures } from './bundles.js';
import { measureRenderer } from './notice-renderer.js';
import { measureTotp } from './totp.js';
import { callsPerEmployee, printCalls, type CallRow } from './aws-calls.js';
import { byService, pdfIssuanceMinimum } from './design-minimum.js';
import { startCountingCalls } from '../../functions/adapters/call-counter.js';
import { benchMailJob } from './mail-issuance.js';
import { waitForJob } from './wait-for-job.js';
import { benchRegistrationJob } from './registration-codes.js';
import { ENV } from '../../functions/shared/env.js';
import { benchAuditLogApart, DAYS } from './audit-log.js';
import { signInAdmin, type AdminSession } from './admin-session.js';
import { startBenchRuntime } from './bench-runtime.js';
import { benchLogonClientApart } from './logon-client.js';
import { benchSimulatedQuotas, QUOTA_PHASES, type QuotaPhase } from './simulated-quotas.js';

// Issue 13: `npm run bench -- --employees N --simulate-quotas` runs the issuance jobs against the
// quota simulator alone (test/bench/simulated-quotas.ts) and exits.
const argv = process.argv.slice(2);
if (argv.includes('--simulate-quotas')) {
  const at = argv.indexOf('--employees');
  const employees = at >= 0 ? Number(argv[at + 1]) : 10_000;
  if (!Number.isInteger(employees) || employees < 1 || employees > 1_000_000) {
    console.error(`--employees takes a whole number from 1 to 1,000,000, not ${argv[at + 1]}`);
    process.exit(2);
  }
  // `--phases overload` (or any of quota,passcodes,overload, comma-separated) runs only those: a
  // 100,000 run of one phase is 40 minutes instead of two hours.
  const ph = argv.indexOf('--phases');
  const phases = ph >= 0 ? String(argv[ph + 1] ?? '').split(',') : [...QUOTA_PHASES];
  const unknown = phases.filter((p) => !(QUOTA_PHASES as readonly string[]).includes(p));
  if (unknown.length > 0 || phases.length === 0) {
    console.error(`--phases takes some of ${QUOTA_PHASES.join(',')}, not ${argv[ph + 1]}`);
    process.exit(2);
  }
  const missed = await benchSimulatedQuotas(employees, new Set(phases as QuotaPhase[]));
  console.log(missed.length ? `\nGoals missed:\n${missed.map((m) => `  ${m}`).join('\n')}` : '\nEvery goal held.');
  process.exit(missed.length ? 1 : 0);
}

interface Row {
  metric: string;
  value: number;
  unit: string;
  bound: number;
}

const rows: Row[] = [];
let issuanceCalls: CallRow[] = [];
let mailCalls: CallRow[] = [];
let registrationCalls: CallRow[] = [];
const record = (metric: string, value: number, unit: string, bound: number) => rows.push({ metric, value, unit, bound });

const PASSWORD = 'Bench-Demo-Password-1';
const ROWS = 10_000;
/**
 * PDF issuance job size: 10,000 as the issue asks. cognito-local rewrites its whole user file on
 * every change, so its cost per user grows with the pool and the full run takes about ten minutes
 * on this machine; `KAGI_BENCH_ISSUANCE=1000` gives a quicker look.
 */
const ISSUANCE = Number(process.env.KAGI_BENCH_ISSUANCE ?? 10_000);

/**
 * Entries of the log bench: 200,000 over 100 days, as the issue asks (about 8 minutes on this
 * machine, most of it writing them); `KAGI_BENCH_AUDIT_ENTRIES` for a quicker look.
 * `KAGI_BENCH_ONLY=audit` runs the log bench alone.
 */
const AUDIT_ENTRIES = Number(process.env.KAGI_BENCH_AUDIT_ENTRIES ?? 200_000);
const AUDIT_ONLY = process.env.KAGI_BENCH_ONLY === 'audit';

/** Request mails of the mail bench: as many as the import made, unless KAGI_BENCH_MAIL says fewer. */
const MAIL = Number(process.env.KAGI_BENCH_MAIL ?? 10_000);
/** Registration passwords of the self-registration bench (DESIGN.md §5b): 10,000 unless KAGI_BENCH_REGISTRATION says fewer. */
const REGISTRATION = Number(process.env.KAGI_BENCH_REGISTRATION ?? 10_000);

/**
 * The SES send rate the bench configures (mails per second, the account's quota; SES grants 14 at
 * first and more on request). Far above 50/s the local stand-ins, not the rate, bound the job here:
 * DynamoDB Local takes about 100 single writes a second on this machine.
 */
const SEND_RATE = Number((process.env[ENV.sesSendRate] ??= '50'));

/** The import, mail, PDF and renderer benches, against one runtime. */
async function benchImportMailAndIssuance(): Promise<void> {
  // DynamoDB Local in memory, as the import bench (import-only.ts) explains: its on-disk store
  // charges every call a SQLite commit, a cost of the stand-in that would pass for kagi's.
  const { kagi, stop } = await startBenchRuntime('kagi-bench', { demoPassword: PASSWORD, dynamodbInMemory: true });

  let session: AdminSession | undefined;
  try {
    session = await signInAdmin(kagi.url, PASSWORD);
    const auth = session.headers;

    const csv = new TextEncoder().encode(importCsv(ROWS));
    const { warmDynamoDbLocal, warmUpLine } = await import('./import-only.js');
    console.log(warmUpLine(await warmDynamoDbLocal()));
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
    // within 20 s on this 2-core machine (issue 13); the export inside the 29 s too.
    record(`CSV preview, ${ROWS.toLocaleString()} rows (one request)`, previewMs / 1000, 's', 20);
    record(`CSV import commit, ${ROWS.toLocaleString()} rows (background job)`, commitMs / 1000, 's', 20);
    record('CSV import commit, per row', commitMs / ROWS, 'ms', 2);
    record(`CSV export, ${exportedRows.toLocaleString()} rows`, exportMs / 1000, 's', 20);
    record('Peak RSS of the local service during import', peakRss / 2 ** 20, 'MiB', 1024);

    // Mail issuance first (it needs employees at 未発行 / 未): MAIL request mails in one job.
    const mailTargets: Array<{ id: string; email1: string }> = [];
    for (let cursor: string | null = null; mailTargets.length < MAIL; ) {
      const page: { items: Array<{ id: string; email1: string }>; nextCursor: string | null } = await fetch(
        `${kagi.url}/api/admin/employees?q=B0&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: auth },
      ).then((r) => r.json() as never);
      mailTargets.push(...page.items.map((e) => ({ id: e.id, email1: e.email1 })));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    mailTargets.length = Math.min(mailTargets.length, MAIL);
    const mail = await benchMailJob(kagi.url, kagi.mailViewerUrl, auth, mailTargets, SEND_RATE);
    if (mail.sent !== mailTargets.length) throw new Error(`mail: sent ${mail.sent} of ${mailTargets.length}`);
    record(`Mail request job, ${mail.employees.toLocaleString()} employees (wall; floor at ${SEND_RATE}/s: ${(mail.rateFloorMs / 1000).toFixed(0)} s)`, mail.wallMs / 1000, 's', (mail.rateFloorMs / 1000) * 1.5);
    record('Mail request job, duplicate mails (local SES store)', mail.duplicates, 'mails', 0.001);
    record('Mail request job, missing mails (local SES store)', mail.missing, 'mails', 0.001);
    mailCalls = mail.calls;
    for (const c of mailCalls) record(`Mail request worker, ${c.service} calls per employee (bound: 1.5 × design minimum)`, c.perEmployee, 'calls', Math.max(c.minimum * 1.5, 0.001));

    // Registration passwords before the PDF notices (those hand out accounts, which refuses them):
    // REGISTRATION of the imported employees, one job, one CSV and one letter PDF.
    const registrationTargets: string[] = [];
    for (let cursor: string | null = null; registrationTargets.length < REGISTRATION; ) {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = await fetch(
        `${kagi.url}/api/admin/employees?q=B0&accountIssued=no&privateEmail=no&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: auth },
      ).then((r) => r.json() as never);
      registrationTargets.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    registrationTargets.length = Math.min(registrationTargets.length, REGISTRATION);
    const registration = await benchRegistrationJob(kagi.url, auth, registrationTargets);
    if (registration.issued !== registrationTargets.length || registration.csvRows !== registrationTargets.length) {
      throw new Error(`registration: issued ${registration.issued}, CSV rows ${registration.csvRows} of ${registrationTargets.length}`);
    }
    // Bounds: the issue's afternoon for 10,000 people, of which the job may take an hour on this
    // shared 2-core machine (the rest is printing and handing out); a CSV row of 7 short columns
    // within 200 bytes; a letter page within 10 KB (the QR embedded once per document).
    record(`Registration-password job, ${registration.employees.toLocaleString()} employees (wall)`, registration.wallMs / 1000, 's', registration.employees * 0.36);
    record('Registration-password job, per employee', registration.wallMs / registration.employees, 'ms', 360);
    record(`Registration CSV, ${registration.csvRows.toLocaleString()} rows`, registration.csvBytes / 1024, 'KB', (registration.csvRows * 200) / 1024);
    record('Registration letters, size per page', registration.lettersBytes / 1024 / registration.employees, 'KB', 10);
    registrationCalls = registration.calls;
    for (const c of registrationCalls) record(`Registration worker, ${c.service} calls per employee (bound: 1.5 × design minimum)`, c.perEmployee, 'calls', Math.max(c.minimum * 1.5, 0.001));

    // PDF issuance: ISSUANCE of the imported employees, one job, one combined PDF.
    const targets: string[] = [];
    for (let cursor: string | null = null; targets.length < ISSUANCE; ) {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = await fetch(
        `${kagi.url}/api/admin/employees?q=B0&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: auth },
      ).then((r) => r.json() as never);
      targets.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    targets.length = Math.min(targets.length, ISSUANCE);
    let issuancePeak = process.memoryUsage().rss;
    const issuanceSampler = setInterval(() => (issuancePeak = Math.max(issuancePeak, process.memoryUsage().rss)), 50);
    startCountingCalls();
    const t3 = performance.now();
    const started = await fetch(`${kagi.url}/api/admin/issuance/pdf`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ employeeIds: targets }) }).then(
      (r) => r.json() as Promise<{ jobId: string }>,
    );
    const job = await waitForJob(kagi.url, auth, started.jobId);
    const issuanceMs = performance.now() - t3;
    clearInterval(issuanceSampler);
    if (job.counts.succeeded !== targets.length || !job.download) throw new Error(`issuance: ${JSON.stringify(job).slice(0, 500)}`);
    const pdfBytes = (await (await fetch(job.download.url)).arrayBuffer()).byteLength;
    record(`PDF issuance job, ${targets.length.toLocaleString()} employees (wall)`, issuanceMs / 1000, 's', targets.length * 0.1);
    record('PDF issuance job, per employee', issuanceMs / targets.length, 'ms', 100);
    record('Combined PDF, size per page', pdfBytes / 1024 / targets.length, 'KB', 10);
    record('Peak RSS of the local service during issuance', issuancePeak / 2 ** 20, 'MiB', 1536);
    issuanceCalls = callsPerEmployee('worker', targets.length, byService(pdfIssuanceMinimum(targets.length)));
    for (const c of issuanceCalls) record(`PDF issuance worker, ${c.service} calls per employee (bound: 1.5 × design minimum)`, c.perEmployee, 'calls', Math.max(c.minimum * 1.5, 0.001));
  } finally {
    session?.close();
    await stop();
  }

  // Renderer alone: one document for all notices against one document per notice (the plain alternative).
  const renderer = await measureRenderer(1000);
  record('Notice rendering, one document, per page', renderer.combined.msPerPage, 'ms', renderer.perNotice.msPerPage);
  record('Notice size, one document, per page', renderer.combined.kbPerPage, 'KB', renderer.perNotice.kbPerPage);
}

// `KAGI_BENCH_ONLY=import`: the CSV import alone (its preview, commit and calls per row by operation).
if (process.env.KAGI_BENCH_ONLY === 'import') {
  const { benchImportOnly, printImportBench } = await import('./import-only.js');
  const result = await benchImportOnly(ROWS, PASSWORD);
  printImportBench(ROWS, result);
  process.exit(result.commitMs / 1000 > 20 ? 1 : 0);
}

/**
 * Issue 13, lean handlers: each API bundle's size without the SDK (bound 150 KiB) and its cold load
 * ÷ its floor (bound 1.3): the floor of the bound is the stricter of the two the detail prints, the
 * same SDK clients and libraries bundled alone as the stack bundles them (bundles.ts). Workers are
 * printed below the table; every function's size budget is in lib/bundle-budgets.ts (the infra
 * test holds each bundle to it). `KAGI_BENCH_ONLY=bundles` runs this alone (about four minutes;
 * KAGI_BENCH_BUNDLE_REPS runs of each, 7 unless told).
 */
function recordBundles(bundles: BundleFigures[]): void {
  const api = bundles.filter((x) => x.kind === 'http');
  for (const b of api) record(`API bundle ${b.name}: size without the SDK`, b.withoutSdk / 1024, 'KiB', 150);
  for (const b of api) {
    record(`API bundle ${b.name}: fresh load ÷ floor (${b.loadMs.toFixed(0)} ÷ ${b.bundledFloorMs.toFixed(0)} ms, median of ${BUNDLE_REPS})`, b.loadMs / b.bundledFloorMs, '×', 1.3);
  }
}
if (process.env.KAGI_BENCH_ONLY === 'bundles') {
  const measured = benchBundles();
  recordBundles(measured.bundles);
  const over = printTable();
  printBundles(measured);
  process.exit(over ? 1 : 0);
}

// The PC logon client (issue 12): its own runtime. `KAGI_BENCH_ONLY=client` runs it alone.
// Bounds: a client check may cost 1.5 × a web sign-in (password, or the code alone), and the
// password + code logon (two calls) 3 ×; events at least 100 a second (10 ms each) in batches of 50.
const CLIENT_ONLY = process.env.KAGI_BENCH_ONLY === 'client';
if (!AUDIT_ONLY) {
  const pc = await benchLogonClientApart();
  const webMs = 1000 / pc.webSignInPerSecond;
  record(`Web sign-in (password), per sign-in (${pc.n.password}, 4 in flight)`, webMs, 'ms', 1000);
  record(`PC logon client, password, per check (${pc.n.password})`, 1000 / pc.passwordPerSecond, 'ms', 1.5 * webMs);
  record(`PC logon client, OTP, per check (${pc.n.otp})`, 1000 / pc.otpPerSecond, 'ms', 1.5 * webMs);
  record(`PC logon client, password + OTP (two calls), per logon (${pc.n.both})`, 1000 / pc.bothPerSecond, 'ms', 3 * webMs);
  record(`PC logon client events, batches of 50, per event (${pc.n.events})`, 1000 / pc.eventsPerSecond, 'ms', 10);
  console.log(
    `\nPC logon client, per second: web sign-in ${pc.webSignInPerSecond.toFixed(1)}, client password ${pc.passwordPerSecond.toFixed(1)}, ` +
      `OTP ${pc.otpPerSecond.toFixed(1)}, password + OTP ${pc.bothPerSecond.toFixed(1)}; events ${pc.eventsPerSecond.toFixed(0)}`,
  );
  if (CLIENT_ONLY) process.exit(printTable() ? 1 : 0);
}

if (!AUDIT_ONLY) await benchImportMailAndIssuance();

// The log bench: its own runtime (DynamoDB Local in memory), 10,000 employees, AUDIT_ENTRIES entries.
const audit = await benchAuditLogApart(AUDIT_ENTRIES);
for (const x of audit.searches) record(`Log search, 100 days, ${x.name}: first page (median of 5)`, x.firstPageMs, 'ms', 1000);
for (const x of audit.searches) {
  // Only a search by user or by operation group is bound by the issue; the whole log merges 12 partitions.
  record(`Log search, 100 days, ${x.name}: items read ÷ returned (${x.read} ÷ ${x.returned}, ${x.queries} queries)`, x.read / Math.max(1, x.returned), '×', x.name === 'unfiltered' ? 3 : 2);
}
record(`Log export, 100 days, ${audit.exportedRows.toLocaleString()} entries (background job, wall)`, audit.exportSeconds, 's', 300);
record(`Log daily close: digest of one day (${Math.round(audit.entries / DAYS).toLocaleString()} entries)`, audit.sealMsPerDay, 'ms', 2000);

// TOTP: the full check (decrypt + verify ± 1 step + replay check, store excluded) on one core,
// next to bare otpauth in the same run. Setting up an AES-GCM decipher costs about as much as
// otpauth's ± 1 step check itself, so the full path may cost at most 4 × the bare one.
const totp = AUDIT_ONLY ? undefined : measureTotp();
if (totp) record('TOTP verification, full path (decrypt + verify + replay check), per check', 1e6 / totp.fullPerSecond, 'µs', (4 * 1e6) / totp.barePerSecond);

/** Prints the table of every row so far; true when a bound failed. */
function printTable(): boolean {
  const width = Math.max(...rows.map((r) => r.metric.length), 60);
  console.log(`\n${'metric'.padEnd(width)}  ${'value'.padStart(10)}  ${'bound'.padStart(10)}  ratio`);
  let over = false;
  for (const r of rows) {
    const ratio = r.value / r.bound;
    over ||= ratio > 1;
    console.log(`${r.metric.padEnd(width)}  ${`${r.value.toFixed(2)} ${r.unit}`.padStart(10)}  ${`${Number.isInteger(r.bound) ? r.bound : r.bound.toFixed(2)} ${r.unit}`.padStart(10)}  ${ratio.toFixed(2)}${ratio > 1 ? '  OVER' : ''}`);
  }
  return over;
}
const bundles = AUDIT_ONLY ? undefined : benchBundles();
if (bundles) recordBundles(bundles.bundles);
const failed = printTable();
if (!AUDIT_ONLY) {
  console.log('\n(for the two notice rows the bound is the one-document-per-notice baseline of the same run;');
  console.log(' for the TOTP row it is 4 × bare otpauth of the same run)');
  console.log(`\nTOTP verifications per second on one core: full path ${Math.round(totp!.fullPerSecond).toLocaleString()}/s, bare otpauth ${Math.round(totp!.barePerSecond).toLocaleString()}/s`);
  printCalls('AWS calls of the PDF issuance worker, per employee', issuanceCalls);
  printCalls('AWS calls of the mail request worker, per employee', mailCalls);
  printCalls('AWS calls of the registration-password worker, per employee', registrationCalls);
}
console.log(
  `\nLog bench: ${audit.employees.toLocaleString()} employees, ${audit.entries.toLocaleString()} entries over ${DAYS} days, written in ${audit.seedSeconds.toFixed(0)} s ` +
    `(BatchWrite, DynamoDB Local in memory); ${audit.sealedDays} past days closed by the daily close before the searches, as on any working day.`,
);
console.log('Count shown with the first page (the count reads apart from the page, within its own budget, and is left out where not cheap):');
for (const x of audit.searches) console.log(`  ${x.name}: ${x.count === null ? 'not cheap, none shown' : x.count.toLocaleString()}`);

if (bundles) printBundles(bundles);
process.exit(failed ? 1 : 0);

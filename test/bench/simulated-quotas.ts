/**
 * `npm run bench -- --employees N --simulate-quotas`: PDF, mail and passcode issuance of N
 * employees each, with Cognito and SES answered by the quota simulator (test/bench/simulator) at
 * AWS's documented quotas and DynamoDB Local, s3rver as usual. Prints, per job, makespan ÷ quota
 * bound, calls per employee against the design minimum per operation, retries as a share of the
 * calls, peak RSS and throughput; then the same PDF and mail jobs with kagi configured at twice the
 * quota the simulator enforces (a wrong setting, or the API's own calls beside the job: the
 * limiters must find the real quota by its throttles); then the USD cost of 10,000 accounts.
 */
import { jobCognito, ses, dynamo } from '../../functions/adapters/aws-clients.js';
import { countedCalls, startCountingCalls } from '../../functions/adapters/call-counter.js';
import { COGNITO_QUOTAS } from '../../functions/adapters/cognito/quota.js';
import { ISSUANCE_CHUNK } from '../../functions/core/issuance/pdf-issuance.js';
import { MAIL_CHUNK } from '../../functions/core/issuance/mail-issuance.js';
import { SES_MAX_BULK } from '../../functions/adapters/ses/mailer.js';
import { WORKER_CONCURRENCY } from '../../functions/core/jobs/queue.js';
import { ENV } from '../../functions/shared/env.js';
import { startBenchRuntime } from './bench-runtime.js';
import { importCsv } from './employee-csv.js';
import { installQuotaSimulator, type QuotaSimulator } from './simulator/quota-simulator.js';
import { waitForJob } from './wait-for-job.js';

const PASSWORD = 'Bench-Demo-Password-1';
/** The simulated account: Cognito's documented UserCreation, and an SES send rate of 50 mails a second. */
const USER_CREATION = COGNITO_QUOTAS.UserCreation;
const SES_RATE = 50;

/**
 * ap-northeast-1 (Tokyo) on-demand prices in USD, the one table the cost lines read. Lambda
 * arm64 (the stack's functions); DynamoDB on-demand per million request units; S3 Standard per
 * thousand requests; SES per thousand mails; SQS standard per million requests; Cognito user
 * pools Essentials per monthly active user (the first 10,000 MAU of Lite/Essentials are free).
 */
export const PRICES_AP_NORTHEAST_1 = {
  lambdaGbSecond: 0.0000133334,
  lambdaRequestPerMillion: 0.2,
  dynamoWriteRequestUnitPerMillion: 0.715,
  dynamoReadRequestUnitPerMillion: 0.143,
  s3PutPerThousand: 0.0047,
  s3GetPerThousand: 0.00037,
  sesPerThousandMails: 0.1,
  sqsRequestPerMillion: 0.4,
  cognitoEssentialsPerMau: 0.015,
} as const;
/** The worker function's memory (lib/constructs/kagi-function.ts). */
const WORKER_GB = 1;

interface JobFigures {
  name: string;
  employees: number;
  makespanS: number;
  boundS: number | undefined;
  peakRssMiB: number;
  calls: Map<string, number>;
  minimum: Record<string, number>;
  attempts: number;
  throttled: number;
  capacity: { read: number; write: number };
}

type Auth = Record<string, string>;

async function listIds(url: string, auth: Auth, n: number, offset = 0): Promise<Array<{ id: string; email1: string }>> {
  const out: Array<{ id: string; email1: string }> = [];
  for (let cursor: string | null = null; out.length < n + offset; ) {
    const page: { items: Array<{ id: string; email1: string }>; nextCursor: string | null } = await fetch(`${url}/api/admin/employees?q=B0&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth }).then((r) => r.json() as never);
    out.push(...page.items.map((e) => ({ id: e.id, email1: e.email1 })));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out.slice(offset, offset + n);
}

/** DynamoDB's consumed capacity of every call, asked of DynamoDB Local on each request (bench only). */
function measureCapacity() {
  const total = { read: 0, write: 0 };
  // The document client shares its client's stack: an answer passes here twice; count it once.
  const seen = new WeakSet<object>();
  type Next = (args: { input: Record<string, unknown> }) => Promise<{ output: { ConsumedCapacity?: unknown } }>;
  const stack = (dynamo() as unknown as { middlewareStack: { add(mw: (next: Next, context: { commandName?: string }) => Next, o: { step: 'initialize'; name: string }): void } }).middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      args.input.ReturnConsumedCapacity ??= 'TOTAL';
      const out = await next(args);
      const consumed = out.output.ConsumedCapacity;
      if (!consumed || typeof consumed !== 'object' || seen.has(consumed)) return out;
      seen.add(consumed);
      // TOTAL names capacity units without saying which: the operation does.
      const reads = /^(Get|BatchGet|Query|Scan|TransactGet)/.test(String(context.commandName ?? ''));
      for (const c of (Array.isArray(consumed) ? consumed : [consumed]) as Array<{ CapacityUnits?: number }>) total[reads ? 'read' : 'write'] += c.CapacityUnits ?? 0;
      return out;
    },
    { step: 'initialize', name: 'kagiBenchCapacity' },
  );
  return { reset: () => Object.assign(total, { read: 0, write: 0 }), read: () => ({ ...total }) };
}

async function runJob(
  name: string,
  sim: QuotaSimulator,
  capacity: ReturnType<typeof measureCapacity>,
  start: () => Promise<{ jobId: string }>,
  wait: (jobId: string) => Promise<{ counts: { succeeded: number; failed: number } }>,
  employees: number,
  boundS: number | undefined,
  minimum: Record<string, number>,
): Promise<JobFigures> {
  sim.resetStats();
  capacity.reset();
  startCountingCalls();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  const { jobId } = await start();
  const job = await wait(jobId);
  const makespanS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  if (job.counts.succeeded !== employees || job.counts.failed !== 0) throw new Error(`${name}: ${JSON.stringify(job.counts)} of ${employees}`);
  const calls = new Map<string, number>();
  for (const [key, n] of countedCalls()) {
    const [scope, service, op] = key.split(' ');
    if (scope === 'worker') calls.set(`${service} ${op}`, (calls.get(`${service} ${op}`) ?? 0) + n);
  }
  const attempts = [...sim.stats.attempts.values()].reduce((a, b) => a + b, 0);
  const throttled = [...sim.stats.throttled.values()].reduce((a, b) => a + b, 0);
  return { name, employees, makespanS, boundS, peakRssMiB: peak / 2 ** 20, calls, minimum, attempts, throttled, capacity: capacity.read() };
}

function printJob(f: JobFigures): void {
  console.log(`\n${f.name}: ${f.employees.toLocaleString()} employees`);
  const ratio = f.boundS ? ` ÷ quota bound ${f.boundS.toFixed(1)} s = ${(f.makespanS / f.boundS).toFixed(3)} (goal ≤ 1.10)` : ' (no quota bounds it: rendering and DynamoDB do)';
  console.log(`  makespan ${f.makespanS.toFixed(1)} s${ratio}; throughput ${(f.employees / f.makespanS).toFixed(1)} employees/s; peak RSS ${f.peakRssMiB.toFixed(0)} MiB`);
  console.log(`  simulated Cognito/SES requests ${f.attempts.toLocaleString()}, throttled ${f.throttled.toLocaleString()} = retries ${((100 * f.throttled) / Math.max(1, f.attempts)).toFixed(2)} % of calls (goal ≤ 1 %)`);
  console.log(`  DynamoDB consumed: ${(f.capacity.read / f.employees).toFixed(2)} read and ${(f.capacity.write / f.employees).toFixed(2)} write units per employee`);
  console.log(`  ${'calls per employee'.padEnd(40)} ${'measured'.padStart(9)} ${'minimum'.padStart(9)} ratio (goal ≤ 1.05)`);
  const services = new Map<string, number>();
  for (const [key, n] of f.calls) services.set(key.split(' ')[0]!, (services.get(key.split(' ')[0]!) ?? 0) + n);
  for (const key of [...new Set([...f.calls.keys(), ...Object.keys(f.minimum)])].sort()) {
    const measured = (f.calls.get(key) ?? 0) / f.employees;
    const min = f.minimum[key];
    console.log(`  ${key.padEnd(40)} ${measured.toFixed(4).padStart(9)} ${(min === undefined ? '-' : min.toFixed(4)).padStart(9)} ${min ? (measured / min).toFixed(2) : '-'}`);
  }
  for (const [service, n] of services) {
    const min = Object.entries(f.minimum).filter(([k]) => k.startsWith(`${service} `)).reduce((a, [, v]) => a + v, 0);
    console.log(`  ${`${service} (all operations)`.padEnd(40)} ${(n / f.employees).toFixed(4).padStart(9)} ${min.toFixed(4).padStart(9)} ${min ? (n / f.employees / min).toFixed(2) : '-'}`);
  }
}

/** USD of issuing 10,000 accounts, from a job's measured figures scaled to 10,000. */
function printCost(pdf: JobFigures, mail: JobFigures): void {
  const p = PRICES_AP_NORTHEAST_1;
  const per = (f: JobFigures, x: number) => (x / f.employees) * 10_000;
  const s3 = (f: JobFigures, op: string) => f.calls.get(`S3 ${op}`) ?? 0;
  const chunksPdf = Math.ceil(10_000 / ISSUANCE_CHUNK);
  const chunksMail = Math.ceil(10_000 / MAIL_CHUNK);
  console.log('\nCost of issuing 10,000 accounts (USD, ap-northeast-1 on-demand; prices in PRICES_AP_NORTHEAST_1 of test/bench/simulated-quotas.ts)');
  console.log(`  ${'line'.padEnd(62)} ${'PDF'.padStart(9)} ${'mail'.padStart(9)}`);
  const line = (what: string, a: number, b: number) => console.log(`  ${what.padEnd(62)} ${a.toFixed(4).padStart(9)} ${b.toFixed(4).padStart(9)}`);
  // In AWS the WORKER_CONCURRENCY worker instances run the whole job (they wait on the quota).
  const gbs = (f: JobFigures) => per(f, f.makespanS) * WORKER_CONCURRENCY * WORKER_GB;
  line(`Lambda worker, ${WORKER_GB} GB × ${WORKER_CONCURRENCY} instances × makespan, + one request per chunk`, gbs(pdf) * p.lambdaGbSecond + (chunksPdf * p.lambdaRequestPerMillion) / 1e6, gbs(mail) * p.lambdaGbSecond + (chunksMail * p.lambdaRequestPerMillion) / 1e6);
  line('DynamoDB on-demand (consumed read and write units, measured)', (per(pdf, pdf.capacity.write) * p.dynamoWriteRequestUnitPerMillion + per(pdf, pdf.capacity.read) * p.dynamoReadRequestUnitPerMillion) / 1e6, (per(mail, mail.capacity.write) * p.dynamoWriteRequestUnitPerMillion + per(mail, mail.capacity.read) * p.dynamoReadRequestUnitPerMillion) / 1e6);
  line('S3 requests (parts, merge reads, the file)', (per(pdf, s3(pdf, 'PutObject')) * p.s3PutPerThousand + per(pdf, s3(pdf, 'GetObject')) * p.s3GetPerThousand) / 1e3, 0);
  line('SES mails', 0, (10_000 * p.sesPerThousandMails) / 1e3);
  line('SQS (send, receive, delete per chunk)', (chunksPdf * 3 * p.sqsRequestPerMillion) / 1e6, (chunksMail * 3 * p.sqsRequestPerMillion) / 1e6);
  line('Cognito API calls (not billed per call)', 0, 0);
  console.log(`  Cognito user pool, separately: ${(10_000 * p.cognitoEssentialsPerMau).toFixed(2)} USD a month if all 10,000 sign in that month (Essentials, ${p.cognitoEssentialsPerMau} USD per MAU; within Lite/Essentials' 10,000 free MAU it is 0)`);
}

export async function benchSimulatedQuotas(employees: number): Promise<void> {
  // The configured quotas of the first run: what the simulated account has.
  process.env[ENV.sesSendRate] = String(SES_RATE);
  process.env[ENV.cognitoQuotas] = `UserCreation=${USER_CREATION}`;
  const { kagi, stop } = await startBenchRuntime('kagi-quota-bench', { demoPassword: PASSWORD });
  try {
    const login = await fetch(`${kagi.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ companyCode: 'demo', loginId: 'admin', password: PASSWORD }) }).then(
      (r) => r.json() as Promise<{ idToken: string }>,
    );
    const auth = { Authorization: `Bearer ${login.idToken}` };
    const json = { ...auth, 'Content-Type': 'application/json' };

    // Employees: one set per job (a job issues its set, so each needs its own at 未発行).
    const sets = 4;
    // An import takes at most 10,000 rows: as many imports as the sets need.
    for (let from = 0; from < sets * employees; from += 10_000) {
      const rows = Math.min(10_000, sets * employees - from);
      const preview = await fetch(`${kagi.url}/api/admin/employee-imports`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/octet-stream' }, body: new TextEncoder().encode(importCsv(rows, from)) }).then(
        (r) => r.json() as Promise<{ importId: string }>,
      );
      await fetch(`${kagi.url}/api/admin/employee-imports/${preview.importId}/commit`, { method: 'POST', headers: auth });
      for (let state = 'committing'; state === 'committing'; ) {
        await new Promise((r) => setTimeout(r, 500));
        state = ((await fetch(`${kagi.url}/api/admin/employee-imports/${preview.importId}`, { headers: auth }).then((r) => r.json())) as { state: string }).state;
      }
    }
    const all = await listIds(kagi.url, auth, sets * employees);
    if (all.length !== sets * employees) throw new Error(`imported ${all.length} employees of ${sets * employees}`);
    const set = (i: number) => all.slice(i * employees, (i + 1) * employees);
    await fetch(`${kagi.url}/api/admin/settings`, { method: 'PATCH', headers: json, body: JSON.stringify({ notificationMethod: 'mail' }) });

    // From here Cognito and SES are the simulator's (the admin signed in through cognito-local above).
    const sim = installQuotaSimulator({ cognito: jobCognito(), ses: ses() }, { cognito: { UserCreation: USER_CREATION }, sesSendRate: SES_RATE, seed: 13 });
    const capacity = measureCapacity();
    const wait = (jobId: string) => waitForJob(kagi.url, auth, jobId);
    const post = (path: string, body: unknown) => () => fetch(`${kagi.url}${path}`, { method: 'POST', headers: json, body: JSON.stringify(body) }).then((r) => r.json() as Promise<{ jobId: string }>);

    const pdfChunks = Math.ceil(employees / ISSUANCE_CHUNK);
    const mailChunks = Math.ceil(employees / MAIL_CHUNK);
    const fullMailChunks = Math.floor(employees / MAIL_CHUNK);
    // The design minimum, per chunk (what a chunk cannot do without) and per job, spread over the employees.
    //  - every chunk: read its job with its own record (has it run?) in one BatchGet, its targets,
    //    the employees (BatchGet ≤ 100); the engine's heartbeat on the job (UpdateItem: what lets
    //    every job end); claim everyone in one transaction, record the chunk in one; read the job's
    //    progress after, to end it when this was the last chunk;
    //  - a notice chunk (PDF, passcodes) also reads the company (its name on the page); a PDF or mail
    //    chunk the company's settings (deadlines); each notice chunk stores its pages once, read back
    //    once by the merge, with the merged file;
    //  - a mail chunk reads its send markers (BatchGet), writes the links (BatchWrite ≤ 25) and sends
    //    its 50 in one SendBulkEmail; a full chunk's record passes 100 items and takes two writes;
    //  - every job: claim its ending (UpdateItem), list its chunks with pages (Query), complete it (transaction).
    const perEmployee = (n: number, x: Record<string, number>) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v / n]));
    const pdfMinimum = (n: number) => ({
      'Cognito AdminCreateUser': 1,
      ...perEmployee(n, {
        'DynamoDB BatchGetItem': 2 * pdfChunks,
        'DynamoDB GetItem': 4 * pdfChunks,
        'DynamoDB UpdateItem': pdfChunks + 1,
        'DynamoDB TransactWriteItems': 2 * pdfChunks + 1,
        'DynamoDB Query': 1,
        'S3 PutObject': pdfChunks + 1,
        'S3 GetObject': pdfChunks,
      }),
    });
    const pdf = await runJob('PDF issuance (at the quota)', sim, capacity, post('/api/admin/issuance/pdf', { employeeIds: set(0).map((e) => e.id) }), wait, employees, employees / USER_CREATION, pdfMinimum(employees));
    printJob(pdf);

    const mailMinimum = (n: number) => ({
      'SES SendBulkEmail': Math.ceil(n / SES_MAX_BULK) / n,
      ...perEmployee(n, {
        'DynamoDB BatchGetItem': 3 * mailChunks,
        'DynamoDB GetItem': 4 * mailChunks,
        'DynamoDB BatchWriteItem': Math.ceil(MAIL_CHUNK / 25) * mailChunks,
        'DynamoDB UpdateItem': mailChunks + 1,
        'DynamoDB TransactWriteItems': 2 * mailChunks + fullMailChunks + 1,
      }),
    });
    const mail = await runJob('Mail request job (at the quota)', sim, capacity, post('/api/admin/issuance/mail', { targets: set(1).map((e) => ({ employeeId: e.id, address: 1 })), mode: 'new' }), wait, employees, employees / SES_RATE, mailMinimum(employees));
    printJob(mail);
    if (sim.stats.recipients !== employees) throw new Error(`mail: the simulated SES accepted ${sim.stats.recipients} recipients for ${employees} employees`);

    const passcodes = await runJob('Passcode issuance', sim, capacity, post('/api/admin/issuance/passcodes', { employeeIds: set(2).map((e) => e.id) }), wait, employees, undefined, perEmployee(employees, {
      'DynamoDB BatchGetItem': 2 * pdfChunks,
      'DynamoDB GetItem': 3 * pdfChunks,
      'DynamoDB UpdateItem': pdfChunks + 1,
      'DynamoDB TransactWriteItems': 2 * pdfChunks + 1,
      'DynamoDB Query': 1,
      'S3 PutObject': pdfChunks + 1,
      'S3 GetObject': pdfChunks,
    }));
    printJob(passcodes);

    // Overload: kagi configured at twice what the account has (UserCreation; the mail worker's
    // send rate is read once at its load and stays at the quota here).
    const { paceCognitoClient } = await import('../../functions/adapters/cognito/quota.js');
    const { realSleep } = await import('../../functions/core/mail/mailer.js');
    const { systemClock } = await import('../../functions/core/shared/ports.js');
    // The worker's pacer is replaced by one configured at 2× the quota.
    const first = (jobCognito() as unknown as { middlewareStack: { remove(name: string): boolean } }).middlewareStack;
    first.remove('kagiQuotaPacer');
    paceCognitoClient(jobCognito(), { clock: systemClock, sleep: realSleep, quotas: { ...COGNITO_QUOTAS, UserCreation: 2 * USER_CREATION }, share: 1 });
    const pdf2 = await runJob('PDF issuance, kagi configured at 2× the quota', sim, capacity, post('/api/admin/issuance/pdf', { employeeIds: set(3).map((e) => e.id) }), wait, employees, employees / USER_CREATION, pdfMinimum(employees));
    printJob(pdf2);

    printCost(pdf, mail);
    sim.uninstall();
    console.log('\n(The simulator is a measuring instrument: users it made exist only in it, mails it took went nowhere.)');
  } finally {
    await stop();
  }
}

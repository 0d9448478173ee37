import { BatchWriteCommand, DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { employeeWriteItems } from '../../functions/adapters/dynamodb/employee-store.js';
import type { Employee } from '../../functions/core/employees/employee.js';
import { createUlids } from '../../functions/core/shared/ulid.js';
import { systemClock } from '../../functions/core/shared/ports.js';
import { dynamo } from '../../functions/adapters/aws-clients.js';
import { auditExpiry } from '../../functions/adapters/dynamodb/audit-retention.js';
import { keys } from '../../functions/adapters/dynamodb/keys.js';
import { auditItem } from '../../functions/adapters/dynamodb/table.js';
import { AUDIT_ACTION_NAMES, actionsOf, type AuditAction } from '../../functions/core/audit/actions.js';
import type { AuditEntry } from '../../functions/core/audit/audit-entry.js';
import { closableDay } from '../../functions/core/audit/seal.js';
import { DEFAULT_SETTINGS } from '../../functions/core/companies/settings.js';
import { ulids } from '../support/audit-seed.js';
import { signInAdmin, type AdminSession } from './admin-session.js';
import { startBenchRuntime } from './bench-runtime.js';
import { isMain, printResult, runApart } from './apart.js';

/**
 * The log view's bench: a 10,000-employee company with ENTRIES entries over 100 days, written
 * straight into the table (BatchWrite, the same items the writers make), then the three searches
 * the issue names over those 100 days, the export of all of them, and the daily close.
 */
const DAY_MS = 86_400_000;
export const DAYS = 100;

export interface AuditBench {
  employees: number;
  entries: number;
  seedSeconds: number;
  searches: Array<{ name: string; firstPageMs: number; returned: number; read: number; queries: number; count: number | null }>;
  exportSeconds: number;
  exportedRows: number;
  sealMsPerDay: number;
  sealedDays: number;
}

/** How a working company's log is made up: mostly sign-ins and the time clock, a little of everything else. */
const MIX: Array<[AuditAction[], number]> = [
  [['auth.login'], 0.55],
  [['timeclock.verify'], 0.15],
  [['account.password.change', 'auth.new-password'], 0.03],
  [actionsOf('employees'), 0.12],
  [actionsOf('issuance'), 0.08],
  [actionsOf('mail'), 0.04],
  [actionsOf('settings'), 0.005],
  [actionsOf('other'), 0.025],
];

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generate(companyId: string, accounts: string[], admins: string[], count: number): AuditEntry[] {
  const rnd = random(7);
  const ids = ulids();
  const now = Date.now() - 3600_000;
  const pickAction = (): AuditAction => {
    let r = rnd();
    for (const [actions, share] of MIX) {
      if (r < share) return actions[Math.floor(rnd() * actions.length)]!;
      r -= share;
    }
    return AUDIT_ACTION_NAMES[0]!;
  };
  const entries: AuditEntry[] = [];
  for (let i = 0; i < count; i++) {
    // Inside the searched window: the last 100 days but its first and last hour.
    const at = new Date(now - Math.floor(rnd() * (DAYS * DAY_MS - 2 * 3600_000))).toISOString();
    const action = pickAction();
    const selfService = action.startsWith('auth.') || action.startsWith('account.') || action === 'timeclock.verify' || action.startsWith('verification.');
    const actor = selfService ? accounts[Math.floor(rnd() * accounts.length)]! : admins[Math.floor(rnd() * admins.length)]!;
    const target = accounts[Math.floor(rnd() * accounts.length)]!;
    const e: AuditEntry = { id: ids.next(at), companyId, at, actor: `user-${actor.slice(-6)}`, actorAccountId: actor, action, result: rnd() < 0.05 ? 'failure' : 'success', sourceIp: `198.51.100.${Math.floor(rnd() * 250)}` };
    if (action.startsWith('employee.') && action !== 'employee.export') Object.assign(e, { target: `E${target.slice(-5)}`, targetAccountId: target, detail: { employeeId: target, fields: 'department' } });
    if (e.result === 'failure') e.reason = action === 'auth.login' ? 'bad-password' : 'locked';
    entries.push(e);
  }
  return entries;
}

async function batchWrite(items: Array<Record<string, unknown>>, concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const start = next;
      next += 25;
      if (start >= items.length) return;
      let request: Record<string, unknown[]> | undefined = { kagi: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) };
      while (request && Object.keys(request).length > 0) {
        const out = await dynamo().send(new BatchWriteCommand({ RequestItems: request as never }));
        request = out.UnprocessedItems as typeof request;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const PASSWORD = 'Bench-Log-Password-1';
const EMPLOYEES = 10_000;

/** 10,000 employees of the demo company, written as the register writes them (items, codes, login IDs), without Cognito users. */
async function seedEmployees(companyId: string): Promise<string[]> {
  const ids = createUlids(systemClock);
  const at = new Date().toISOString();
  const items: Array<Record<string, unknown>> = [];
  const accounts: string[] = [];
  for (let i = 0; i < EMPLOYEES; i++) {
    const code = `L${String(i).padStart(5, '0')}`;
    const e: Employee = {
      id: ids.next(), companyId, employeeCode: code, familyName: '検証', givenName: `${i}`, familyNameKana: '', givenNameKana: '', office: '本社', department: '開発部',
      birthDate: '', email1: '', email2: '', email3: '', loginId: `log${i}`, role: 'employee', accountKind: 'internal', enabled: true, createdAt: at, updatedAt: at, version: 1,
    };
    accounts.push(e.id);
    for (const item of employeeWriteItems(undefined, e, undefined, false).items) if (item.Put) items.push(item.Put.Item as Record<string, unknown>);
  }
  await batchWrite(items);
  return accounts;
}

/**
 * Starts its own runtime (DynamoDB Local in memory), seeds 10,000 employees and `count` entries
 * over 100 days, then measures the searches, the export and the daily close.
 */
export async function benchAuditLog(count: number): Promise<AuditBench> {
  // No sweep timer: the bench closes the days itself, and nothing runs behind a measurement.
  const { kagi, stop } = await startBenchRuntime('kagi-bench-log', { demoPassword: PASSWORD, sweepIntervalMs: 24 * 3600_000, dynamodbInMemory: true });
  let session: AdminSession | undefined;
  try {
    session = await signInAdmin(kagi.url, PASSWORD);
    const companyId = session.account.companyId;
    const accounts = await seedEmployees(companyId);
    return await measure({ baseUrl: kagi.url, auth: session.headers, companyId, accounts, admins: [session.account.accountId], entries: count });
  } finally {
    session?.close();
    await stop();
  }
}

async function measure(opts: { baseUrl: string; auth: Record<string, string>; companyId: string; accounts: string[]; admins: string[]; entries: number }): Promise<AuditBench> {
  // The runtime has set the environment the handlers read: load them only now.
  const { auditCloser, auditService } = await import('../../functions/wiring/audit.js');
  const { baseUrl, auth, companyId, accounts, admins } = opts;
  // The company has been there for the whole log, so its days can be sealed.
  await dynamo().send(
    new UpdateCommand({ TableName: 'kagi', Key: keys.company(companyId), UpdateExpression: 'SET createdAt = :at', ExpressionAttributeValues: { ':at': new Date(Date.now() - (DAYS + 1) * DAY_MS).toISOString() } }),
  );
  const entries = generate(companyId, accounts, admins, opts.entries);
  const t0 = performance.now();
  await batchWrite(entries.map((e) => ({ ...auditItem(e), expiresAtEpoch: auditExpiry(e.at, DEFAULT_SETTINGS.auditRetentionDays) })));
  const seedSeconds = (performance.now() - t0) / 1000;

  // The daily close of every past day, as the nightly sweep would have done it: the searches below
  // then meet the log as it stands on any working day (only yesterday and today still open).
  await dynamo().send(new DeleteCommand({ TableName: 'kagi', Key: keys.auditClose() }));
  const t2 = performance.now();
  const sealed = await auditCloser(3_600_000).closeCompany({ id: companyId, createdAt: new Date(Date.now() - (DAYS + 1) * DAY_MS).toISOString() }, closableDay(new Date()), Date.now() + 3_600_000);
  const sealMsPerDay = (performance.now() - t2) / Math.max(1, sealed.sealed);

  const to = new Date(Date.now() - 60_000).toISOString();
  const from = new Date(Date.parse(to) - DAYS * DAY_MS + 60_000).toISOString();
  const busiest = [...entries.reduce((m, e) => m.set(e.actorAccountId!, (m.get(e.actorAccountId!) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1]);
  const employee = busiest.find(([id]) => !admins.includes(id))![0];
  const searches: Array<[string, string]> = [
    ['unfiltered', ''],
    ['by user (one employee, as actor or target)', `&user=${employee}`],
    ['by user (an admin, as actor)', `&actor=${admins[0]}`],
    ['by operation group (社員管理)', '&groups=employees'],
    ['by operation group (サインイン, failures)', '&groups=signin&result=failure'],
  ];
  const service = auditService();
  const actor = { accountId: admins[0]!, companyId, loginId: 'admin', role: 'admin' as const, displayName: 'bench' };
  const results: AuditBench['searches'] = [];
  for (const [name, query] of searches) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      const res = await fetch(`${baseUrl}/api/admin/audit?from=${from}&to=${to}&limit=100${query}`, { headers: auth });
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${await res.text()}`);
      await res.json();
      times.push(performance.now() - s);
    }
    // Items read: the same search in this process, where the store reports what it examined.
    const conditions = Object.fromEntries(new URLSearchParams(query));
    const page = await service.search(actor, { from, to, ...conditions, groups: conditions.groups?.split(',') } as never, { limit: 100 });
    results.push({ name, firstPageMs: median(times), returned: page.items.length, read: page.read, queries: page.queries, count: page.count });
  }

  const t1 = performance.now();
  const started = (await fetch(`${baseUrl}/api/admin/audit/exports`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ from, to }) }).then((r) => r.json())) as { jobId: string };
  let job: { state: string; rows: number; download: { url: string } | null };
  do {
    await new Promise((r) => setTimeout(r, 500));
    job = (await fetch(`${baseUrl}/api/admin/audit/exports/${started.jobId}`, { headers: auth }).then((r) => r.json())) as typeof job;
  } while (!job.download && job.state !== 'failed');
  const csv = await (await fetch(job.download!.url)).text();
  const exportSeconds = (performance.now() - t1) / 1000;
  const exportedRows = csv.trimEnd().split('\r\n').length - 1;

  return { employees: accounts.length, entries: entries.length, seedSeconds, searches: results, exportSeconds, exportedRows, sealMsPerDay, sealedDays: sealed.sealed };
}

/** The log bench in a process of its own (it starts a runtime of its own). */
export function benchAuditLogApart(count: number): Promise<AuditBench> {
  return runApart<AuditBench>(import.meta.url, [String(count)], 'log bench');
}

if (isMain(import.meta.url)) {
  printResult(await benchAuditLog(Number(process.argv[2] ?? 200_000)));
  process.exit(0);
}

import { useLocalEnv } from './fixtures.js';
import type { DemoAccount } from '../../bin/local/demo-data.js';
import type { AuditEntry } from '../../functions/core/audit/audit-entry.js';
import type { AuditAction } from '../../functions/core/audit/actions.js';

/**
 * Audit entries written straight through the store (as every writer does), for tests that need a
 * known log: a few hundred entries over months, some failures, some by login IDs no account has.
 */

const DAY_MS = 86_400_000;

export interface LogCompany {
  companyId: string;
  code: string;
  /** Accounts by login ID: id and employee code. */
  accounts: Record<string, { id: string; employeeCode: string; loginId: string }>;
}

const person = (code: string, loginId: string, role: DemoAccount['role'], signIn = false): DemoAccount => ({
  employeeCode: code, familyName: 'ログ', givenName: loginId, familyNameKana: '', givenNameKana: '', office: '本社', department: '監査室',
  birthDate: '', email1: `${loginId}@logs.example.jp`, email2: '', email3: '', loginId, role, enabled: true, signIn,
});

/** A company of its own for log tests, created `ageDays` ago (its log is sealed from then on). */
export async function createLogCompany(code: string, password: string, ageDays: number): Promise<LogCompany> {
  useLocalEnv();
  const [{ seedCompany }, { createAccountDirectory }, { dynamo }, { UpdateCommand }, { keys }] = await Promise.all([
    import('../../bin/local/seed.js'),
    import('../../functions/adapters/dynamodb/account-directory.js'),
    import('../../functions/adapters/aws-clients.js'),
    import('@aws-sdk/lib-dynamodb'),
    import('../../functions/adapters/dynamodb/keys.js'),
  ]);
  const accounts = [person('L001', 'logadmin', 'admin', true), person('L002', 'logviewer', 'viewer', true), ...Array.from({ length: 8 }, (_, i) => person(`L1${i}`, `staff${i}`, 'employee'))];
  await seedCompany(code, `株式会社ログ${code}`, accounts, password);
  const directory = createAccountDirectory();
  const company = (await directory.companyByCode(code))!;
  const createdAt = new Date(Date.now() - ageDays * DAY_MS).toISOString();
  await dynamo().send(new UpdateCommand({ TableName: 'kagi', Key: keys.company(company.id), UpdateExpression: 'SET createdAt = :at', ExpressionAttributeValues: { ':at': createdAt } }));
  const byLogin: LogCompany['accounts'] = {};
  for (const a of accounts) {
    const e = (await directory.employeeByLoginId(company.id, a.loginId))!;
    byLogin[a.loginId] = { id: e.id, employeeCode: e.employeeCode, loginId: e.loginId };
  }
  return { companyId: company.id, code, accounts: byLogin };
}

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ACTIONS: AuditAction[] = [
  'auth.login', 'auth.login', 'auth.login', 'account.password.change', 'timeclock.verify',
  'employee.create', 'employee.update', 'employee.update', 'employee.delete', 'employee.export',
  'issuance.pdf.start', 'issuance.pdf.done', 'issuance.passcode.start', 'issuance.mail.start',
  'company.settings.update', 'verification.verify', 'verification.refused', 'job.results.export',
];

/** The login ID tried at failed sign-ins that no account has; the second one a spreadsheet would run. */
export const UNKNOWN_LOGINS = ['ghost-user', "=cmd|' /C calc'!A0"] as const;

/**
 * `count` entries over the last `days` days (none in the last hour), by the company's staff, with
 * failures and unknown login IDs among them; each with a distinct time.
 */
export function generateEntries(company: LogCompany, count: number, days: number, seed = 11, ids = ulids()): AuditEntry[] {
  const rnd = random(seed);
  const staff = Object.entries(company.accounts).filter(([login]) => login.startsWith('staff'));
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const now = Date.now() - 3600_000;
  const entries: AuditEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(now - Math.floor(rnd() * days * DAY_MS)).toISOString();
    const action = pick(ACTIONS);
    const [, actor] = pick(staff);
    const actorLogin = actor.loginId;
    const [, target] = pick(staff);
    const failed = rnd() < 0.2;
    const entry: AuditEntry = { id: ids.next(at), companyId: company.companyId, at, actor: actorLogin, actorAccountId: actor.id, action, result: failed ? 'failure' : 'success', sourceIp: `192.0.2.${1 + Math.floor(rnd() * 200)}` };
    if (action === 'auth.login' && failed && rnd() < 0.5) {
      entry.actor = pick(UNKNOWN_LOGINS);
      delete entry.actorAccountId;
      entry.reason = 'unknown-login-id';
    } else if (failed) entry.reason = action === 'auth.login' ? 'bad-password' : 'locked';
    if (action.startsWith('employee.') && action !== 'employee.export') {
      entry.target = target.employeeCode;
      entry.targetAccountId = target.id;
      entry.detail = { employeeId: target.id, fields: 'familyName,email1' };
    }
    entries.push(entry);
  }
  return entries;
}

/** ULIDs for a given time (the entries are written in the past). */
export function ulids() {
  const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let n = 0;
  return {
    next(at: string) {
      let time = Date.parse(at);
      let head = '';
      for (let i = 0; i < 10; i++) {
        head = ALPHABET[time % 32]! + head;
        time = Math.floor(time / 32);
      }
      n += 1;
      return head + String(n).padStart(16, '0').replace(/[ILOU]/g, '0');
    },
  };
}

/** Writes entries through the audit store, a few at a time. */
export async function writeEntries(entries: readonly AuditEntry[]): Promise<void> {
  useLocalEnv();
  const { createAuditStore } = await import('../../functions/adapters/dynamodb/audit-store.js');
  const store = createAuditStore();
  for (let i = 0; i < entries.length; i += 20) await Promise.all(entries.slice(i, i + 20).map((e) => store.write(e)));
}

/** Newest first, as the log lists entries. */
export const newestFirst = (entries: readonly AuditEntry[]) => [...entries].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));

/** The demo company as a LogCompany: its staff (by login ID) act and are acted on in generated entries. */
export async function demoLogCompany(): Promise<LogCompany & { names: Record<string, string> }> {
  useLocalEnv();
  const [{ createAccountDirectory }, { demoEmployees }] = await Promise.all([import('../../functions/adapters/dynamodb/account-directory.js'), import('../../bin/local/demo-data.js')]);
  const directory = createAccountDirectory();
  const company = (await directory.companyByCode('demo'))!;
  const accounts: LogCompany['accounts'] = {};
  const names: Record<string, string> = {};
  // Generated entries pick actors among logins starting with "staff": the first eight employees stand in.
  const staff = demoEmployees().filter((e) => e.role === 'employee').slice(0, 8);
  for (const [i, e] of staff.entries()) {
    const found = (await directory.employeeByLoginId(company.id, e.loginId))!;
    accounts[`staff${i}`] = { id: found.id, employeeCode: found.employeeCode, loginId: found.loginId };
    names[`staff${i}`] = `${e.familyName} ${e.givenName}`;
  }
  return { companyId: company.id, code: 'demo', accounts, names };
}

/** One PC logon client event as the 打刻連携 stores it (helper for 出退勤ログ検索 tests). */
export interface ClockSeed {
  account: { id: string; employeeCode: string; loginId: string };
  type: 'logon' | 'logoff' | 'lock' | 'unlock';
  /** When it happened on the device (ISO), and when kagi received it. */
  occurredAt: string;
  receivedAt: string;
  device: string;
  /** false: an event the company's link did not count (stored as client.*, not in the 出退勤 group). */
  counted?: boolean;
}

const CLOCK_KIND = { logon: 'clock-in', logoff: 'clock-out', lock: 'break-start', unlock: 'break-end' } as const;

/** Audit entries of client events, shaped as the events endpoint writes them: clock.* when counted, client.* otherwise. */
export function clockEntries(companyId: string, seeds: readonly ClockSeed[], ids = ulids()): AuditEntry[] {
  return seeds.map((s, i) => {
    const counted = s.counted !== false;
    return {
      id: ids.next(s.receivedAt),
      companyId,
      at: s.receivedAt,
      actor: s.account.loginId,
      actorAccountId: s.account.id,
      action: `${counted ? 'clock' : 'client'}.${s.type}` as AuditAction,
      target: s.account.employeeCode,
      targetAccountId: s.account.id,
      result: 'success',
      detail: { device: s.device, deviceId: `DEV${i}`, eventId: `evt-${companyId.slice(-6)}-${i}-${s.type}`, occurredAt: s.occurredAt, ...(counted ? { clockKind: CLOCK_KIND[s.type] } : {}) },
    };
  });
}

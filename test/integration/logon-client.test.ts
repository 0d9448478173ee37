import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, fromAddress, signIn } from '../support/api.js';
import { authenticator as app, type AuthenticatorClock } from '../support/authenticator.js';
import { advanceServerClock, resetServerClock, serverNow } from '../support/server-clock.js';
import { scanTable, useLocalEnv } from '../support/fixtures.js';
import { authenticate, enroll, flush, queueEvent, queuedEvents, run, type ClientIo, type ClientOptions } from '../../bin/logon-client.js';

// A company of its own: groups, devices, the attendance link and locks reach nobody else's tests.
const COMPANY = { code: 'pclogon', name: '株式会社ピーシーログオン' };
const PEOPLE = ['admin', 'viewer', 'both', 'pwonly', 'nogroup', 'otpnone', 'lockpw', 'lockweb', 'lockotp', 'lockotpweb', 'clocker', 'gone'] as const;
type Person = (typeof PEOPLE)[number];

const password = () => inject('demoPassword');
const clock: AuthenticatorClock = { now: serverNow, nextStep: (ms) => advanceServerClock(ms + 1000) };
type App = ReturnType<typeof app>;

let companyId: string;
let adminToken: string;
const ids: Partial<Record<Person, string>> = {};
const apps: Partial<Record<Person, App>> = {};
const dirs: string[] = [];
/** The office every call of this file comes from (the web page and the PC share its NAT address). */
const OFFICE = fromAddress('10.212.0.1');

function scripted(answers: string[]): ClientIo & { asked: string[]; said: string[] } {
  const asked: string[] = [];
  const said: string[] = [];
  return {
    asked,
    said,
    async ask(question) {
      asked.push(question);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${question}`);
      return answer;
    },
    say: (line) => void said.push(line),
  };
}

async function newKey(expiresInDays?: number): Promise<{ key: string; keyId: string }> {
  const res = await api(adminToken).post('/api/admin/enrollment-keys', expiresInDays ? { expiresInDays } : {});
  expect(res.status, res.text).toBe(201);
  return { key: res.body.key, keyId: res.body.enrollmentKey.keyId };
}

/** A PC of its own (state folder), enrolled with a fresh key. */
async function newPc(options: { authentication?: boolean; headers?: Record<string, string> } = {}): Promise<ClientOptions & { deviceId: string; credential: string }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'kagi-pc-'));
  dirs.push(stateDir);
  const { key } = await newKey();
  const pc: ClientOptions = { stateDir, headers: options.headers ?? OFFICE };
  const state = await enroll({ server: inject('baseUrl'), key, hostname: `PC-${dirs.length}`, authentication: options.authentication ?? true }, pc);
  return { ...pc, deviceId: state.deviceId, credential: state.credential };
}

async function putGroup(groupId: string, group: { name: string; firstFactor: string; secondFactor?: string; timeZone: string; language: string }, members: Person[]) {
  const { dynamo } = await import('../../functions/adapters/aws-clients.js');
  const { PutCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
  const { keys } = await import('../../functions/adapters/dynamodb/keys.js');
  const at = new Date().toISOString();
  await dynamo().send(new PutCommand({ TableName: 'kagi', Item: { ...keys.group(companyId, groupId), entity: 'Group', companyId, ...group, createdAt: at, updatedAt: at, version: 1 } }));
  for (const m of members) await dynamo().send(new UpdateCommand({ TableName: 'kagi', Key: keys.employee(companyId, ids[m]!), UpdateExpression: 'SET groupId = :g', ExpressionAttributeValues: { ':g': groupId } }));
}

/** Support sets the attendance link (another helper's route); here it is written straight into the settings. */
async function setAttendanceLink(link: { enabled: boolean; breaks: boolean }) {
  const { createSettingsStore } = await import('../../functions/adapters/dynamodb/settings-store.js');
  const { dynamo } = await import('../../functions/adapters/aws-clients.js');
  const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
  const { keys } = await import('../../functions/adapters/dynamodb/keys.js');
  const current = (await createSettingsStore().get(companyId)) ?? {};
  await dynamo().send(new UpdateCommand({ TableName: 'kagi', Key: keys.company(companyId), UpdateExpression: 'SET settings = :s', ExpressionAttributeValues: { ':s': { ...current, attendanceLink: link } } }));
}

async function setUpTotp(person: Person): Promise<App> {
  const token = await signIn(COMPANY.code, person);
  const setup = await api(token).post('/api/me/mfa/setup');
  expect(setup.status, setup.text).toBe(200);
  const a = app(setup.body.secret, clock);
  const confirmed = await api(token).post('/api/me/mfa/confirm', { code: await a.next() });
  expect(confirmed.status, confirmed.text).toBe(200);
  return a;
}

async function audit(actions: string[]) {
  const from = new Date(serverNow() - 3600_000).toISOString();
  const to = new Date(serverNow() + 60_000).toISOString();
  const res = await api(adminToken).get(`/api/admin/audit?from=${from}&to=${to}&limit=500&actions=${actions.join(',')}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items as Array<Record<string, any>>;
}

async function published(): Promise<Array<Record<string, string>>> {
  const res = await fetch(`${inject('baseUrl')}/__local/clock-events`, { method: 'POST' });
  return ((await res.json()) as { events: Array<Record<string, string>> }).events;
}

const clientCall = (path: string, body: unknown, credential?: string) =>
  api().post(path, body, { ...OFFICE, ...(credential !== undefined ? { Authorization: `Device ${credential}` } : {}) });

beforeAll(async () => {
  useLocalEnv();
  const { seedCompany } = await import('../../bin/local/seed.js');
  const base = { familyNameKana: '', givenNameKana: '', office: '本社', department: '総務部', birthDate: '', email2: '', email3: '', enabled: true, signIn: true } as const;
  await seedCompany(
    COMPANY.code,
    COMPANY.name,
    PEOPLE.map((loginId, i) => ({ ...base, employeeCode: `P${String(i + 1).padStart(3, '0')}`, familyName: '端末', givenName: loginId, email1: `${loginId}@pclogon.example.jp`, loginId, role: loginId === 'admin' ? 'admin' : loginId === 'viewer' ? 'viewer' : 'employee', accountKind: 'internal' })),
    password(),
  );
  const { createAccountDirectory } = await import('../../functions/adapters/dynamodb/account-directory.js');
  const directory = createAccountDirectory();
  companyId = (await directory.companyByCode(COMPANY.code))!.id;
  for (const p of PEOPLE) ids[p] = (await directory.employeeByLoginId(companyId, p))!.id;
  adminToken = await signIn(COMPANY.code, 'admin');
  for (const p of ['both', 'pwonly', 'nogroup', 'lockotp', 'lockotpweb', 'gone'] as const) apps[p] = await setUpTotp(p);
  await putGroup('GBOTH', { name: '二要素', firstFactor: 'password', secondFactor: 'otp', timeZone: 'America/New_York', language: 'en' }, ['both']);
  await putGroup('GPW', { name: 'パスワードのみ', firstFactor: 'password', timeZone: 'Asia/Tokyo', language: 'ja' }, ['pwonly', 'lockpw', 'lockweb']);
  await putGroup('GOTP', { name: 'ワンタイムのみ', firstFactor: 'otp', timeZone: 'Asia/Tokyo', language: 'ja' }, ['otpnone']);
}, 120_000);

afterAll(async () => {
  await resetServerClock();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('authentication by group, through the reference client', () => {
  let pc: Awaited<ReturnType<typeof newPc>>;
  beforeAll(async () => {
    pc = await newPc();
  });

  it('OTP + password group: the client asks for the password, then the one-time password, and the employee logs on', async () => {
    const io = scripted([password(), await apps.both!.next()]);
    expect(await run('logon', { loginId: 'both' }, io, pc)).toBe(0);
    expect(io.asked).toEqual(['パスワード / Password: ', 'ワンタイムパスワード / One-time password: ']);
    // The group's language and time zone come back with the allowed answer.
    expect(io.said).toContain('Welcome, 端末 both.');
    const entries = (await audit(['client.authenticate'])).filter((e) => e.actor === 'both');
    expect(entries.find((e) => e.result === 'success' && !e.reason)?.detail).toMatchObject({ factor: 'password+otp', device: 'PC-1', deviceId: pc.deviceId, event: 'logon', group: '二要素' });
    expect(entries.some((e) => e.reason === 'next-factor')).toBe(true);
  });

  it('a wrong OTP is denied in the group language, and so is the same OTP replayed', async () => {
    const wrong = await authenticate({ loginId: 'both', event: 'unlock' }, scripted([password(), apps.both!.wrong()]), pc);
    expect(wrong).toEqual({ result: 'denied', reason: 'invalid', message: 'The login ID or the credentials are incorrect.' });

    const code = await apps.both!.next();
    expect((await authenticate({ loginId: 'both', event: 'unlock' }, scripted([password(), code]), pc)).result).toBe('allowed');
    const replay = await authenticate({ loginId: 'both', event: 'unlock' }, scripted([password(), code]), pc);
    expect(replay).toMatchObject({ result: 'denied', reason: 'invalid' });
    const reasons = (await audit(['client.authenticate'])).filter((e) => e.actor === 'both' && e.result === 'failure').map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['wrong-code', 'code-reused']));
  });

  it('an employee in no group logs on with either factor alone', async () => {
    const withPassword = scripted([password()]);
    expect(await authenticate({ loginId: 'nogroup', event: 'logon' }, withPassword, pc)).toMatchObject({ result: 'allowed', language: 'ja', timeZone: 'Asia/Tokyo', factors: ['password'] });
    expect(withPassword.asked).toHaveLength(1);
    const withOtp = scripted([await apps.nogroup!.next()]);
    expect(await authenticate({ loginId: 'nogroup', event: 'logon', otpFirst: true }, withOtp, pc)).toMatchObject({ result: 'allowed', factors: ['otp'] });
    expect(withOtp.asked).toEqual(['ワンタイムパスワード / One-time password: ']);
  });

  it('a password-only group refuses an OTP-only attempt, without spending the code', async () => {
    const code = await apps.pwonly!.next();
    const res = await clientCall('/api/client/authenticate', { loginId: 'pwonly', event: 'logon', otp: code }, pc.credential);
    expect(res.body).toEqual({ result: 'denied', reason: 'invalid', message: 'ログインIDまたは認証情報が正しくありません。' });
    expect((await audit(['client.authenticate'])).some((e) => e.actor === 'pwonly' && e.reason === 'factor-not-allowed')).toBe(true);
    expect((await authenticate({ loginId: 'pwonly', event: 'logon' }, scripted([password()]), pc)).result).toBe('allowed');
  });

  it('an unknown login ID answers like a wrong password or a wrong code', async () => {
    const unknownPw = await clientCall('/api/client/authenticate', { loginId: 'nobody-here', event: 'logon', password: 'Wrong-Password-1' }, pc.credential);
    const wrongPw = await clientCall('/api/client/authenticate', { loginId: 'nogroup', event: 'logon', password: 'Wrong-Password-1' }, pc.credential);
    expect(unknownPw.body).toEqual(wrongPw.body);
    const unknownOtp = await clientCall('/api/client/authenticate', { loginId: 'nobody-here', event: 'logon', otp: '123456' }, pc.credential);
    const wrongOtp = await clientCall('/api/client/authenticate', { loginId: 'nogroup', event: 'logon', otp: apps.nogroup!.wrong() }, pc.credential);
    expect(unknownOtp.body).toEqual(wrongOtp.body);
    // Nothing given yet: both are asked for a password first.
    const a = await clientCall('/api/client/authenticate', { loginId: 'nobody-here', event: 'logon' }, pc.credential);
    const b = await clientCall('/api/client/authenticate', { loginId: 'nogroup', event: 'logon' }, pc.credential);
    expect([a.body.result, a.body.factor, b.body.result, b.body.factor]).toEqual(['next-factor', 'password', 'next-factor', 'password']);
  });

  it('a disabled account is refused with either factor, like an unknown one', async () => {
    const { dynamo } = await import('../../functions/adapters/aws-clients.js');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { keys } = await import('../../functions/adapters/dynamodb/keys.js');
    await dynamo().send(new UpdateCommand({ TableName: 'kagi', Key: keys.employee(companyId, ids.gone!), UpdateExpression: 'SET enabled = :f', ExpressionAttributeValues: { ':f': false } }));
    const byOtp = await clientCall('/api/client/authenticate', { loginId: 'gone', event: 'logon', otp: await apps.gone!.next() }, pc.credential);
    const byPassword = await clientCall('/api/client/authenticate', { loginId: 'gone', event: 'logon', password: password() }, pc.credential);
    const unknown = await clientCall('/api/client/authenticate', { loginId: 'nobody-here', event: 'logon', password: password() }, pc.credential);
    expect(byOtp.body).toEqual(unknown.body);
    expect(byPassword.body).toEqual(unknown.body);
    expect(unknown.body).toMatchObject({ result: 'denied', reason: 'invalid' });
  });

  it('an OTP group member without TOTP is told to set it up on the web', async () => {
    const res = await authenticate({ loginId: 'otpnone', event: 'logon' }, scripted(['000000']), pc);
    expect(res).toMatchObject({ result: 'denied', reason: 'otp-not-set-up' });
    expect((res as { message: string }).message).toMatch(/Web の マイページ で 2段階認証/);
  });

  it('the command line prompts for the factors in order, reading them from its input (the password not echoed)', async () => {
    const code = await apps.both!.next();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/logon-client.ts', 'logon', '--login-id', 'both', '--state', pc.stateDir], { stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
    child.stdin.end(`${password()}\n${code}\n`);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(exit, stderr).toBe(0);
    expect(stderr).toContain('パスワード / Password: ');
    expect(stderr).toContain('ワンタイムパスワード / One-time password: ');
    expect(stderr + stdout).not.toContain(password());
    expect(stdout).toContain('Welcome, 端末 both.');
  }, 60_000);
});

describe('devices and enrollment keys', () => {
  it('without a device credential, or with an unknown or revoked one, every client route answers 401', async () => {
    const pc = await newPc();
    const event = { events: [{ eventId: `ev-${Date.now()}-a`, loginId: 'nogroup', type: 'logoff', at: new Date(serverNow()).toISOString() }] };
    const check = { loginId: 'nogroup', event: 'logon', password: password() };
    for (const credential of [undefined, 'kdc_not-a-real-credential-at-all-0000000000000']) {
      expect((await clientCall('/api/client/authenticate', check, credential)).status).toBe(401);
      expect((await clientCall('/api/client/events', event, credential)).status).toBe(401);
    }
    expect((await clientCall('/api/client/enroll', { enrollmentKey: 'kek_wrong', hostname: 'PC-X' })).status).toBe(401);
    expect((await clientCall('/api/client/authenticate', check, pc.credential)).body.result).toBe('allowed');

    const revoked = await api(adminToken).del(`/api/admin/devices/${pc.deviceId}`);
    expect(revoked.status).toBe(204);
    const afterCheck = await clientCall('/api/client/authenticate', check, pc.credential);
    expect([afterCheck.status, afterCheck.body.error.code]).toEqual([401, 'DEVICE_UNAUTHENTICATED']);
    expect((await clientCall('/api/client/events', event, pc.credential)).status).toBe(401);
    const listed = (await api(adminToken).get('/api/admin/devices')).body.items.find((d: { deviceId: string }) => d.deviceId === pc.deviceId);
    expect(listed).toMatchObject({ hostname: expect.stringMatching(/^PC-/), authentication: true, revokedAt: expect.any(String), lastSeenAt: expect.any(String) });
    expect((await audit(['client.device.revoke'])).some((e) => e.target === pc.deviceId)).toBe(true);
  });

  it('an enrollment key works until it expires or is revoked; the key itself is never listed', async () => {
    const expiring = await newKey(1);
    const revoked = await newKey();
    expect((await api(adminToken).del(`/api/admin/enrollment-keys/${revoked.keyId}`)).status).toBe(204);
    expect((await clientCall('/api/client/enroll', { enrollmentKey: revoked.key, hostname: 'PC-R' })).status).toBe(401);
    try {
      await advanceServerClock(86_400_000 + 60_000);
      const late = await clientCall('/api/client/enroll', { enrollmentKey: expiring.key, hostname: 'PC-E' });
      expect([late.status, late.body.error.code]).toEqual([401, 'ENROLLMENT_KEY_INVALID']);
      const listed = await api(adminToken).get('/api/admin/enrollment-keys');
      expect(listed.body.items.find((k: { keyId: string }) => k.keyId === expiring.keyId).state).toBe('expired');
      expect(listed.body.items.find((k: { keyId: string }) => k.keyId === revoked.keyId).state).toBe('revoked');
      expect(listed.text).not.toContain(expiring.key);
    } finally {
      await resetServerClock();
    }
    const ok = await clientCall('/api/client/enroll', { enrollmentKey: expiring.key, hostname: 'PC-E' });
    expect(ok.status).toBe(201);
    expect(ok.body.credential).toMatch(/^kdc_[A-Za-z0-9_-]{43}$/);
    // Only digests are stored: neither the key nor the credential is anywhere in the table.
    const table = JSON.stringify(await scanTable());
    expect(table).not.toContain(expiring.key);
    expect(table).not.toContain(ok.body.credential);
    expect((await audit(['client.enrollment-key.create', 'client.enrollment-key.revoke', 'client.device.enroll'])).length).toBeGreaterThanOrEqual(4);
  });

  it('viewers see the lists but cannot create keys or revoke; a device without authentication may only send events', async () => {
    const viewer = await signIn(COMPANY.code, 'viewer');
    expect((await api(viewer).get('/api/admin/devices')).status).toBe(200);
    expect((await api(viewer).post('/api/admin/enrollment-keys', {})).status).toBe(403);
    const other = await signIn('other', 'admin');
    expect((await api(other).get('/api/admin/devices')).body.items.some((d: { companyId: string }) => d.companyId === companyId)).toBe(false);

    const pc = await newPc({ authentication: false });
    const refused = await clientCall('/api/client/authenticate', { loginId: 'nogroup', event: 'logon', password: password() }, pc.credential);
    expect(refused.status).toBe(403);
    expect(await run('logon', { loginId: 'nogroup' }, scripted([]), pc)).toBe(0);
    expect(queuedEvents(pc)).toEqual([]);
  });
});

describe('events', () => {
  let pc: Awaited<ReturnType<typeof newPc>>;
  beforeAll(async () => {
    pc = await newPc();
  });

  it('an event sent twice (same eventId) is stored once; one 3 days old is stored with its own time beside the received one', async () => {
    const threeDaysAgo = new Date(serverNow() - 3 * 86_400_000).toISOString();
    const old = queueEvent({ loginId: 'nogroup', type: 'lock', at: threeDaysAgo }, pc);
    const first = await flush(pc);
    expect(first).toMatchObject({ stored: 1, kept: 0 });
    queueEvent({ ...old }, pc);
    expect(await flush(pc)).toMatchObject({ stored: 0, duplicate: 1, kept: 0 });

    const entries = (await audit(['client.lock'])).filter((e) => e.detail?.eventId === old.eventId);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.detail).toMatchObject({ occurredAt: threeDaysAgo, device: expect.stringMatching(/^PC-/), deviceId: pc.deviceId });
    // The entry itself is dated when it arrived (past days of the log are sealed).
    expect(Math.abs(Date.parse(entries[0]!.at) - serverNow())).toBeLessThan(120_000);
    const record = (await scanTable()).find((i) => i.pk === `CO#${companyId}#CLIENTEVENT#${old.eventId}`);
    expect(record).toMatchObject({ occurredAt: threeDaysAgo, receivedAt: entries[0]!.at });
  });

  it('an event older than 7 days, or in the future, is refused alone; the others of the batch are stored', async () => {
    const now = serverNow();
    const res = await clientCall(
      '/api/client/events',
      {
        events: [
          { eventId: `old-${now}`, loginId: 'nogroup', type: 'logon', at: new Date(now - 8 * 86_400_000).toISOString() },
          { eventId: `future-${now}`, loginId: 'nogroup', type: 'logon', at: new Date(now + 3600_000).toISOString() },
          { eventId: `fine-${now}`, loginId: 'nogroup', type: 'logon', at: new Date(now).toISOString() },
          { eventId: `nobody-${now}`, loginId: 'nobody-here', type: 'logon', at: new Date(now).toISOString() },
        ],
      },
      pc.credential,
    );
    expect(res.body.results).toEqual([
      { eventId: `old-${now}`, status: 'refused', reason: 'too-old' },
      { eventId: `future-${now}`, status: 'refused', reason: 'in-future' },
      { eventId: `fine-${now}`, status: 'stored' },
      { eventId: `nobody-${now}`, status: 'refused', reason: 'unknown-login-id' },
    ]);
    const tooMany = await clientCall('/api/client/events', { events: Array.from({ length: 51 }, (_, i) => ({ eventId: `many-${now}-${i}`, loginId: 'nogroup', type: 'lock', at: new Date(now).toISOString() })) }, pc.credential);
    expect(tooMany.status).toBe(400);
  });

  it('events are kept offline while the server cannot be reached, and sent by the next call', async () => {
    const offline: ClientOptions = { ...pc, stateDir: pc.stateDir };
    const { readFileSync, writeFileSync } = await import('node:fs');
    const deviceFile = join(pc.stateDir, 'device.json');
    const saved = readFileSync(deviceFile, 'utf8');
    writeFileSync(deviceFile, JSON.stringify({ ...JSON.parse(saved), server: 'http://127.0.0.1:1' }));
    queueEvent({ loginId: 'nogroup', type: 'logoff' }, offline);
    expect(await flush(offline)).toMatchObject({ kept: 1 });
    writeFileSync(deviceFile, saved);
    expect(await flush(offline)).toMatchObject({ stored: 1, kept: 0 });
  });

  it('with the attendance link on, logon and logoff are published as 出勤 and 退勤, exactly once per eventId; 出退勤ログ検索 shows them and refuses the export', async () => {
    await setAttendanceLink({ enabled: true, breaks: false });
    try {
      expect(await run('logon', { loginId: 'clocker' }, scripted([password()]), pc)).toBe(0);
      expect(await run('logoff', { loginId: 'clocker' }, scripted([]), pc)).toBe(0);
      expect(await run('lock', { loginId: 'clocker' }, scripted([]), pc)).toBe(0);
      const entries = await audit(['clock.logon', 'clock.logoff', 'client.lock']);
      const mine = entries.filter((e) => e.actor === 'clocker');
      const logon = mine.find((e) => e.action === 'clock.logon')!;
      const logoff = mine.find((e) => e.action === 'clock.logoff')!;
      expect(logon.detail).toMatchObject({ clockKind: 'clock-in', method: 'password' });
      expect(logoff.detail).toMatchObject({ clockKind: 'clock-out' });
      // Breaks are not counted unless the link says so: lock stays a plain client event.
      expect(mine.find((e) => e.action === 'client.lock')?.detail?.clockKind).toBeUndefined();

      // Sent again (a retry after a lost answer): stored and published once.
      queueEvent({ eventId: String(logon.detail.eventId), loginId: 'clocker', type: 'logon', at: String(logon.detail.occurredAt) }, pc);
      queueEvent({ eventId: String(logoff.detail.eventId), loginId: 'clocker', type: 'logoff', at: String(logoff.detail.occurredAt) }, pc);
      expect(await flush(pc)).toMatchObject({ duplicate: 2, kept: 0 });
      const events = (await published()).filter((e) => e.companyId === companyId && e.employeeCode === 'P011');
      expect(events.map((e) => [e.eventId, e.kind])).toEqual([
        [logon.detail.eventId, 'clock-in'],
        [logoff.detail.eventId, 'clock-out'],
      ]);
      expect(events[0]).toMatchObject({ companyCode: COMPANY.code, at: logon.detail.occurredAt, receivedAt: logon.at });
      const records = (await scanTable()).filter((i) => String(i.pk).startsWith(`CO#${companyId}#CLIENTEVENT#`) && i.clockKind);
      expect(records.every((r) => r.published === true)).toBe(true);

      // 出退勤ログ検索 shows the two clock events (not the lock), each once, and refuses the export.
      const window = `from=${new Date(serverNow() - 3600_000).toISOString()}&to=${new Date(serverNow() + 60_000).toISOString()}`;
      const search = await api(adminToken).get(`/api/admin/audit?mode=attendance&${window}&limit=500`);
      expect(search.status, search.text).toBe(200);
      const clocked = (search.body.items as Array<Record<string, any>>).filter((e) => e.actor === 'clocker');
      expect(clocked.map((e) => [e.action, e.detail.eventId])).toEqual([
        ['clock.logoff', logoff.detail.eventId],
        ['clock.logon', logon.detail.eventId],
      ]);
      const refused = await api(adminToken).post('/api/admin/audit/exports', { mode: 'attendance', lastDays: 1 });
      expect([refused.status, refused.body.error.code], refused.text).toEqual([400, 'NOT_EXPORTABLE']);
    } finally {
      await setAttendanceLink({ enabled: false, breaks: false });
    }
  });
});

describe('one lock for the client and the web sign-in', () => {
  let pc: Awaited<ReturnType<typeof newPc>>;
  beforeAll(async () => {
    pc = await newPc();
  });
  const web = (loginId: string, pw = password()) => api().post('/api/auth/login', { companyCode: COMPANY.code, loginId, password: pw }, OFFICE);

  it('ten wrong passwords at the client lock the web sign-in', async () => {
    for (let i = 0; i < 10; i++) await authenticate({ loginId: 'lockpw', event: 'logon' }, scripted(['Wrong-Password-1']), pc);
    const blocked = await web('lockpw');
    expect([blocked.status, blocked.body.error.code]).toEqual([423, 'ACCOUNT_LOCKED']);
  });

  it('ten wrong passwords on the web lock the client', async () => {
    for (let i = 0; i < 10; i++) await web('lockweb', 'Wrong-Password-1');
    const res = await authenticate({ loginId: 'lockweb', event: 'logon' }, scripted([password()]), pc);
    expect(res).toMatchObject({ result: 'denied', reason: 'locked' });
  });

  it('five wrong codes at the client lock the second factor of the web sign-in', async () => {
    for (let i = 0; i < 5; i++) await authenticate({ loginId: 'lockotp', event: 'logon', otpFirst: true }, scripted([apps.lockotp!.wrong()]), pc);
    const first = await web('lockotp');
    expect(first.body.result).toBe('mfa-required');
    const second = await api().post('/api/auth/mfa', { session: first.body.session, code: await apps.lockotp!.next() }, OFFICE);
    expect([second.status, second.body.error.code]).toEqual([423, 'MFA_LOCKED']);
  });

  it('five wrong codes on the web lock the client OTP', async () => {
    const first = await web('lockotpweb');
    for (let i = 0; i < 5; i++) await api().post('/api/auth/mfa', { session: first.body.session, code: apps.lockotpweb!.wrong() }, OFFICE);
    const res = await authenticate({ loginId: 'lockotpweb', event: 'logon', otpFirst: true }, scripted([await apps.lockotpweb!.next()]), pc);
    expect(res).toMatchObject({ result: 'denied', reason: 'locked' });
  });
});

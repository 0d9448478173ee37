import { Secret, TOTP } from 'otpauth';
import { startBenchRuntime } from './bench-runtime.js';
import { isMain, printResult, runApart } from './apart.js';

/**
 * The PC logon client bench (issue 12): client authentications per second (password, OTP, both)
 * next to the web sign-in of the same run, and events ingested per second in batches of 50. Its
 * own runtime (DynamoDB Local in memory); a company of its own whose accounts each use one TOTP
 * step once (the replay check refuses a step twice).
 */
export interface ClientBench {
  webSignInPerSecond: number;
  passwordPerSecond: number;
  otpPerSecond: number;
  bothPerSecond: number;
  eventsPerSecond: number;
  n: { password: number; otp: number; both: number; events: number };
}

const PASSWORD = 'Bench-Client-Password-1';
const PER_KIND = 20;
const IN_FLIGHT = 4;
const BATCHES = 20;

async function inParallel<T>(items: T[], run: (item: T) => Promise<void>): Promise<number> {
  const queue = [...items];
  const start = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  }));
  return (performance.now() - start) / 1000;
}

export async function benchLogonClient(): Promise<ClientBench> {
  const { kagi, stop } = await startBenchRuntime('kagi-bench-client', { demoPassword: PASSWORD, dynamodbInMemory: true });
  try {
    const { seedCompany } = await import('../../bin/local/seed.js');
    const { createAccountDirectory } = await import('../../functions/adapters/dynamodb/account-directory.js');
    const { dynamo } = await import('../../functions/adapters/aws-clients.js');
    const { PutCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { keys } = await import('../../functions/adapters/dynamodb/keys.js');
    const { LOCAL_NAMES } = await import('../../bin/local/provision.js');
    const base = { familyNameKana: '', givenNameKana: '', office: '本社', department: '総務部', birthDate: '', email2: '', email3: '', enabled: true, signIn: true, accountKind: 'internal' } as const;
    const login = (kind: string, i: number) => `${kind}${String(i).padStart(3, '0')}`;
    const people = ['admin', ...['p', 'o', 'w'].flatMap((k) => Array.from({ length: PER_KIND }, (_, i) => login(k, i)))];
    await seedCompany('bench-pc', '株式会社ベンチ', people.map((loginId, i) => ({ ...base, employeeCode: `B${String(i).padStart(4, '0')}`, familyName: 'ベンチ', givenName: loginId, email1: `${loginId}@bench.example.jp`, loginId, role: loginId === 'admin' ? 'admin' : 'employee' })), PASSWORD);
    const directory = createAccountDirectory();
    const companyId = (await directory.companyByCode('bench-pc'))!.id;

    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${kagi.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
    };
    const signIn = async (loginId: string) => (await post('/api/auth/login', { companyCode: 'bench-pc', loginId, password: PASSWORD })).body;

    // Second factors for the o and w accounts, as the setup screen makes them.
    const apps = new Map<string, TOTP>();
    for (const loginId of people.filter((p) => p.startsWith('o') || p.startsWith('w'))) {
      const token = (await signIn(loginId)).idToken as string;
      const setup = await post('/api/me/mfa/setup', undefined, { Authorization: `Bearer ${token}` });
      const totp = new TOTP({ secret: Secret.fromBase32(setup.body.secret), algorithm: 'SHA1', digits: 6, period: 30 });
      apps.set(loginId, totp);
      // The previous step's code confirms; the current one is left for the bench.
      const confirmed = await post('/api/me/mfa/confirm', { code: totp.generate({ timestamp: Date.now() - 30_000 }) }, { Authorization: `Bearer ${token}` });
      if (confirmed.status !== 200) throw new Error(`TOTP setup failed for ${loginId}: ${JSON.stringify(confirmed.body)}`);
    }
    const at = new Date().toISOString();
    await dynamo().send(new PutCommand({ TableName: LOCAL_NAMES.table, Item: { ...keys.group(companyId, 'BOTH'), entity: 'Group', companyId, name: '二要素', firstFactor: 'password', secondFactor: 'otp', timeZone: 'Asia/Tokyo', language: 'ja', createdAt: at, updatedAt: at, version: 1 } }));
    for (const loginId of people.filter((p) => p.startsWith('w'))) {
      const id = (await directory.employeeByLoginId(companyId, loginId))!.id;
      await dynamo().send(new UpdateCommand({ TableName: LOCAL_NAMES.table, Key: keys.employee(companyId, id), UpdateExpression: 'SET groupId = :g', ExpressionAttributeValues: { ':g': 'BOTH' } }));
    }

    const admin = (await signIn('admin')).idToken as string;
    const key = (await post('/api/admin/enrollment-keys', {}, { Authorization: `Bearer ${admin}` })).body.key as string;
    const credential = (await post('/api/client/enroll', { enrollmentKey: key, hostname: 'BENCH-PC' })).body.credential as string;
    const device = { Authorization: `Device ${credential}` };
    const expect = (res: { status: number; body: any }, result: string) => {
      if (res.status !== 200 || res.body.result !== result) throw new Error(`expected ${result}: ${res.status} ${JSON.stringify(res.body)}`);
    };

    const pAccounts = people.filter((p) => p.startsWith('p'));
    const twice = [...pAccounts, ...pAccounts];
    const webSeconds = await inParallel(twice, async (loginId) => expect(await post('/api/auth/login', { companyCode: 'bench-pc', loginId, password: PASSWORD }), 'signed-in'));
    const passwordSeconds = await inParallel(twice, async (loginId) => expect(await post('/api/client/authenticate', { loginId, event: 'logon', password: PASSWORD }, device), 'allowed'));
    const code = (loginId: string) => apps.get(loginId)!.generate({ timestamp: Date.now() });
    const otpSeconds = await inParallel(people.filter((p) => p.startsWith('o')), async (loginId) => expect(await post('/api/client/authenticate', { loginId, event: 'logon', otp: code(loginId) }, device), 'allowed'));
    const bothSeconds = await inParallel(people.filter((p) => p.startsWith('w')), async (loginId) => {
      const first = await post('/api/client/authenticate', { loginId, event: 'logon', password: PASSWORD }, device);
      expect(first, 'next-factor');
      expect(await post('/api/client/authenticate', { loginId, event: 'logon', otp: code(loginId), session: first.body.session }, device), 'allowed');
    });

    const batches = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => ({ eventId: `bench-${b}-${i}-${Date.now()}`, loginId: pAccounts[i % pAccounts.length]!, type: i % 2 ? 'logoff' : 'logon', at: new Date().toISOString() })),
    );
    const eventSeconds = await inParallel(batches, async (events) => {
      const res = await post('/api/client/events', { events }, device);
      if (res.status !== 200 || res.body.results.some((r: { status: string }) => r.status !== 'stored')) throw new Error(`events: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    });

    return {
      webSignInPerSecond: twice.length / webSeconds,
      passwordPerSecond: twice.length / passwordSeconds,
      otpPerSecond: PER_KIND / otpSeconds,
      bothPerSecond: PER_KIND / bothSeconds,
      eventsPerSecond: (BATCHES * 50) / eventSeconds,
      n: { password: twice.length, otp: PER_KIND, both: PER_KIND, events: BATCHES * 50 },
    };
  } finally {
    await stop();
  }
}

/** The client bench in a process of its own (it starts a runtime of its own, before the main bench's). */
export function benchLogonClientApart(): Promise<ClientBench> {
  return runApart<ClientBench>(import.meta.url, [], 'PC logon client bench');
}

if (isMain(import.meta.url)) {
  printResult(await benchLogonClient());
  process.exit(0);
}

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { signInScopes } from '../../functions/core/auth/sign-in-lock.js';
import { api, fromAddress, signIn } from '../support/api.js';
import { TEST_THROTTLE_LIMITS } from '../support/constants.js';
import { setTemporaryPassword, useLocalEnv } from '../support/fixtures.js';

const password = () => inject('demoPassword');
const login = (body: Record<string, unknown>, address: string) => api().post('/api/auth/login', body, fromAddress(address));

async function failuresAt(key: string): Promise<number> {
  useLocalEnv();
  const { dynamo } = await import('../../functions/adapters/aws-clients.js');
  const { keys } = await import('../../functions/adapters/dynamodb/keys.js');
  const out = await dynamo().send(new GetCommand({ TableName: 'kagi', Key: keys.failureCounter(key), ConsistentRead: true }));
  return Number(out.Item?.failures ?? 0);
}

/** The answer with the lock's clock time masked: two runs a few milliseconds apart must otherwise match. */
const shape = (res: { status: number; body: any }) =>
  JSON.stringify({ status: res.status, body: res.body }).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>').replace(/\d\d:\d\d/g, '<hh:mm>');

describe('sign-in under concurrency', () => {
  it('answers 100 concurrent correct sign-ins of one account from one address with 100 × 200', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () => login({ companyCode: 'demo', loginId: 'viewer', password: password() }, '198.51.100.10')));
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(new Set(answers.map((r) => r.body.result))).toEqual(new Set(['signed-in']));
    // 前回ログイン日時 still comes from the record the sign-ins updated.
    const me = await api(answers[0]!.body.idToken).get('/api/me');
    expect(me.body.lastSignInAt).toEqual(expect.any(String));
    expect(me.body.previousSignInAt).toEqual(expect.any(String));
    // 100 real sign-ins on a shared 2-core machine: room for a slow run, not a speed target.
  }, 240_000);

  it('counts and audits every one of 40 concurrent wrong passwords, with no 5xx', async () => {
    await setTemporaryPassword({ loginId: 'fujita.hayate', password: 'Temp-Pass-404040' });
    const address = '198.51.100.11';
    const since = new Date(Date.now() - 1000).toISOString();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login({ companyCode: 'demo', loginId: 'fujita.hayate', password: `wrong-${i}-xxxxxx` }, address)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s === 401 || s === 423)).toBe(true);

    const scopes = signInScopes('demo', 'fujita.hayate', address);
    expect(await failuresAt(scopes.atSourceKey)).toBe(40);
    expect(await failuresAt(scopes.anywhereKey)).toBe(40);

    const admin = await signIn('demo', 'admin');
    const to = new Date(Date.now() + 60_000).toISOString();
    const audit = await api(admin).get(`/api/admin/audit?from=${since}&to=${to}&limit=500`);
    expect(audit.status).toBe(200);
    const entries = audit.body.items.filter((e: any) => e.action === 'auth.login' && e.actor === 'fujita.hayate');
    expect(entries).toHaveLength(40);
    expect(entries.every((e: any) => e.result === 'failure' && e.sourceIp === address)).toBe(true);
    // Attempts that met the lock set by earlier ones were refused unchecked, and counted all the same.
    expect(new Set(entries.map((e: any) => e.reason))).toEqual(new Set(['bad-password', 'locked'].filter((r) => entries.some((e: any) => e.reason === r))));
    expect(entries.filter((e: any) => e.reason === 'bad-password').length).toBeGreaterThanOrEqual(10);
  }, 240_000);

  it('cannot tell an unknown login ID or company from a real account through the lock', async () => {
    await setTemporaryPassword({ loginId: 'hasegawa.ichiro', password: 'Temp-Pass-505050' });
    const run = async (companyCode: string, loginId: string, address: string) => {
      const answers: string[] = [];
      for (let i = 0; i < 11; i++) answers.push(shape(await login({ companyCode, loginId, password: `wrong-${i}-yyyyyy` }, address)));
      return answers;
    };
    const [real, unknownLogin, unknownCompany] = await Promise.all([
      run('demo', 'hasegawa.ichiro', '198.51.100.21'),
      run('demo', 'no-such.person', '198.51.100.22'),
      run('no-such-company', 'hasegawa.ichiro', '198.51.100.23'),
    ]);
    expect(unknownLogin).toEqual(real);
    expect(unknownCompany).toEqual(real);
    expect(real.slice(0, 9).every((a) => a.includes('"status":401'))).toBe(true);
    expect(real[9]).toContain('"status":423');
    expect(real[9]).toContain('ACCOUNT_LOCKED');
    // The right password is refused as well while locked, with the same answer.
    expect(shape(await login({ companyCode: 'demo', loginId: 'hasegawa.ichiro', password: 'Temp-Pass-505050' }, '198.51.100.21'))).toEqual(real[10]);
    // Another address is not held by that address's failures.
    const elsewhere = await login({ companyCode: 'demo', loginId: 'hasegawa.ichiro', password: 'Temp-Pass-505050' }, '198.51.100.24');
    expect(elsewhere.status).toBe(200);
  });
});

describe('public-route throttle', () => {
  /** Sends `request` until the first 429 (at most twice the limit: a window may turn over meanwhile). */
  async function untilThrottled(limit: number, request: () => Promise<{ status: number; body: any; headers: Headers }>) {
    for (let i = 1; i <= 2 * limit + 1; i++) {
      const res = await request();
      expect(res.status).toBeLessThan(500);
      if (res.status === 429) return { at: i, res };
    }
    throw new Error('never throttled');
  }

  const families = [
    {
      name: 'auth (sign-in, new password, refresh, sign-out)',
      limit: TEST_THROTTLE_LIMITS.auth.perSource.limit,
      first: (h: Record<string, string>) => api().post('/api/auth/login', { companyCode: 'throttle-test' }, h),
      same: [
        (h: Record<string, string>) => api().post('/api/auth/new-password', { session: 'x', newPassword: 'y' }, h),
        (h: Record<string, string>) => api().post('/api/auth/refresh', { refreshToken: 'x', accountId: 'y' }, h),
        (h: Record<string, string>) => api().post('/api/auth/logout', { refreshToken: 'x' }, h),
      ],
      address: '203.0.113.41',
    },
    {
      name: 'time clock',
      limit: TEST_THROTTLE_LIMITS.timeclock.perSource.limit,
      first: (h: Record<string, string>) => api().post('/api/timeclock/verify', { companyCode: 'throttle-test' }, h),
      same: [],
      address: '203.0.113.42',
    },
    {
      name: 'verification links',
      limit: TEST_THROTTLE_LIMITS.verification.perSource.limit,
      first: (h: Record<string, string>) => api().get('/api/verification/not-a-real-token-000000000000000000000', h),
      same: [(h: Record<string, string>) => api().post('/api/verification/not-a-real-token-000000000000000000000', undefined, h)],
      address: '203.0.113.43',
    },
  ];

  for (const family of families) {
    it(`answers 429 with Retry-After once ${family.name} passes its per-address limit, and only for that address`, async () => {
      const mine = fromAddress(family.address);
      const { at, res } = await untilThrottled(family.limit, () => family.first(mine));
      expect(at).toBeGreaterThan(family.limit);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(res.body).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('秒'), details: { retryAfterSeconds: expect.any(Number) } } });
      for (const other of family.same) expect((await other(mine)).status).toBe(429);
      const next = fromAddress(family.address.replace(/\d+$/, (n) => String(Number(n) + 100)));
      expect((await family.first(next)).status).not.toBe(429);
    });
  }
});

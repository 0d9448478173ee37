import { beforeAll, describe, expect, it } from 'vitest';
import { api, signIn } from '../support/api.js';

let admin: string;
let viewer: string;
const patch = (token: string, body: unknown) => api(token).call('PATCH', '/api/admin/settings', body);

beforeAll(async () => {
  [admin, viewer] = await Promise.all([signIn('demo', 'admin'), signIn('demo', 'viewer')]);
});

describe('company settings (基本設定 › アカウント)', () => {
  it('starts from the defaults: PDF, 7-day links, 14-day temporary passwords', async () => {
    const res = await api(admin).get('/api/admin/settings');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ notificationMethod: 'pdf', temporaryPasswordValidityDays: 14 });
    expect(res.body.verificationValidityDays).toBeGreaterThanOrEqual(1);
    // The deployment's send rate, for the estimate before a bulk send; not a setting one may change.
    expect(res.body.mailSendRatePerSecond).toBeGreaterThan(0);
    expect((await patch(admin, { mailSendRatePerSecond: 1000 })).status).toBe(400);
  });

  it('changes only what is sent, and audits it', async () => {
    const res = await patch(admin, { notificationMethod: 'mail', verificationValidityDays: 14 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ notificationMethod: 'mail', verificationValidityDays: 14, temporaryPasswordValidityDays: 14 });
    expect((await api(admin).get('/api/admin/settings')).body.notificationMethod).toBe('mail');
    // A viewer may not read 基本設定, yet learns the method from their own account.
    expect((await api(viewer).get('/api/me')).body.notificationMethod).toBe('mail');
    const from = new Date(Date.now() - 600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const audit = await api(admin).get(`/api/admin/audit?from=${from}&to=${to}&limit=500`);
    expect(audit.body.items.find((e: any) => e.action === 'company.settings.update')).toMatchObject({ actor: 'admin', detail: { notificationMethod: 'mail' } });
    await patch(admin, { notificationMethod: 'pdf', verificationValidityDays: 7 });
  });

  it.each([
    [{ verificationValidityDays: 0 }],
    [{ verificationValidityDays: 15 }],
    [{ verificationValidityDays: 2.5 }],
    [{ notificationMethod: 'fax' }],
    [{ temporaryPasswordValidityDays: '7' }],
    [{ somethingElse: true }],
  ])('refuses %j with 400 and changes nothing', async (body) => {
    const before = (await api(admin).get('/api/admin/settings')).body;
    const res = await patch(admin, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION');
    expect((await api(admin).get('/api/admin/settings')).body).toEqual(before);
  });

  it('is for admins only', async () => {
    expect((await api(viewer).get('/api/admin/settings')).status).toBe(403);
    expect((await patch(viewer, { notificationMethod: 'mail' })).status).toBe(403);
  });
});

import { beforeAll, describe, expect, inject, it } from 'vitest';
import { japanDateStamp } from '../../functions/core/shared/japan-date.js';
import { api, signIn, waitForJob } from '../support/api.js';
import { pdfText } from '../support/pdf-text.js';

let admin: string;

beforeAll(async () => {
  admin = await signIn('demo', 'admin');
});

describe('the company name for the sign-in page (public)', () => {
  it('answers the display name only, for the code in any case', async () => {
    const known = await api().get('/api/companies/demo');
    expect(known.status).toBe(200);
    expect(known.body).toEqual({ name: '株式会社デモ' });
    expect((await api().get('/api/companies/DEMO')).body).toEqual({ name: '株式会社デモ' });
    expect((await api().get('/api/companies/OTHER')).body).toEqual({ name: '株式会社アザー' });
  });

  it('answers an unknown code and one no company can have (spaces, too long) with a plain 404', async () => {
    const unknown = await api().get('/api/companies/no-such-company');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
    for (const bad of ['x'.repeat(65), encodeURIComponent(' other ')]) {
      const res = await api().get(`/api/companies/${bad}`);
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
  });
});

describe('the password notice an employee holds', () => {
  it('prints the company code and the sign-in URL with the company; its file is named by the Japan date; the site may read it', async () => {
    const created = await api(admin).post('/api/admin/employees', {
      employeeCode: `NOTICE-${Date.now().toString(36)}`, familyName: '通知', givenName: '確認', familyNameKana: '', givenNameKana: '', office: '', department: '',
      birthDate: '', email1: '', email2: '', email3: '', loginId: '', role: 'employee', enabled: true,
    });
    expect(created.status).toBe(201);
    const target = created.body;
    const started = await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [target.id] });
    expect(started.status).toBe(202);
    const job = await waitForJob(admin, started.body.jobId);
    expect(job.counts.succeeded).toBe(1);

    const url = new URL(job.download.url);
    expect(url.searchParams.get('response-content-disposition')).toBe(`attachment; filename="password-notices-${japanDateStamp(job.createdAt)}.pdf"`);
    // The site's page reads the presigned link itself (CORS), in AWS and locally.
    const origin = inject('baseUrl');
    const response = await fetch(job.download.url, { headers: { Origin: origin } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toMatch(new RegExp(`^(\\*|${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})$`));

    const text = pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toMatch(/会社コード\s+demo/);
    expect(text).toContain(`${origin}/login?company=demo`);
    expect(text).toContain(target.loginId);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { api, signIn } from '../support/api.js';
import { runPdfJobWithFaults } from '../support/fixtures.js';
import { expectCountsEqualRecount } from '../support/recount.js';

let admin: string;

/** Counts from scratch, by reading every employee: what the counters must equal. */

async function waitForJob(jobId: string) {
  for (let i = 0; i < 600; i++) {
    const job = (await api(admin).get(`/api/admin/jobs/${jobId}`)).body;
    if (job.state === 'done') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

beforeAll(async () => {
  admin = await signIn('demo', 'admin');
});

describe('status counts', () => {
  it('equal a full recount from the start, after creates, deletes and an import', async () => {
    await expectCountsEqualRecount(admin);
    const created = await api(admin).post('/api/admin/employees', { employeeCode: 'CNT-1', familyName: '計数', givenName: '一' });
    await api(admin).post('/api/admin/employees', { employeeCode: 'CNT-2', familyName: '計数', givenName: '二' });
    await api(admin).del(`/api/admin/employees/${created.body.id}`);
    const csv = new TextEncoder().encode('社員コード,姓,名\r\nCNT-3,計数,三\r\nCNT-4,計数,四\r\n');
    const preview = await api(admin).post('/api/admin/employee-imports', csv, { 'Content-Type': 'application/octet-stream' });
    await api(admin).post(`/api/admin/employee-imports/${preview.body.importId}/commit`);
    for (let i = 0; i < 100 && (await api(admin).get(`/api/admin/employee-imports/${preview.body.importId}`)).body.state !== 'done'; i++) await new Promise((r) => setTimeout(r, 100));
    await expectCountsEqualRecount(admin);
  });

  it('equal a full recount after a bulk issuance with exclusions, and after two concurrent reissues', async () => {
    const list = (await api(admin).get('/api/admin/employees?q=CNT&limit=200')).body.items;
    const disabled = (await api(admin).get('/api/admin/employees?limit=200')).body.items.find((e: any) => e.employeeCode === '0025');
    // A deleted employee is still the company's: excluded from the job, not refused.
    const deleted = (await api(admin).post('/api/admin/employees', { employeeCode: 'DEL-CNT', familyName: '削除', givenName: '済' })).body;
    expect((await api(admin).del(`/api/admin/employees/${deleted.id}`)).status).toBe(204);
    const bulk = await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [...list.map((e: any) => e.id), disabled.id, deleted.id] });
    expect(bulk.status).toBe(202);
    expect((await waitForJob(bulk.body.jobId)).counts.excluded).toBeGreaterThan(0);
    await expectCountsEqualRecount(admin);
    const [a, b] = await Promise.all([
      api(admin).post('/api/admin/issuance/pdf', { employeeIds: list.map((e: any) => e.id), reissue: true }),
      api(admin).post('/api/admin/issuance/pdf', { employeeIds: list.map((e: any) => e.id), reissue: true }),
    ]);
    const [ja, jb] = await Promise.all([waitForJob(a.body.jobId), waitForJob(b.body.jobId)]);
    // Each employee is issued by one job or the other (a claim held by the other job fails it), never lost.
    expect(ja.counts.succeeded + jb.counts.succeeded).toBeGreaterThanOrEqual(list.length);
    await expectCountsEqualRecount(admin);
  });

  it('equal a full recount after a chunk that died midway and an employee Cognito refused', async () => {
    // Employees of its own, so no other test's sign-in or issuance is touched; 42 make two chunks.
    const targets: any[] = [];
    for (let i = 1; i <= 42; i++) {
      targets.push((await api(admin).post('/api/admin/employees', { employeeCode: `FLT-${String(i).padStart(2, '0')}`, familyName: '障害', givenName: `${i}` })).body);
    }
    const refused = targets[3];
    const { job, failedDeliveries } = await runPdfJobWithFaults({ employeeIds: targets.map((e: any) => e.id), identityFailsFor: [refused.id] });
    expect(failedDeliveries).toBe(1);
    expect(job).toMatchObject({ state: 'done', chunks: 2, progress: { done: 42, total: 42 }, counts: { succeeded: 41, failed: 1, excluded: 0 } });
    expect(job.results).toEqual([expect.objectContaining({ employeeId: refused.id, outcome: 'failed', reason: 'identity' })]);
    const after = (await api(admin).get(`/api/admin/employees/${refused.id}`)).body;
    expect(after.passwordStatus).toBe('unissued');
    await expectCountsEqualRecount(admin);
    // Its claim was let go: it can be issued again at once.
    const again = await waitForJob((await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [refused.id], reissue: true })).body.jobId);
    expect(again.counts.succeeded).toBe(1);
    await expectCountsEqualRecount(admin);
  });
});

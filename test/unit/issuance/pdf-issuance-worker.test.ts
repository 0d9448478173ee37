import { describe, expect, it } from 'vitest';
import { ISSUANCE_CHUNK, type JobStore } from '../../../functions/core/issuance/pdf-issuance.js';
import type { Job, JobChunkMessage } from '../../../functions/core/jobs/job.js';
import type { Actor } from '../../../functions/core/access/actor.js';
import { createJobService, jobResultsCsv } from '../../../functions/core/jobs/service.js';
import { world } from './pdf-world.js';

const admin: Actor = { accountId: 'A', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '管理 者' };

describe('PDF issuance job', () => {
  it('puts each employee on exactly one page, with the password that works, even when a worker dies mid-chunk', async () => {
    const w = world(ISSUANCE_CHUNK * 2 + 5);
    const job = await w.starter.start(admin, [...w.employees.keys()], false);
    expect(w.queue).toHaveLength(3);
    // The first chunk renders and sets passwords, then dies before recording: SQS delivers it again.
    w.killNextFinish();
    await w.drain();
    const final = w.jobsById.get(job.jobId)!;
    expect(final).toMatchObject({ state: 'done', progress: { done: 85, total: 85 }, counts: { succeeded: 85 } });
    const pages = w.files.get(final.fileKey!)!;
    expect(pages).toHaveLength(85);
    expect(new Set(pages.map((p) => p.loginId)).size).toBe(85);
    for (const page of pages) {
      const id = `E${page.loginId.slice(4)}`;
      expect(w.cognito.get(id), page.loginId).toBe(page.temporaryPassword);
      expect(w.employees.get(id)!.passwordStatus).toBe('issued');
      // What the sign-in page asks for, and the page that opens with it filled in.
      expect(page).toMatchObject({ companyCode: 'demo', signInUrl: 'https://kagi.example.jp/login?company=demo', reissue: false });
    }
  });

  it('ends the job at the next delivery when building its file failed', async () => {
    const w = world(ISSUANCE_CHUNK + 5);
    const job = await w.starter.start(admin, [...w.employees.keys()], false);
    const [first, last] = w.queue.splice(0) as JobChunkMessage[];
    await w.worker.processChunk(first!);
    w.failNextMerge();
    await expect(w.worker.processChunk(last!)).rejects.toThrow('socket hang up');
    expect(w.jobsById.get(job.jobId)).toMatchObject({ state: 'queued', progress: { done: 45, total: 45 } });
    expect(w.jobsById.get(job.jobId)!.fileKey).toBeUndefined();
    // SQS delivers the failed message again a second later: that delivery ends the job, where a
    // claim left held would make it return at once and the job wait a worker timeout.
    await w.worker.processChunk(last!);
    const final = w.jobsById.get(job.jobId)!;
    expect(final).toMatchObject({ state: 'done', counts: { succeeded: 45 } });
    expect(w.files.get(final.fileKey!)).toHaveLength(45);
  });

  it('says 再発行 on the notices of a reissue', async () => {
    const w = world(2);
    Object.assign(w.employees.get('E1')!, { passwordStatus: 'issued', verificationStatus: 'not_applicable' });
    const job = await w.starter.start(admin, ['E0', 'E1'], true);
    await w.drain();
    const pages = w.files.get(w.jobsById.get(job.jobId)!.fileKey!)!;
    expect(pages.map((p) => [p.loginId, p.reissue])).toEqual([['user0', false], ['user1', true]]);
  });

  it("refuses the admin's own password (マイページ is for that)", async () => {
    const w = world(2);
    await expect(w.starter.start({ ...admin, accountId: 'E1' }, ['E0', 'E1'], true)).rejects.toMatchObject({ statusCode: 409, code: 'OWN_ACCOUNT' });
    expect(w.queue).toHaveLength(0);
  });

  it('excludes the already issued, the disabled and the unknown, with reasons', async () => {
    const w = world(3);
    Object.assign(w.employees.get('E1')!, { passwordStatus: 'issued', verificationStatus: 'not_applicable' });
    Object.assign(w.employees.get('E2')!, { enabled: false });
    const job = await w.starter.start(admin, ['E0', 'E1', 'E2', 'E9', 'E0'], false);
    await w.drain();
    const done = w.jobsById.get(job.jobId)!;
    expect(done.progress.total).toBe(4);
    expect(done.counts.succeeded).toBe(1);
    const results = (await w.jobs.get('C1', job.jobId))!.results;
    expect(results.map((r) => [r.employeeId, r.outcome, r.reason])).toEqual([
      ['E1', 'excluded', 'already-issued'],
      ['E2', 'excluded', 'disabled'],
      ['E9', 'excluded', 'not-found'],
    ]);
  });

  it('claims a chunk in one write, and one by one only when another job holds someone', async () => {
    const w = world(ISSUANCE_CHUNK + 2);
    await w.starter.start(admin, [...w.employees.keys()], false);
    await w.drain();
    // Two chunks, two all-or-nothing claims, no single claim.
    expect(w.calls).toEqual({ claimAll: 2, claim: 0 });

    const v = world(3);
    v.claims.set('E1', 'another-job');
    const job = await v.starter.start(admin, ['E0', 'E1', 'E2'], false);
    await v.drain();
    expect(v.calls).toEqual({ claimAll: 1, claim: 3 });
    expect(v.jobsById.get(job.jobId)!.counts).toMatchObject({ succeeded: 2 });
    expect((await v.jobs.get('C1', job.jobId))!.results.map((r) => [r.employeeId, r.reason])).toEqual([['E1', 'busy']]);
  });

  it('lets two concurrent jobs issue one employee only once', async () => {
    const w = world(1);
    const a = await w.starter.start(admin, ['E0'], true);
    const b = await w.starter.start(admin, ['E0'], true);
    // Job a claims and sets a password, then dies; job b runs meanwhile and must not issue.
    w.killNextFinish();
    await w.worker.processChunk(w.queue.shift() as JobChunkMessage).catch(() => undefined);
    await w.worker.processChunk(w.queue.shift() as JobChunkMessage);
    expect(w.jobsById.get(b.jobId)!.counts).toMatchObject({ succeeded: 0 });
    await w.worker.processChunk({ kind: 'pdf-issuance-chunk', companyId: 'C1', jobId: a.jobId, chunk: 0 });
    const pages = w.files.get(w.jobsById.get(a.jobId)!.fileKey!)!;
    expect(pages).toHaveLength(1);
    expect(w.cognito.get('E0')).toBe(pages[0]!.temporaryPassword);
  });

  it('refuses the viewer and empty or oversized requests', async () => {
    const w = world(1);
    await expect(w.starter.start({ ...admin, role: 'viewer' }, ['E0'], false)).rejects.toMatchObject({ statusCode: 403 });
    await expect(w.starter.start(admin, [], false)).rejects.toMatchObject({ code: 'NO_TARGETS' });
    await expect(w.starter.start(admin, Array.from({ length: 10_001 }, (_, i) => `E${i}`), false)).rejects.toMatchObject({ code: 'TOO_MANY_TARGETS' });
  });

  it('answers one employee that cannot be issued at once, and queues nothing', async () => {
    const w = world(3);
    Object.assign(w.employees.get('E1')!, { passwordStatus: 'issued', verificationStatus: 'not_applicable' });
    Object.assign(w.employees.get('E2')!, { enabled: false });
    await expect(w.starter.start(admin, ['E1'], false)).rejects.toMatchObject({ statusCode: 409, code: 'ALREADY_ISSUED' });
    await expect(w.starter.start(admin, ['E2'], true)).rejects.toMatchObject({ statusCode: 409, code: 'DISABLED' });
    await expect(w.starter.start(admin, ['E9'], false)).rejects.toMatchObject({ statusCode: 404 });
    expect(w.queue).toHaveLength(0);
    await expect(w.starter.start(admin, ['E1'], true)).resolves.toMatchObject({ progress: { total: 1 } });
  });

  it('lists every employee in the results CSV, in target order, with the reason of each exclusion', async () => {
    const w = world(ISSUANCE_CHUNK + 2);
    Object.assign(w.employees.get('E1')!, { enabled: false });
    const job = await w.starter.start(admin, [...w.employees.keys()], false);
    await w.drain();
    const csv = jobResultsCsv(await w.jobs.chunkRecords('C1', job.jobId), 'ja');
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('社員コード,氏名,結果,理由,理由コード');
    expect(lines).toHaveLength(1 + ISSUANCE_CHUNK + 2);
    expect(lines[1]).toBe('="0000",社員 0号,成功,,');
    expect(lines).toContain('="0001",社員 1号,対象外,無効な社員のため発行しません。,disabled');
    expect(lines.at(-1)).toBe(`="${String(ISSUANCE_CHUNK + 1).padStart(4, '0')}",社員 ${ISSUANCE_CHUNK + 1}号,成功,,`);
  });
});

describe('jobs list', () => {
  const job = (over: Partial<Job>): Job => ({
    jobId: 'J', companyId: 'C1', kind: 'pdf-issuance', reissue: false, state: 'done', chunks: 1, progress: { done: 1, total: 1 },
    counts: { succeeded: 1, failed: 0, excluded: 0 }, createdBy: 'admin', createdAt: '2026-11-20T00:00:00Z', results: [], ...over,
  });

  it('keeps a job listed while it runs and until its file expires', async () => {
    const jobs = [
      job({ jobId: 'running', state: 'running', finishedAt: undefined }),
      job({ jobId: 'file-valid', finishedAt: '2026-11-20T01:00:00Z', fileExpiresAt: '2026-11-21T01:00:00Z' }),
      job({ jobId: 'file-expired', finishedAt: '2026-11-20T00:30:00Z', fileExpiresAt: '2026-11-20T23:59:59Z' }),
      job({ jobId: 'no-file-recent', finishedAt: '2026-11-20T00:01:00Z' }),
      job({ jobId: 'no-file-old', finishedAt: '2026-11-19T23:00:00Z' }),
    ];
    const store = { list: async () => jobs } as unknown as JobStore;
    const service = createJobService({ jobs: store, audit: { write: async () => undefined }, clock: { now: () => new Date('2026-11-21T00:00:00Z') }, ids: { next: () => 'A' } });
    expect((await service.list(admin)).map((j) => j.jobId)).toEqual(['running', 'file-valid', 'no-file-recent']);
    await expect(service.list({ ...admin, role: 'viewer' })).rejects.toMatchObject({ statusCode: 403 });
  });
});

import { describe, expect, it } from 'vitest';
import type { Employee } from '../../../functions/core/employees/employee.js';
import {
  createPdfIssuanceStarter,
  createPdfIssuanceWorker,
  ISSUANCE_CHUNK,
  type ChunkOutcome,
  type JobStore,
  type NoticeInput,
} from '../../../functions/core/issuance/pdf-issuance.js';
import { DEFAULT_SETTINGS } from '../../../functions/core/companies/settings.js';
import type { Job, JobChunkMessage } from '../../../functions/core/jobs/job.js';
import type { QueueMessage } from '../../../functions/core/jobs/queue.js';
import type { Actor } from '../../../functions/core/access/actor.js';
import { createJobService, jobResultsCsv } from '../../../functions/core/jobs/service.js';
import { everyIdExisted } from './starter-fakes.js';

const admin: Actor = { accountId: 'A', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '管理 者' };

function employee(i: number, over: Partial<Employee> = {}): Employee {
  return {
    id: `E${i}`, companyId: 'C1', employeeCode: String(i).padStart(4, '0'), familyName: '社員', givenName: `${i}号`, familyNameKana: '', givenNameKana: '',
    office: '', department: '営業部', birthDate: '', email1: '', email2: '', email3: '', loginId: `user${i}`, role: 'employee', accountKind: 'internal', enabled: true,
    createdAt: '', updatedAt: '', version: 1, passwordStatus: 'unissued', verificationStatus: 'none', passcodeStatus: 'unissued', ...over,
  };
}

/**
 * The whole issuance against in-memory ports that keep the same conditions as DynamoDB: a
 * chunk is recorded once with its status changes; an employee is claimed per job.
 */
function world(count: number) {
  const employees = new Map(Array.from({ length: count }, (_, i) => [`E${i}`, employee(i)]));
  const claims = new Map<string, string>();
  const cognito = new Map<string, string>();
  const jobsById = new Map<string, Job & { finalizing?: boolean }>();
  const targetsOf = new Map<string, string[]>();
  const chunks = new Map<string, ChunkOutcome>();
  const files = new Map<string, NoticeInput[]>();
  const queue: QueueMessage[] = [];
  let seq = 0;
  let failNextFinish = false;

  const jobs: JobStore = {
    create: async (job, chunkTargets) => {
      jobsById.set(job.jobId, structuredClone(job));
      chunkTargets.forEach((t, c) => targetsOf.set(`${job.jobId}#${c}`, t));
    },
    get: async (_c, id) => {
      const job = jobsById.get(id);
      if (!job) return undefined;
      const results = [...chunks.entries()].filter(([k]) => k.startsWith(`${id}#`)).flatMap(([, v]) => v.results);
      return { ...structuredClone(job), results };
    },
    list: async () => [...jobsById.values()].map((j) => structuredClone(j)).reverse(),
    chunkRecords: async (_c, id) =>
      [...chunks.entries()]
        .filter(([k]) => k.startsWith(`${id}#`))
        .map(([k, v]) => ({ chunk: Number(k.split('#')[1]), succeeded: v.issued.map(({ employeeId, employeeCode, name }) => ({ employeeId, employeeCode, name })), results: v.results }))
        .sort((a, b) => a.chunk - b.chunk),
    targets: async (_c, id, c) => targetsOf.get(`${id}#${c}`) ?? [],
    chunkDone: async (_c, id, c) => chunks.has(`${id}#${c}`),
    finishChunk: async (_c, id, c, outcome) => {
      if (failNextFinish) {
        failNextFinish = false;
        throw new Error('worker killed before it recorded the chunk');
      }
      if (chunks.has(`${id}#${c}`)) return false;
      for (const s of outcome.issued) if (claims.get(s.employeeId) !== id) throw new Error('claim lost');
      chunks.set(`${id}#${c}`, outcome);
      const job = jobsById.get(id)!;
      job.progress.done += outcome.issued.length + outcome.results.length;
      job.counts.succeeded += outcome.issued.length;
      for (const s of outcome.issued) {
        Object.assign(employees.get(s.employeeId)!, { passwordStatus: s.next.password, verificationStatus: s.next.verification });
        claims.delete(s.employeeId);
      }
      for (const id of outcome.released) claims.delete(id);
      return true;
    },
    claimFinalize: async (_c, id) => {
      const job = jobsById.get(id)!;
      if (job.finalizing || job.progress.done < job.progress.total) return false;
      job.finalizing = true;
      return true;
    },
    chunksWithPart: async (_c, id) =>
      [...chunks.entries()].filter(([k, v]) => k.startsWith(`${id}#`) && v.hasPart).map(([k]) => Number(k.split('#')[1])).sort((a, b) => a - b),
    complete: async (_c, id, done) => {
      Object.assign(jobsById.get(id)!, { state: 'done', ...done });
    },
  };

  const clock = { now: () => new Date('2026-11-21T00:00:00Z') };
  const ids = { next: () => `J${++seq}` };
  const readEmployees = async (_c: string, list: string[]) => list.flatMap((id) => (employees.has(id) ? [structuredClone(employees.get(id)!)] : []));
  const unissued = { unissued: async () => [...employees.values()].filter((e) => (e.passwordStatus ?? 'unissued') === 'unissued').map(({ id, email1, email2, email3 }) => ({ id, email1, email2, email3 })) };
  const starter = createPdfIssuanceStarter({ jobs, targets: { employees: readEmployees }, directory: everyIdExisted, unissued, queue: { sendAll: async (m) => void queue.push(...m) }, clock, ids });
  const worker = createPdfIssuanceWorker({
    publicBaseUrl: 'https://kagi.example.jp/',
    jobs,
    targets: {
      company: async () => ({ id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '' }),
      employees: readEmployees,
      claim: async (_c, id, jobId, expected) => {
        const e = employees.get(id)!;
        if (e.passwordStatus !== expected) return false;
        const holder = claims.get(id);
        if (holder && holder !== jobId) return false;
        claims.set(id, jobId);
        return true;
      },
    },
    credentials: { setTemporaryPassword: async (id, _c, password) => void cognito.set(id, password) },
    notices: {
      // A "PDF" here is the list of its pages; what matters is who is on it with which password.
      render: async (pages) => new TextEncoder().encode(JSON.stringify(pages)),
      merge: async (parts) => new TextEncoder().encode(JSON.stringify(parts.flatMap((p) => JSON.parse(new TextDecoder().decode(p)) as NoticeInput[]))),
    },
    files: {
      put: async (key, bytes) => void files.set(key, JSON.parse(new TextDecoder().decode(bytes)) as NoticeInput[]),
      get: async (key) => new TextEncoder().encode(JSON.stringify(files.get(key))),
      downloadUrl: async (key) => ({ url: key, expiresAt: '' }),
    },
    settings: async () => DEFAULT_SETTINGS,
    clock,
    ids,
  });

  return {
    employees, cognito, files, queue, jobs, starter, worker, jobsById,
    killNextFinish: () => (failNextFinish = true),
    /** Delivers queued messages like SQS: a failed one goes to the back of the queue. */
    async drain() {
      for (let guard = 0; queue.length > 0 && guard < 1000; guard++) {
        const message = queue.shift()! as JobChunkMessage;
        try {
          await worker.processChunk(message);
        } catch {
          queue.push(message);
        }
      }
    },
  };
}

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

import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/access/actor.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import type { Job } from '../../../functions/core/jobs/job.js';
import type { QueueMessage } from '../../../functions/core/jobs/queue.js';
import {
  createPasscodeIssuanceStarter,
  createPasscodeIssuanceWorker,
  type PasscodeChunkOutcome,
  type PasscodeJobStore,
  type PasscodeNoticeInput,
} from '../../../functions/core/issuance/passcode-issuance.js';
import { ISSUANCE_CHUNK } from '../../../functions/core/issuance/pdf-issuance.js';
import { DomainError } from '../../../functions/core/shared/errors.js';
import { everyIdExisted } from './starter-fakes.js';

const admin: Actor = { accountId: 'A', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '管理 者' };
const viewer: Actor = { ...admin, role: 'viewer', loginId: 'viewer' };

function employee(i: number, over: Partial<Employee> = {}): Employee {
  return {
    id: `E${i}`, companyId: 'C1', employeeCode: String(i).padStart(4, '0'), familyName: '社員', givenName: `${i}号`, familyNameKana: '', givenNameKana: '',
    office: '', department: '総務部', birthDate: '', email1: '', email2: '', email3: '', loginId: `user${i}`, role: 'employee', accountKind: 'internal', enabled: true,
    createdAt: '', updatedAt: '', version: 1, passwordStatus: 'unissued', verificationStatus: 'none', passcodeStatus: 'unissued', ...over,
  };
}

/** Passcode issuance against in-memory ports with DynamoDB's conditions: chunks recorded once, claims per job. */
function world(count: number) {
  const employees = new Map(Array.from({ length: count }, (_, i) => [`E${i}`, employee(i)]));
  const claims = new Map<string, string>();
  const stored = new Map<string, { hash: string; locked: boolean }>();
  const jobsById = new Map<string, Job & { finalizing?: boolean }>();
  const targetsOf = new Map<string, string[]>();
  const chunks = new Map<string, PasscodeChunkOutcome>();
  const files = new Map<string, PasscodeNoticeInput[]>();
  const queue: QueueMessage[] = [];
  let seq = 0;
  let killNext = false;

  const jobs: PasscodeJobStore = {
    create: async (job, chunkTargets) => {
      jobsById.set(job.jobId, structuredClone(job));
      chunkTargets.forEach((t, c) => targetsOf.set(`${job.jobId}#${c}`, t));
    },
    get: async (_c, id) => {
      const job = jobsById.get(id);
      if (!job) return undefined;
      return { ...structuredClone(job), results: [...chunks.entries()].filter(([k]) => k.startsWith(`${id}#`)).flatMap(([, v]) => v.results) };
    },
    list: async () => [...jobsById.values()],
    chunkRecords: async (_c, id) =>
      [...chunks.entries()]
        .filter(([k]) => k.startsWith(`${id}#`))
        .map(([k, v]) => ({ chunk: Number(k.split('#')[1]), succeeded: v.issued, results: v.results })),
    targets: async (_c, id, c) => targetsOf.get(`${id}#${c}`) ?? [],
    chunkDone: async (_c, id, c) => chunks.has(`${id}#${c}`),
    finishChunk: async (_c, id, c, outcome) => {
      if (killNext) {
        killNext = false;
        throw new Error('worker killed before it recorded the chunk');
      }
      if (chunks.has(`${id}#${c}`)) return false;
      for (const s of outcome.issued) if (claims.get(s.employeeId) !== id) throw new Error('claim lost');
      chunks.set(`${id}#${c}`, outcome);
      const job = jobsById.get(id)!;
      job.progress.done += outcome.issued.length + outcome.results.length;
      job.counts.succeeded += outcome.issued.length;
      for (const s of outcome.issued) {
        Object.assign(employees.get(s.employeeId)!, { passcodeStatus: 'issued', passcodeLocked: false });
        stored.set(s.employeeId, { hash: s.hash, locked: false });
        claims.delete(s.employeeId);
      }
      return true;
    },
    claimFinalize: async (_c, id) => {
      const job = jobsById.get(id)!;
      if (job.finalizing || job.progress.done < job.progress.total) return false;
      job.finalizing = true;
      return true;
    },
    releaseFinalize: async (_c, id) => void (jobsById.get(id)!.finalizing = false),
    chunksWithPart: async (_c, id) => [...chunks.entries()].filter(([k, v]) => k.startsWith(`${id}#`) && v.hasPart).map(([k]) => Number(k.split('#')[1])).sort((a, b) => a - b),
    complete: async (_c, id, done) => void Object.assign(jobsById.get(id)!, { state: 'done', ...done }),
  };

  const targets = {
    company: async () => ({ id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '' }),
    employees: async (_c: string, list: string[]) => list.flatMap((id) => (employees.has(id) ? [structuredClone(employees.get(id)!)] : [])),
    unissuedIds: async () => [...employees.values()].filter((e) => e.passcodeStatus === 'unissued' && e.enabled).map((e) => e.id),
    claim: async (_c: string, id: string, jobId: string, expected: string) => {
      const e = employees.get(id)!;
      if (e.passcodeStatus !== expected) return false;
      const holder = claims.get(id);
      if (holder && holder !== jobId) return false;
      claims.set(id, jobId);
      return true;
    },
  };
  const clock = { now: () => new Date('2026-11-21T00:00:00Z') };
  const ids = { next: () => `J${++seq}` };
  const starter = createPasscodeIssuanceStarter({ jobs, targets, directory: everyIdExisted, queue: { sendAll: async (m) => void queue.push(...m) }, clock, ids });
  const worker = createPasscodeIssuanceWorker({
    jobs,
    targets,
    notices: {
      render: async (pages) => new TextEncoder().encode(JSON.stringify(pages)),
      merge: async (parts) => new TextEncoder().encode(JSON.stringify(parts.flatMap((p) => JSON.parse(new TextDecoder().decode(p)) as PasscodeNoticeInput[]))),
    },
    files: {
      put: async (key, bytes) => void files.set(key, JSON.parse(new TextDecoder().decode(bytes)) as PasscodeNoticeInput[]),
      get: async (key) => new TextEncoder().encode(JSON.stringify(files.get(key))),
      downloadUrl: async (key) => ({ url: key, expiresAt: '' }),
    },
    clock,
    ids,
    // A fast stand-in for scrypt: what matters here is that only a hash is stored.
    hash: async (p) => `hash(${p})`,
  });
  const drain = async () => {
    while (queue.length) await worker.processChunk(queue.shift() as never);
  };
  const pages = (jobId: string) => files.get(jobsById.get(jobId)!.fileKey!) ?? [];
  return { employees, stored, claims, queue, starter, worker, drain, pages, jobsById, job: (id: string) => jobs.get('C1', id), kill: () => (killNext = true) };
}

describe('passcode issuance', () => {
  it('issues every unissued employee into one file, one page each, storing only hashes', async () => {
    const w = world(ISSUANCE_CHUNK + 5);
    w.employees.get('E3')!.enabled = false;
    const job = await w.starter.start(admin, { allUnissued: true }, false);
    expect(job).toMatchObject({ kind: 'passcode-issuance', chunks: 2, progress: { total: ISSUANCE_CHUNK + 4 } });
    expect(w.queue.every((m) => m.kind === 'passcode-issuance-chunk')).toBe(true);
    await w.drain();
    const done = w.jobsById.get(job.jobId)!;
    expect(done).toMatchObject({ state: 'done', counts: { succeeded: ISSUANCE_CHUNK + 4 } });
    const pages = w.pages(job.jobId);
    expect(pages).toHaveLength(ISSUANCE_CHUNK + 4);
    expect(pages[0]).toMatchObject({ companyName: '株式会社デモ', companyCode: 'demo', department: '総務部', familyName: '社員', employeeCode: '0000', issuedAt: '2026年11月21日' });
    for (const p of pages) {
      expect(p.passcode).toMatch(/^\d{4}$/);
      const id = `E${Number(p.employeeCode)}`;
      expect(w.stored.get(id)!.hash).toBe(`hash(${p.passcode})`);
    }
    expect(w.employees.get('E3')!.passcodeStatus).toBe('unissued');
    expect(w.claims.size).toBe(0);
  });

  it('excludes issued (unless reissuing), disabled and unknown employees, each with a reason', async () => {
    const w = world(4);
    w.employees.get('E1')!.passcodeStatus = 'issued';
    w.employees.get('E2')!.enabled = false;
    const job = await w.starter.start(admin, { employeeIds: ['E0', 'E1', 'E2', 'E9', 'E0'] }, false);
    expect(job.progress.total).toBe(4);
    await w.drain();
    const read = (await w.job(job.jobId))!;
    expect(read.counts).toMatchObject({ succeeded: 1 });
    expect(read.results.map((r) => [r.employeeId, r.outcome, r.reason]).sort()).toEqual([
      ['E1', 'excluded', 'already-issued'],
      ['E2', 'excluded', 'disabled'],
      ['E9', 'excluded', 'not-found'],
    ]);
    expect(read.results.find((r) => r.employeeId === 'E1')!.messages.ja).toContain('発行済み');
    expect(w.pages(job.jobId).map((p) => p.employeeCode)).toEqual(['0000']);
  });

  it('reissues: a new passcode replaces the old hash and the lock', async () => {
    const w = world(1);
    w.employees.set('E0', { ...w.employees.get('E0')!, passcodeStatus: 'issued', passcodeLocked: true });
    w.stored.set('E0', { hash: 'hash(old)', locked: true });
    const job = await w.starter.start(admin, { employeeIds: ['E0'] }, true);
    await w.drain();
    const [page] = w.pages(job.jobId);
    expect(w.stored.get('E0')).toEqual({ hash: `hash(${page!.passcode})`, locked: false });
    expect(w.employees.get('E0')).toMatchObject({ passcodeStatus: 'issued', passcodeLocked: false });
  });

  it('processes each employee at most once when a worker dies mid-chunk and the chunk runs again', async () => {
    const w = world(3);
    const job = await w.starter.start(admin, { employeeIds: ['E0', 'E1', 'E2'] }, false);
    const message = w.queue.shift()!;
    w.kill();
    await expect(w.worker.processChunk(message as never)).rejects.toThrow(/killed/);
    expect(w.stored.size).toBe(0);
    await w.worker.processChunk(message as never);
    await w.worker.processChunk(message as never); // delivered once more: nothing changes
    const pages = w.pages(job.jobId);
    expect(pages.map((p) => p.employeeCode)).toEqual(['0000', '0001', '0002']);
    for (const p of pages) expect(w.stored.get(`E${Number(p.employeeCode)}`)!.hash).toBe(`hash(${p.passcode})`);
    expect(w.jobsById.get(job.jobId)!.counts).toMatchObject({ succeeded: 3 });
  });

  it('does not issue an employee another job holds', async () => {
    const w = world(1);
    w.claims.set('E0', 'OTHER');
    const job = await w.starter.start(admin, { employeeIds: ['E0'] }, false);
    await w.drain();
    const read = (await w.job(job.jobId))!;
    expect(read.counts).toMatchObject({ succeeded: 0 });
    expect(read.results).toEqual([expect.objectContaining({ employeeId: 'E0', outcome: 'failed', reason: 'busy' })]);
    expect(read.fileKey).toBeUndefined();
    expect(w.stored.size).toBe(0);
  });

  it('is for admins only, and refuses an empty target list', async () => {
    const w = world(2);
    await expect(w.starter.start(viewer, { allUnissued: true }, false)).rejects.toMatchObject({ statusCode: 403 });
    const none = world(0);
    const e = await none.starter.start(admin, { allUnissued: true }, false).catch((x) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ statusCode: 400, code: 'NO_TARGETS' });
    expect(w.queue).toHaveLength(0);
  });
});

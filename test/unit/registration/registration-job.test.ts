import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/access/actor.js';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { DEFAULT_SETTINGS } from '../../../functions/core/companies/settings.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import { createJobEngine, UNPROCESSED, type JobEnding } from '../../../functions/core/jobs/engine.js';
import { createBulkJobEnding } from '../../../functions/core/jobs/ending.js';
import type { Job, JobResult, QueuedJobKind, StopReason } from '../../../functions/core/jobs/job.js';
import type { QueueMessage } from '../../../functions/core/jobs/queue.js';
import {
  createRegistrationCodesStarter,
  createRegistrationWorker,
  REGISTRATION_CHUNK,
  type RegistrationChunkOutcome,
  type RegistrationJobStore,
} from '../../../functions/core/registration/issuance.js';
import { everyIdExisted } from '../issuance/starter-fakes.js';

// The registration-password job on the engine of issue 14: a chunk the engine recorded as
// unprocessed stays out of the CSV and the letters, the job still ends (files, schedules, the
// mailed link) and its end is audited as a failure with the reason; 未処理の社員で再実行 starts a
// new batch for exactly the given employees; the batch's expiry chunks are no job chunks.

const admin: Actor = { accountId: 'E0', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '管理 者' };
const NOW = new Date('2026-11-21T00:00:00Z');

function employee(i: number, over: Partial<Employee> = {}): Employee {
  return {
    id: `E${i}`, companyId: 'C1', employeeCode: String(i).padStart(4, '0'), familyName: '社員', givenName: `${i}号`, familyNameKana: '', givenNameKana: '',
    office: '', department: '工場', birthDate: '1990-01-02', email1: i === 0 ? 'admin@demo.example.jp' : '', email2: '', email3: '', loginId: `user${i}`, role: i === 0 ? 'admin' : 'employee',
    accountKind: 'internal', enabled: true, createdAt: '', updatedAt: '', version: 1, passwordStatus: i === 0 ? 'issued' : 'unissued', verificationStatus: 'none', passcodeStatus: 'unissued',
    registrationStatus: 'unissued', ...over,
  };
}

function world(count: number) {
  const employees = new Map(Array.from({ length: count + 1 }, (_, i) => [`E${i}`, employee(i)]));
  const jobsById = new Map<string, Job & { finalizing?: boolean }>();
  const targetsOf = new Map<string, string[]>();
  const chunks = new Map<string, { results: JobResult[]; issued: RegistrationChunkOutcome['issued']; hasPart: boolean }>();
  const files = new Map<string, Uint8Array>();
  const audits: AuditEntry[] = [];
  const queue: QueueMessage[] = [];
  const schedules: string[] = [];
  const claims = new Map<string, string>();
  const claimable = (id: string, jobId: string) => (claims.get(id) ?? jobId) === jobId;
  const calls = { claim: 0, claimAll: 0 };
  let seq = 0;

  const jobs: RegistrationJobStore & { recordUnprocessed(c: string, id: string, chunk: number, results: JobResult[], reason: StopReason): Promise<boolean>; recordedChunks(c: string, id: string): Promise<number[]> } = {
    create: async (job, chunkTargets, audit) => {
      jobsById.set(job.jobId, structuredClone(job));
      chunkTargets.forEach((t, c) => targetsOf.set(`${job.jobId}#${c}`, t));
      audits.push(audit);
    },
    get: async (_c, id) => {
      const job = jobsById.get(id);
      if (!job) return undefined;
      const results = [...chunks.entries()].filter(([k]) => k.startsWith(`${id}#`)).flatMap(([, v]) => v.results);
      return { ...structuredClone(job), results };
    },
    list: async () => [...jobsById.values()],
    chunkRecords: async () => [],
    targets: async (_c, id, c) => targetsOf.get(`${id}#${c}`) ?? [],
    chunkDone: async (_c, id, c) => chunks.has(`${id}#${c}`),
    recordedChunks: async (_c, id) => [...chunks.keys()].filter((k) => k.startsWith(`${id}#`)).map((k) => Number(k.split('#')[1])),
    finishChunk: async (_c, id, c, outcome) => {
      if (chunks.has(`${id}#${c}`)) return false;
      chunks.set(`${id}#${c}`, outcome);
      const job = jobsById.get(id)!;
      job.progress.done += outcome.issued.length + outcome.results.length;
      job.counts.succeeded += outcome.issued.length;
      job.counts.failed += outcome.results.filter((r) => r.outcome === 'failed').length;
      job.counts.excluded += outcome.results.filter((r) => r.outcome === 'excluded').length;
      for (const s of outcome.issued) {
        Object.assign(employees.get(s.employeeId)!, { registrationStatus: 'issued', registrationExpiresAt: s.expiresAt });
        claims.delete(s.employeeId);
      }
      return true;
    },
    recordUnprocessed: async (_c, id, c, results, reason) => {
      if (chunks.has(`${id}#${c}`)) return false;
      chunks.set(`${id}#${c}`, { results, issued: [], hasPart: false });
      const job = jobsById.get(id)!;
      job.progress.done += results.length;
      job.counts.failed += results.length;
      job.stopReason ??= reason;
      return true;
    },
    claimFinalize: async (_c, id) => {
      const job = jobsById.get(id)!;
      if (job.finalizing || job.progress.done < job.progress.total) return false;
      job.finalizing = true;
      return true;
    },
    releaseFinalize: async (_c, id) => void (jobsById.get(id)!.finalizing = false),
    chunksWithPart: async (_c, id) =>
      [...chunks.entries()].filter(([k, v]) => k.startsWith(`${id}#`) && v.hasPart).map(([k]) => Number(k.split('#')[1])).sort((a, b) => a - b),
    complete: async (_c, id, done, audit) => {
      const job = jobsById.get(id)!;
      Object.assign(job, { ...done, state: job.stopReason ? 'failed' : 'done' });
      audits.push(audit);
    },
    moveExpired: async () => 0,
  };

  const clock = { now: () => NOW };
  const ids = { next: () => `J${++seq}` };
  const readEmployees = async (_c: string, list: string[]) => list.flatMap((id) => (employees.has(id) ? [structuredClone(employees.get(id)!)] : []));
  const sendAll = async (m: QueueMessage[]) => void queue.push(...m);
  const starter = createRegistrationCodesStarter({ jobs, directory: everyIdExisted, queue: { sendAll }, clock, ids });
  const worker = createRegistrationWorker({
    publicBaseUrl: 'https://kagi.example.jp/',
    jobs,
    targets: {
      company: async () => ({ id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '' }),
      employees: readEmployees,
      claim: async (_c, id, jobId) => {
        calls.claim++;
        if (!claimable(id, jobId)) return false;
        claims.set(id, jobId);
        return true;
      },
      // All or nothing, as the transaction is.
      claimAll: async (_c, jobId, _at, wanted) => {
        calls.claimAll++;
        if (!wanted.every((id) => claimable(id, jobId))) return false;
        for (const id of wanted) claims.set(id, jobId);
        return true;
      },
    },
    urls: { url: async () => 'https://kagi.example.jp/register/KEY' },
    // A "PDF" here is the list of its pages: who is on it.
    letters: {
      render: async (pages) => new TextEncoder().encode(JSON.stringify(pages.map((p) => p.employeeCode))),
      merge: async (parts) => new TextEncoder().encode(JSON.stringify(parts.flatMap((p) => JSON.parse(new TextDecoder().decode(p)) as string[]))),
    },
    files: {
      put: async (key, bytes) => void files.set(key, bytes),
      get: async (key) => files.get(key)!,
      remove: async (keys) => keys.forEach((k) => files.delete(k)),
      downloadUrl: async () => ({ url: 'https://files.example/x', expiresAt: NOW.toISOString() }),
    },
    csvLinks: { put: async () => {}, get: async () => undefined },
    schedules: { at: async (name) => void schedules.push(name) },
    mailer: { maxBatch: 50, send: async (_s, mails) => mails.map((_, i) => ({ status: 'sent' as const, messageId: `m${i}` })) },
    settings: async () => DEFAULT_SETTINGS,
    clock,
    ids,
    hash: async (p) => `hash:${p}`,
  });
  const ending = createBulkJobEnding({ jobs, employees: readEmployees, held: [{ release: async (_c, jobId, list) => list.forEach((id) => claims.get(id) === jobId && claims.delete(id)) }] });
  return { employees, jobs, jobsById, files, audits, queue, schedules, claims, calls, starter, worker, ending };
}

const idsOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `E${from + i}`);
const lettersOf = (w: ReturnType<typeof world>, jobId: string) =>
  JSON.parse(new TextDecoder().decode(w.files.get(`registration/C1/${jobId}/letters.pdf`)!)) as string[];

describe('registration-password job on the job engine', () => {
  it('ends with a chunk the engine recorded as unprocessed: files of the others, expiry scheduled, audited as a failure with the reason', async () => {
    const w = world(REGISTRATION_CHUNK + 5);
    const job = await w.starter.start(admin, idsOf(1, REGISTRATION_CHUNK + 5));
    expect(job.chunks).toBe(2);
    // Chunk 1 was dead-lettered: the engine records its employees as unprocessed rows.
    await w.ending.abandonChunk({ kind: 'registration-codes', companyId: 'C1', jobId: job.jobId }, 1, 'chunk-failed', UNPROCESSED, NOW.toISOString());
    await w.worker.processChunk({ kind: 'registration-codes-chunk', companyId: 'C1', jobId: job.jobId, chunk: 0 });

    const ended = (await w.jobs.get('C1', job.jobId))!;
    expect(ended).toMatchObject({ state: 'failed', stopReason: 'chunk-failed', counts: { succeeded: REGISTRATION_CHUNK, failed: 5, excluded: 0 } });
    expect(ended.results.map((r) => [r.employeeId, r.reason, r.messages.ja])).toEqual(idsOf(REGISTRATION_CHUNK + 1, REGISTRATION_CHUNK + 5).map((id) => [id, 'chunk-failed', UNPROCESSED.ja]));
    expect(lettersOf(w, job.jobId)).toHaveLength(REGISTRATION_CHUNK);
    expect(new TextDecoder().decode(w.files.get(`registration/C1/${job.jobId}/registration-passwords.csv`)!)).not.toContain(`${REGISTRATION_CHUNK + 1}`.padStart(4, '0'));
    expect(w.schedules).toEqual([`kagi-reg-${job.jobId}-expire`, `kagi-reg-${job.jobId}-reset`]);
    expect(w.audits.at(-1)).toMatchObject({ action: 'registration.codes.done', result: 'failure', reason: 'chunk-failed', detail: { issued: REGISTRATION_CHUNK, csvMail: 'sent' } });
    // The unprocessed employees kept their status; none is left claimed.
    expect(idsOf(REGISTRATION_CHUNK + 1, REGISTRATION_CHUNK + 5).map((id) => w.employees.get(id)!.registrationStatus)).toEqual(Array(5).fill('unissued'));
    expect(w.claims.size).toBe(0);
  });

  it('claims a chunk in one write, and one by one only when another job holds someone; its results keep target order', async () => {
    const w = world(REGISTRATION_CHUNK + 1);
    const job = await w.starter.start(admin, idsOf(1, REGISTRATION_CHUNK + 1));
    for (const chunk of [0, 1]) await w.worker.processChunk({ kind: 'registration-codes-chunk', companyId: 'C1', jobId: job.jobId, chunk });
    expect(w.calls).toEqual({ claimAll: 2, claim: 0 });
    expect((await w.jobs.get('C1', job.jobId))!.counts).toMatchObject({ succeeded: REGISTRATION_CHUNK + 1 });

    const v = world(4);
    v.claims.set('E1', 'another-job');
    v.employees.get('E3')!.deleted = true;
    const held = await v.starter.start(admin, idsOf(1, 4));
    await v.worker.processChunk({ kind: 'registration-codes-chunk', companyId: 'C1', jobId: held.jobId, chunk: 0 });
    expect(v.calls).toEqual({ claimAll: 1, claim: 3 });
    const ended = (await v.jobs.get('C1', held.jobId))!;
    expect(ended.counts).toMatchObject({ succeeded: 2, failed: 1, excluded: 1 });
    expect(ended.results.map((r) => [r.employeeId, r.outcome])).toEqual([['E1', 'failed'], ['E3', 'excluded']]);
    expect(ended.results[0]!.reason).toBe('busy');
    expect(v.claims.get('E1')).toBe('another-job');
  });

  it('is ended once: a job-finish after the end changes nothing', async () => {
    const w = world(3);
    const job = await w.starter.start(admin, idsOf(1, 3));
    await w.worker.processChunk({ kind: 'registration-codes-chunk', companyId: 'C1', jobId: job.jobId, chunk: 0 });
    const audits = w.audits.length;
    await w.worker.finish('C1', job.jobId);
    expect(w.audits.length).toBe(audits);
    expect(w.audits.at(-1)).toMatchObject({ action: 'registration.codes.done', result: 'success' });
  });

  it('re-runs exactly the given employees as a new batch that names the old one', async () => {
    const w = world(4);
    const first = await w.starter.start(admin, idsOf(1, 4));
    const rerun = await w.starter.rerun(admin, first, [{ employeeId: 'E3' }, { employeeId: 'E4' }]);
    expect(rerun).toMatchObject({ kind: 'registration-codes', rerunOf: first.jobId, progress: { done: 0, total: 2 } });
    expect(await w.jobs.targets('C1', rerun.jobId, 0)).toEqual(['E3', 'E4']);
    expect(w.audits.at(-1)).toMatchObject({ action: 'registration.codes.start', detail: { employees: 2, rerunOf: first.jobId } });
    expect(w.queue.at(-1)).toEqual({ kind: 'registration-codes-chunk', companyId: 'C1', jobId: rerun.jobId, chunk: 0 });
  });
});

describe('a registration-password expiry chunk on the engine', () => {
  function engine() {
    const beats: string[] = [];
    const warnings: string[] = [];
    const sent: QueueMessage[] = [];
    const noEnding: JobEnding = { openChunks: async () => [], abandonChunk: async () => { throw new Error('no job chunk to abandon'); } };
    const endings = Object.fromEntries((['pdf-issuance', 'passcode-issuance', 'mail-request', 'mail-notice', 'registration-codes', 'employee-import'] as QueuedJobKind[]).map((k) => [k, noEnding])) as Record<QueuedJobKind, JobEnding>;
    const e = createJobEngine({
      // The batch's job ended a month ago; a beat would find no watch.
      watch: { beat: async (job) => (beats.push(job.jobId), false), takeOverEnding: async () => false },
      endings,
      queue: { sendAll: async (m) => void sent.push(...m) },
      clock: { now: () => NOW },
      log: { warn: (message) => void warnings.push(message) },
    });
    return { e, beats, warnings, sent };
  }
  const expiry = { kind: 'registration-expiry-chunk', companyId: 'C1', jobId: 'J1', chunk: 0, phase: 'expire' } as const;

  it('runs without a beat: it tidies statuses of a job that ended long ago', async () => {
    const { e, beats } = engine();
    let ran = false;
    await e.deliver(expiry, async () => void (ran = true));
    expect([ran, beats]).toEqual([true, []]);
  });

  it('dead-lettered, is told about and ends no job (the passwords are refused at use anyway)', async () => {
    const { e, warnings, sent } = engine();
    await e.deadLettered(expiry);
    expect(warnings).toHaveLength(1);
    expect(sent).toEqual([]);
  });
});

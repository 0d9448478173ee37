import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/access/actor.js';
import { DEFAULT_SETTINGS } from '../../../functions/core/companies/settings.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import {
  createMailIssuanceStarter,
  createMailIssuanceWorker,
  MAIL_CHUNK,
  RetryLater,
  SEND_SETTLE_MINUTES,
  type MailChunkOutcome,
  type MailJobStore,
  type MailRecord,
  type MailTarget,
} from '../../../functions/core/issuance/mail-issuance.js';
import type { Job } from '../../../functions/core/jobs/job.js';
import type { QueueMessage } from '../../../functions/core/jobs/queue.js';
import type { Mailer, OutgoingMail } from '../../../functions/core/mail/mailer.js';
import { tokenDigest, type StoredLink } from '../../../functions/core/mail/token.js';
import { everyIdExisted } from './starter-fakes.js';

const admin: Actor = { accountId: 'A', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '管理 者' };

function employee(i: number, over: Partial<Employee> = {}): Employee {
  return {
    id: `E${i}`, companyId: 'C1', employeeCode: String(i).padStart(4, '0'), familyName: '社員', givenName: `${i}号`, familyNameKana: '', givenNameKana: '',
    office: '', department: '営業部', birthDate: '', email1: `e${i}@example.jp`, email2: '', email3: '', loginId: `user${i}`, role: 'employee', accountKind: 'internal', enabled: true,
    createdAt: '', updatedAt: '', version: 1, passwordStatus: 'unissued', verificationStatus: 'none', passcodeStatus: 'unissued', ...over,
  };
}

type Stored = Employee & { verificationTokenDigest?: string };

/** A mail job against in-memory ports with DynamoDB's conditions, and a fake SES that can die or throttle. */
function world(count: number) {
  const employees = new Map<string, Stored>(Array.from({ length: count }, (_, i) => [`E${i}`, employee(i)]));
  const claims = new Map<string, string>();
  const jobsById = new Map<string, Job & { finalizing?: boolean }>();
  const targetsOf = new Map<string, MailTarget[]>();
  const chunks = new Map<string, MailChunkOutcome>();
  const markers = new Map<string, MailRecord>();
  const links = new Map<string, StoredLink>();
  const revoked: string[] = [];
  const cognito = new Map<string, string>();
  const queue: QueueMessage[] = [];
  /** What SES accepted: the mails employees receive. */
  const inbox: Array<OutgoingMail & { messageId: string }> = [];
  let seq = 0;
  let fastPathCalls = 0;
  let now = Date.parse('2026-11-21T00:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const faults = { throttleCalls: 0, dieBeforeSes: false, dieAfterSes: false, dieBeforeFinish: false, sesCalls: 0 };

  const jobs: MailJobStore = {
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
    mailTargets: async (_c, id, c) => targetsOf.get(`${id}#${c}`) ?? [],
    chunkDone: async (_c, id, c) => chunks.has(`${id}#${c}`),
    finishMailChunk: async (_c, id, c, outcome) => {
      if (faults.dieBeforeFinish) {
        faults.dieBeforeFinish = false;
        throw new Error('worker killed before it recorded the chunk');
      }
      if (chunks.has(`${id}#${c}`)) return false;
      for (const s of [...outcome.sent, ...outcome.failed]) if (claims.get(s.employeeId) !== id) throw new Error('claim lost');
      chunks.set(`${id}#${c}`, structuredClone(outcome));
      const job = jobsById.get(id)!;
      job.progress.done += outcome.sent.length + outcome.results.length;
      job.counts.succeeded += outcome.sent.length;
      job.counts.failed += outcome.results.filter((r) => r.outcome === 'failed').length;
      job.counts.excluded += outcome.results.filter((r) => r.outcome === 'excluded').length;
      for (const s of outcome.sent) {
        Object.assign(employees.get(s.employeeId)!, { passwordStatus: s.next.password, verificationStatus: s.next.verification, verificationTokenDigest: s.linkDigest });
        Object.assign(markers.get(`${s.employeeId}#${s.mailId}`)!, { state: 'sent', messageId: s.messageId });
        claims.delete(s.employeeId);
      }
      for (const f of outcome.failed) {
        claims.delete(f.employeeId);
        Object.assign(markers.get(`${f.employeeId}#${f.mailId}`)!, { state: 'failed' });
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
    complete: async (_c, id, done) => void Object.assign(jobsById.get(id)!, { state: 'done', ...done }),
    // All or nothing, with the conditions of the one-by-one claim and begin.
    claimAndBegin: async (_c, jobId, _at, list, begins) => {
      fastPathCalls++;
      const claimable = list.every((c) => employees.get(c.employeeId)?.passwordStatus === c.expected && [undefined, jobId].includes(claims.get(c.employeeId)));
      const beginnable = begins.every(({ record, replacing }) => {
        const existing = markers.get(`${record.employeeId}#${record.mailId}`);
        return replacing ? existing?.state === 'sending' && existing.sentAt === replacing : !existing;
      });
      if (!claimable || !beginnable) return false;
      for (const c of list) claims.set(c.employeeId, jobId);
      for (const { record } of begins) markers.set(`${record.employeeId}#${record.mailId}`, structuredClone(record));
      return true;
    },
  };

  const mailer: Mailer = {
    maxBatch: 50,
    async send(_subject, mails) {
      faults.sesCalls++;
      if (faults.dieBeforeSes) {
        faults.dieBeforeSes = false;
        throw new Error('worker killed before SES answered (SES never got the call)');
      }
      if (faults.throttleCalls > 0) {
        faults.throttleCalls--;
        return mails.map(() => ({ status: 'throttled' as const }));
      }
      const out = mails.map((m) => {
        const messageId = `ses-${++seq}`;
        inbox.push({ ...m, messageId });
        // SES publishes a Send event to the configuration set; its handler records it.
        const marker = markers.get(`${m.tags.employeeId}#${m.tags.mailId}`);
        marker?.events.push({ type: 'send', at: new Date(now).toISOString() });
        return { status: 'sent' as const, messageId };
      });
      if (faults.dieAfterSes) {
        faults.dieAfterSes = false;
        throw new Error('worker killed after SES took the mails');
      }
      return out;
    },
  };

  const ids = { next: () => `J${String(++seq).padStart(4, '0')}` };
  const unissued = { unissued: async () => [...employees.values()].filter((e) => (e.passwordStatus ?? 'unissued') === 'unissued').map(({ id, email1, email2, email3 }) => ({ id, email1, email2, email3 })) };
  const starter = createMailIssuanceStarter({ jobs, directory: everyIdExisted, unissued, queue: { sendAll: async (m) => void queue.push(...m) }, clock, ids });
  const worker = createMailIssuanceWorker({
    jobs,
    targets: {
      company: async () => ({ id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '' }),
      employees: async (_c, list) => list.flatMap((id) => (employees.has(id) ? [structuredClone(employees.get(id)!)] : [])),
      claim: async (_c, id, jobId, expected) => {
        const e = employees.get(id)!;
        if (e.passwordStatus !== expected) return false;
        const holder = claims.get(id);
        if (holder && holder !== jobId) return false;
        claims.set(id, jobId);
        return true;
      },
    },
    history: {
      getMany: async (_c, keys) => keys.flatMap((k) => (markers.has(`${k.employeeId}#${k.mailId}`) ? [structuredClone(markers.get(`${k.employeeId}#${k.mailId}`)!)] : [])),
      begin: async (record, replacing) => {
        const key = `${record.employeeId}#${record.mailId}`;
        const existing = markers.get(key);
        if (replacing ? !(existing?.state === 'sending' && existing.sentAt === replacing) : existing) return false;
        markers.set(key, structuredClone(record));
        return true;
      },
      list: async () => [],
      settle: async () => {},
    },
    links: { putAll: async (l) => l.forEach((x) => links.set(x.digest, x)), get: async (d) => links.get(d) },
    credentials: {
      setTemporaryPassword: async (id, _c, password) => void cognito.set(id, password),
      revokePassword: async (id) => void revoked.push(id),
    },
    mailer,
    settings: async () => DEFAULT_SETTINGS,
    publicBaseUrl: 'https://kagi.example.jp',
    sendRatePerSecond: 1000,
    clock,
    ids,
    sleep: async (ms) => void (now += ms),
  });

  async function drain() {
    while (queue.length > 0) await worker.processChunk(queue.shift() as never);
  }

  return {
    employees, inbox, markers, links, revoked, cognito, queue, starter, worker, jobsById, faults, drain, claims,
    fastPathCalls: () => fastPathCalls,
    advance: (ms: number) => void (now += ms),
    targets: (ids: number[], address: 1 | 2 | 3 = 1) => ids.map((i) => ({ employeeId: `E${i}`, address })),
  };
}

const tokenOf = (text: string) => text.match(/\/verify\/([A-Za-z0-9_-]{43})/)![1]!;

describe('mail request job', () => {
  it('mails every target once with a working link, records the status and links the newest token', async () => {
    const w = world(45);
    const job = await w.starter.request(admin, w.targets(Array.from({ length: 45 }, (_, i) => i)));
    expect(w.queue).toHaveLength(Math.ceil(45 / MAIL_CHUNK));
    await w.drain();
    const done = w.jobsById.get(job.jobId)!;
    expect(done).toMatchObject({ state: 'done', counts: { succeeded: 45, failed: 0, excluded: 0 } });
    expect(w.inbox).toHaveLength(45);
    expect(new Set(w.inbox.map((m) => m.to)).size).toBe(45);
    const e0 = w.employees.get('E0')!;
    expect(e0).toMatchObject({ passwordStatus: 'issuing', verificationStatus: 'pending' });
    const mail = w.inbox.find((m) => m.to === 'e0@example.jp')!;
    expect(e0.verificationTokenDigest).toBe(tokenDigest(tokenOf(mail.text)));
    expect(w.links.get(e0.verificationTokenDigest!)).toMatchObject({ employeeId: 'E0', expiresAt: '2026-11-28T00:00:00.000Z' });
    // Only digests are stored, never the token itself.
    expect(JSON.stringify([...w.links.values(), ...w.markers.values()])).not.toContain(tokenOf(mail.text));
  });

  it('excludes with a reason: not unissued, no address, disabled, unknown', async () => {
    const w = world(4);
    Object.assign(w.employees.get('E1')!, { passwordStatus: 'issued', verificationStatus: 'not_applicable' });
    Object.assign(w.employees.get('E2')!, { email1: '' });
    Object.assign(w.employees.get('E3')!, { enabled: false });
    const job = await w.starter.request(admin, [...w.targets([0, 1, 2, 3]), { employeeId: 'NOPE', address: 1 }]);
    await w.drain();
    const done = await w.starter.get(admin, job.jobId);
    expect(done.counts).toEqual({ succeeded: 1, failed: 0, excluded: 4 });
    expect(Object.fromEntries(done.results.map((r) => [r.employeeId, r.reason]))).toEqual({ E1: 'invalid-state', E2: 'no-address', E3: 'disabled', NOPE: 'not-found' });
    expect(done.results.find((r) => r.employeeId === 'E2')!.messages.ja).toContain('未設定');
  });

  it('claims and markers go in one write; when another job holds someone, one by one, and only that one fails', async () => {
    const w = world(4);
    await w.starter.request(admin, w.targets([0, 1]));
    await w.drain();
    expect(w.fastPathCalls()).toBe(1);
    w.claims.set('E3', 'OTHER-JOB');
    const job = await w.starter.request(admin, w.targets([2, 3]));
    await w.drain();
    expect((await w.starter.get(admin, job.jobId)).results).toEqual([expect.objectContaining({ employeeId: 'E3', outcome: 'failed', reason: 'busy' })]);
    expect(w.inbox.map((m) => m.tags.employeeId)).toEqual(['E0', 'E1', 'E2']);
    expect(w.employees.get('E2')!.verificationStatus).toBe('pending');
  });

  it('a worker killed after SES took the mails: the retry sends nothing again and records every status', async () => {
    const w = world(10);
    const job = await w.starter.request(admin, w.targets([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    w.faults.dieAfterSes = true;
    await expect(w.worker.processChunk(w.queue[0] as never)).rejects.toThrow('killed');
    expect(w.inbox).toHaveLength(10);
    // SQS hands the chunk out again after its visibility timeout.
    w.advance(30 * 60_000);
    await w.drain();
    expect(w.inbox).toHaveLength(10);
    expect(w.jobsById.get(job.jobId)!.counts).toEqual({ succeeded: 10, failed: 0, excluded: 0 });
    // The links in the mails are the ones that count.
    for (const m of w.inbox) expect(w.employees.get(m.tags.employeeId)!.verificationTokenDigest).toBe(tokenDigest(tokenOf(m.text)));
  });

  it('a worker killed before SES took the mails: the retry sends each mail once, none is missing', async () => {
    const w = world(10);
    await w.starter.request(admin, w.targets([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    w.faults.dieBeforeSes = true;
    await expect(w.worker.processChunk(w.queue[0] as never)).rejects.toThrow('killed');
    expect(w.inbox).toHaveLength(0);
    // Too early: the markers could still belong to a live attempt; the chunk waits.
    w.advance(60_000);
    await expect(w.worker.processChunk(w.queue[0] as never)).rejects.toBeInstanceOf(RetryLater);
    expect(w.inbox).toHaveLength(0);
    w.advance(SEND_SETTLE_MINUTES * 60_000);
    await w.drain();
    expect(w.inbox.map((m) => m.to).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `e${i}@example.jp`).sort());
  });

  it('a worker killed after sending but before recording the chunk: no duplicate', async () => {
    const w = world(5);
    const job = await w.starter.request(admin, w.targets([0, 1, 2, 3, 4]));
    w.faults.dieBeforeFinish = true;
    await expect(w.worker.processChunk(w.queue[0] as never)).rejects.toThrow('killed');
    await w.drain();
    expect(w.inbox).toHaveLength(5);
    expect(w.jobsById.get(job.jobId)!.counts.succeeded).toBe(5);
  });

  it('SES throttling: retried with backoff, every mail once', async () => {
    const w = world(60);
    const job = await w.starter.request(admin, w.targets(Array.from({ length: 60 }, (_, i) => i)));
    w.faults.throttleCalls = 3;
    await w.drain();
    expect(w.faults.sesCalls).toBeGreaterThan(3);
    expect(w.inbox).toHaveLength(60);
    expect(new Set(w.inbox.map((m) => m.to)).size).toBe(60);
    expect(w.jobsById.get(job.jobId)!.counts).toEqual({ succeeded: 60, failed: 0, excluded: 0 });
  });

  it('SES throttling that never ends: failures per employee, claims released, nothing sent', async () => {
    const w = world(3);
    const job = await w.starter.request(admin, w.targets([0, 1, 2]));
    w.faults.throttleCalls = 1000;
    await w.drain();
    const done = await w.starter.get(admin, job.jobId);
    expect(done.counts).toEqual({ succeeded: 0, failed: 3, excluded: 0 });
    expect(done.results.map((r) => r.reason)).toEqual(['throttled', 'throttled', 'throttled']);
    expect(w.employees.get('E0')).toMatchObject({ passwordStatus: 'unissued', verificationStatus: 'none' });
    // A later job may send them.
    w.faults.throttleCalls = 0;
    await w.starter.request(admin, w.targets([0]));
    await w.drain();
    expect(w.inbox).toHaveLength(1);
  });

  it('resend supersedes the link; reissue (A) revokes the old password', async () => {
    const w = world(3);
    await w.starter.request(admin, w.targets([0]));
    await w.drain();
    const first = w.employees.get('E0')!.verificationTokenDigest;
    await w.starter.request(admin, w.targets([0]), 'resend');
    await w.drain();
    expect(w.inbox).toHaveLength(2);
    expect(w.employees.get('E0')!.verificationTokenDigest).not.toBe(first);
    expect(w.employees.get('E0')!.verificationTokenDigest).toBe(tokenDigest(tokenOf(w.inbox[1]!.text)));

    Object.assign(w.employees.get('E1')!, { passwordStatus: 'issued', verificationStatus: 'verified' });
    const notResend = await w.starter.request(admin, w.targets([1]), 'resend');
    await w.drain();
    expect((await w.starter.get(admin, notResend.jobId)).counts.excluded).toBe(1);
    await w.starter.request(admin, w.targets([1, 2]), 'reissue');
    await w.drain();
    expect(w.revoked).toEqual(['E1']);
    expect(w.employees.get('E1')).toMatchObject({ passwordStatus: 'reissuing', verificationStatus: 'pending' });
    expect(w.employees.get('E2')).toMatchObject({ passwordStatus: 'unissued', verificationStatus: 'none' });
  });

  it('reissue (A) keeps the old password when the mail could not be sent, and revokes it when a retry finds the mail sent', async () => {
    const w = world(2);
    for (const id of ['E0', 'E1']) Object.assign(w.employees.get(id)!, { passwordStatus: 'issued', verificationStatus: 'verified' });
    w.faults.throttleCalls = 1000;
    const failed = await w.starter.request(admin, w.targets([0]), 'reissue');
    await w.drain();
    expect((await w.starter.get(admin, failed.jobId)).counts.failed).toBe(1);
    expect(w.revoked).toEqual([]);
    expect(w.employees.get('E0')).toMatchObject({ passwordStatus: 'issued', verificationStatus: 'verified' });

    w.faults.throttleCalls = 0;
    await w.starter.request(admin, w.targets([1]), 'reissue');
    w.faults.dieAfterSes = true;
    await expect(w.worker.processChunk(w.queue[0] as never)).rejects.toThrow('killed');
    expect(w.revoked).toEqual([]);
    w.advance(30 * 60_000);
    await w.drain();
    expect(w.revoked).toEqual(['E1']);
    expect(w.inbox).toHaveLength(1);
    expect(w.employees.get('E1')).toMatchObject({ passwordStatus: 'reissuing', verificationStatus: 'pending' });
  });

  it('notice mail (reissue B): a new temporary password in the mail, status 再発行中 / 済(未ログイン)', async () => {
    const w = world(2);
    Object.assign(w.employees.get('E0')!, { passwordStatus: 'issued', verificationStatus: 'verified', email2: 'home0@example.jp' });
    const job = await w.starter.notice(admin, w.targets([0, 1], 2));
    await w.drain();
    expect((await w.starter.get(admin, job.jobId)).counts).toEqual({ succeeded: 1, failed: 0, excluded: 1 });
    expect(w.inbox).toHaveLength(1);
    expect(w.inbox[0]!.to).toBe('home0@example.jp');
    expect(w.inbox[0]!.text).toContain(w.cognito.get('E0')!);
    expect(w.inbox[0]!.text).toContain('user0');
    expect(w.employees.get('E0')).toMatchObject({ passwordStatus: 'reissuing', verificationStatus: 'verified_pending_login' });
  });

  it('refuses the viewer and empty input', async () => {
    const w = world(1);
    await expect(w.starter.request({ ...admin, role: 'viewer' }, w.targets([0]))).rejects.toMatchObject({ statusCode: 403 });
    await expect(w.starter.request(admin, [])).rejects.toMatchObject({ statusCode: 400 });
  });
});

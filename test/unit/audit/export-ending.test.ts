import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { createAuditExportEnding, createAuditExportWorker, exportFileKey, exportPartKey, type ExportJobStore, type ExportSlice } from '../../../functions/core/audit/export.js';
import { createJobEngine, type JobWatch } from '../../../functions/core/jobs/engine.js';
import type { Job, JobRef, QueuedJobKind, StopReason } from '../../../functions/core/jobs/job.js';
import type { QueueMessage } from '../../../functions/core/jobs/queue.js';

// A log export on the job engine: a slice that never ran (dead-lettered, or the export stalled)
// ends the export as failed and without a file; its rows are entries, so no employee rows appear.

const NOW = new Date('2026-04-01T00:00:00.000Z');
const JOB: JobRef = { kind: 'audit-export', companyId: 'c1', jobId: 'x1' };
const SLICE: ExportSlice = { from: '2026-03-31T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z', streams: [], empty: false, timeZone: 'Asia/Tokyo', lang: 'ja' };

/** The export's records as the DynamoDB store keeps them: a slice is recorded once, written or abandoned. */
function fakeStore(chunks: number) {
  const job: Job = {
    jobId: JOB.jobId, companyId: JOB.companyId, kind: 'audit-export', reissue: false, state: 'queued', chunks,
    progress: { done: 0, total: chunks }, counts: { succeeded: 0, failed: 0, excluded: 0 }, createdBy: 'viewer', createdAt: NOW.toISOString(), results: [],
  };
  const recorded = new Map<number, 'written' | StopReason>();
  const completed: Array<{ done: { fileKey?: string; finishedAt: string }; audit: AuditEntry }> = [];
  let claimed = false;
  const record = (chunk: number, how: 'written' | StopReason) => {
    if (recorded.has(chunk)) return false;
    recorded.set(chunk, how);
    job.progress.done += 1;
    job.state = 'running';
    return true;
  };
  const store: ExportJobStore = {
    async create() {},
    async get() {
      return structuredClone(job);
    },
    async targets() {
      return [JSON.stringify(SLICE)];
    },
    async chunkDone(_c, _j, chunk) {
      return recorded.has(chunk);
    },
    async finishSlice(_c, _j, chunk, rows) {
      if (!record(chunk, 'written')) return false;
      job.counts.succeeded += rows;
      return true;
    },
    async recordedChunks() {
      return [...recorded.keys()];
    },
    async abandonSlice(_c, _j, chunk, reason) {
      if (!record(chunk, reason)) return false;
      job.stopReason ??= reason;
      return true;
    },
    async claimFinalize() {
      if (claimed || job.progress.done < job.progress.total) return false;
      claimed = true;
      return true;
    },
    async releaseFinalize() {
      claimed = false;
    },
    async complete(_c, _j, done, audit) {
      job.finishedAt = done.finishedAt;
      if (done.fileKey) job.fileKey = done.fileKey;
      job.state = job.stopReason ? 'failed' : 'done';
      completed.push({ done, audit });
    },
  };
  return { store, job, recorded, completed };
}

function setUp(chunks: number, { overdue = false } = {}) {
  const { store, job, recorded, completed } = fakeStore(chunks);
  const files = new Map<string, Uint8Array>();
  let n = 0;
  const ids = { next: () => `id-${++n}` };
  const entry: AuditEntry = { id: 'e1', companyId: 'c1', at: '2026-03-31T01:00:00.000Z', actor: 'admin', action: 'auth.login', result: 'success' };
  const worker = createAuditExportWorker({
    reader: { search: async () => ({ items: [entry], nextCursor: null, read: 1, queries: 1 }) },
    jobs: store,
    files: {
      put: async (key, bytes) => void files.set(key, bytes),
      get: async (key) => {
        const bytes = files.get(key);
        if (!bytes) throw new Error(`no file ${key}`);
        return bytes;
      },
      downloadUrl: async () => ({ url: 'u', expiresAt: NOW.toISOString() }),
    },
    clock: { now: () => NOW },
    ids,
  });
  const watch: JobWatch = { beat: async () => true, takeOverEnding: async () => overdue };
  const ending = createAuditExportEnding({ jobs: store });
  const sent: QueueMessage[] = [];
  const endings = Object.fromEntries((['pdf-issuance', 'passcode-issuance', 'mail-request', 'mail-notice', 'employee-import', 'audit-export'] as QueuedJobKind[]).map((k) => [k, ending]));
  const engine = createJobEngine({ watch, endings: endings as never, queue: { sendAll: async (m) => void sent.push(...m) }, clock: { now: () => NOW } });
  /** The worker as the queue runs it: chunks and job-finish messages of this export. */
  const deliver = (m: QueueMessage) => engine.deliver(m, async (msg) => (msg.kind === 'job-finish' ? worker.finish(msg.job.companyId, msg.job.jobId) : worker.processChunk(msg as never)));
  return { engine, worker, job, recorded, completed, files, sent, deliver };
}

describe('a log export on the job engine', () => {
  it('ends failed and without a file when a slice is dead-lettered; the slices written stand, no employee rows appear', async () => {
    const { engine, job, recorded, completed, files, sent, deliver } = setUp(2);
    await deliver({ kind: 'audit-export-chunk', companyId: 'c1', jobId: 'x1', chunk: 0 });
    expect(files.has(exportPartKey('c1', 'x1', 0))).toBe(true);

    await engine.deadLettered({ kind: 'audit-export-chunk', companyId: 'c1', jobId: 'x1', chunk: 1 });
    expect(recorded.get(1)).toBe('chunk-failed');
    expect(sent).toEqual([{ kind: 'job-finish', job: JOB }]);
    await deliver(sent[0]!);

    expect(job).toMatchObject({ state: 'failed', stopReason: 'chunk-failed', progress: { done: 2, total: 2 }, counts: { succeeded: 1, failed: 0, excluded: 0 }, results: [] });
    expect(files.has(exportFileKey('c1', 'x1'))).toBe(false);
    expect(completed).toHaveLength(1);
    expect(completed[0]!.done.fileKey).toBeUndefined();
    expect(completed[0]!.audit).toMatchObject({ action: 'audit.export.done', target: 'x1', actor: 'viewer', result: 'failure', reason: 'chunk-failed' });
  });

  it('a stalled export: the sweep records every slice not recorded as stalled, and the export ends failed', async () => {
    const { engine, job, recorded, completed, sent, deliver } = setUp(3, { overdue: true });
    await deliver({ kind: 'audit-export-chunk', companyId: 'c1', jobId: 'x1', chunk: 1 });
    expect(await engine.endStalled(JOB, NOW)).toBe(true);
    expect([...recorded.entries()].sort()).toEqual([[0, 'stalled'], [1, 'written'], [2, 'stalled']]);
    await deliver(sent.at(-1)!);
    expect(job).toMatchObject({ state: 'failed', stopReason: 'stalled' });
    expect(completed.map((c) => [c.done.fileKey, c.audit.result, c.audit.reason])).toEqual([[undefined, 'failure', 'stalled']]);

    // A lost delivery of an abandoned slice that turns up later changes nothing.
    await deliver({ kind: 'audit-export-chunk', companyId: 'c1', jobId: 'x1', chunk: 0 });
    expect(recorded.get(0)).toBe('stalled');
    expect(completed).toHaveLength(1);
  });

  it('a slice recorded meanwhile is not abandoned, and an export with every slice written ends done with its file', async () => {
    const { engine, job, recorded, completed, files, sent, deliver } = setUp(1);
    await deliver({ kind: 'audit-export-chunk', companyId: 'c1', jobId: 'x1', chunk: 0 });
    expect(job).toMatchObject({ state: 'done', counts: { succeeded: 1 } });
    expect(files.has(exportFileKey('c1', 'x1'))).toBe(true);
    // The queue dead-letters a duplicate of the written slice: the first record stands, the export stays done.
    await engine.deadLettered({ kind: 'audit-export-chunk', companyId: 'c1', jobId: 'x1', chunk: 0 });
    await deliver(sent[0]!);
    expect(recorded.get(0)).toBe('written');
    expect(job.state).toBe('done');
    expect(completed.map((c) => c.audit.result)).toEqual(['success']);
  });
});

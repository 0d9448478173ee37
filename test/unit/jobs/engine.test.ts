import { describe, expect, it } from 'vitest';
import { createJobEngine, UNPROCESSED, type JobEnding, type JobWatch } from '../../../functions/core/jobs/engine.js';
import { createBulkJobEnding } from '../../../functions/core/jobs/ending.js';
import type { Job, JobRef, QueuedJobKind } from '../../../functions/core/jobs/job.js';
import type { QueueMessage } from '../../../functions/core/jobs/queue.js';
import type { Employee } from '../../../functions/core/employees/employee.js';

const NOW = new Date('2026-04-01T00:00:00.000Z');
const PDF_JOB: JobRef = { kind: 'pdf-issuance', companyId: 'c1', jobId: 'j1' };

/** A job's watch as the DynamoDB one behaves: beats refused once the sweep took the job over. */
function fakeWatch(opts: { overdue?: boolean } = {}) {
  const beats: Array<[string, number]> = [];
  let ending = false;
  const watch: JobWatch = {
    async beat(job, chunk) {
      if (ending) return false;
      beats.push([job.jobId, chunk]);
      return true;
    },
    async takeOverEnding() {
      if (!opts.overdue || ending) return false;
      ending = true;
      return true;
    },
  };
  return { watch, beats };
}

/** An ending that records which chunks it abandoned, and why. */
function fakeEnding(open: number[]) {
  const abandoned: Array<[number, string, string]> = [];
  const ending: JobEnding = {
    async openChunks() {
      return open.filter((c) => !abandoned.some(([a]) => a === c));
    },
    async abandonChunk(_job, chunk, reason, messages) {
      abandoned.push([chunk, reason, messages.ja]);
    },
  };
  return { ending, abandoned };
}

function engineWith(watch: JobWatch, ending: JobEnding) {
  const sent: QueueMessage[] = [];
  const endings = Object.fromEntries((['pdf-issuance', 'passcode-issuance', 'mail-request', 'mail-notice', 'registration-codes', 'employee-import'] as QueuedJobKind[]).map((k) => [k, ending])) as Record<QueuedJobKind, JobEnding>;
  const engine = createJobEngine({ watch, endings, queue: { sendAll: async (m) => void sent.push(...m) }, clock: { now: () => NOW } });
  return { engine, sent };
}

describe('the job engine', () => {
  it('beats a job as each of its chunks begins, and runs the chunk', async () => {
    const { watch, beats } = fakeWatch();
    const { engine } = engineWith(watch, fakeEnding([]).ending);
    const ran: QueueMessage[] = [];
    await engine.deliver({ kind: 'pdf-issuance-chunk', companyId: 'c1', jobId: 'j1', chunk: 2 }, async (m) => void ran.push(m));
    await engine.deliver({ kind: 'employee-import-chunk', companyId: 'c1', importId: 'i1', chunk: 0 }, async (m) => void ran.push(m));
    expect(beats).toEqual([['j1', 2], ['i1', 0]]);
    expect(ran).toHaveLength(2);
  });

  it('does not run a chunk of a job the sweep is ending', async () => {
    const { watch } = fakeWatch({ overdue: true });
    const { engine } = engineWith(watch, fakeEnding([0]).ending);
    expect(await engine.endStalled(PDF_JOB, NOW)).toBe(true);
    let ran = false;
    await engine.deliver({ kind: 'pdf-issuance-chunk', companyId: 'c1', jobId: 'j1', chunk: 0 }, async () => void (ran = true));
    expect(ran).toBe(false);
  });

  it('runs a job-finish message without a beat', async () => {
    const { watch, beats } = fakeWatch();
    const { engine } = engineWith(watch, fakeEnding([]).ending);
    let ran = false;
    await engine.deliver({ kind: 'job-finish', job: PDF_JOB }, async () => void (ran = true));
    expect([ran, beats]).toEqual([true, []]);
  });

  it('ends a dead-lettered chunk as unprocessed rows (chunk-failed) and asks the worker to end its job', async () => {
    const { ending, abandoned } = fakeEnding([0, 1]);
    const { engine, sent } = engineWith(fakeWatch().watch, ending);
    await engine.deadLettered({ kind: 'mail-request-chunk', companyId: 'c1', jobId: 'j9', chunk: 1 });
    expect(abandoned).toEqual([[1, 'chunk-failed', UNPROCESSED.ja]]);
    expect(UNPROCESSED.ja).toBe('処理に失敗しました。再実行してください。');
    expect(sent).toEqual([{ kind: 'job-finish', job: { kind: 'mail-request', companyId: 'c1', jobId: 'j9' } }]);
  });

  it('leaves a dead-lettered job-finish to the sweep (only the worker builds a job\'s file)', async () => {
    const { ending, abandoned } = fakeEnding([0]);
    const { engine, sent } = engineWith(fakeWatch().watch, ending);
    await engine.deadLettered({ kind: 'job-finish', job: PDF_JOB });
    expect([abandoned, sent]).toEqual([[], []]);
  });

  it('ends a stalled job: every chunk not recorded becomes unprocessed (stalled), and the job is finished once', async () => {
    const { ending, abandoned } = fakeEnding([1, 3]);
    const { engine, sent } = engineWith(fakeWatch({ overdue: true }).watch, ending);
    expect(await engine.endStalled(PDF_JOB, NOW)).toBe(true);
    expect(abandoned).toEqual([[1, 'stalled', UNPROCESSED.ja], [3, 'stalled', UNPROCESSED.ja]]);
    expect(sent).toEqual([{ kind: 'job-finish', job: PDF_JOB }]);
    // A second sweep finds the job already taken over.
    expect(await engine.endStalled(PDF_JOB, NOW)).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('leaves a job that beat in time alone', async () => {
    const { ending, abandoned } = fakeEnding([0]);
    const { engine, sent } = engineWith(fakeWatch({ overdue: false }).watch, ending);
    expect(await engine.endStalled(PDF_JOB, NOW)).toBe(false);
    expect([abandoned, sent]).toEqual([[], []]);
  });
});

describe('ending the chunks of a bulk job', () => {
  const job = (over: Partial<Job> = {}): Job => ({
    jobId: 'j1', companyId: 'c1', kind: 'pdf-issuance', reissue: false, state: 'running', chunks: 3,
    progress: { done: 40, total: 90 }, counts: { succeeded: 40, failed: 0, excluded: 0 }, createdBy: 'a', createdAt: NOW.toISOString(), results: [], ...over,
  });

  function setUp(stored: Job) {
    const recorded: Array<{ chunk: number; results: unknown[]; reason: string }> = [];
    const released: Array<[string, string[]]> = [];
    const ending = createBulkJobEnding({
      jobs: {
        get: async () => stored,
        targets: async (_c, _j, chunk) => (chunk === 2 ? ['e1', 'e2'] : []),
        recordedChunks: async () => [0, ...recorded.map((r) => r.chunk)],
        recordUnprocessed: async (_c, _j, chunk, results, reason) => {
          if (recorded.some((r) => r.chunk === chunk)) return false;
          recorded.push({ chunk, results, reason });
          return true;
        },
      },
      // e2 was deleted meanwhile: still a row, by id.
      employees: async () => [{ id: 'e1', employeeCode: 'E001', familyName: '山田', givenName: '花子' } as Employee],
      held: [{ release: async (_c, jobId, ids) => void released.push([jobId, ids]) }, { release: async (_c, jobId, ids) => void released.push([`${jobId}/mail`, ids]) }],
    });
    return { ending, recorded, released };
  }

  it('names the chunks with no record yet; none once the job finished', async () => {
    expect(await setUp(job()).ending.openChunks(PDF_JOB)).toEqual([1, 2]);
    expect(await setUp(job({ finishedAt: NOW.toISOString() })).ending.openChunks(PDF_JOB)).toEqual([]);
  });

  it('records each target of the chunk as a failed row with the reason, and lets go of everything the job held on them', async () => {
    const { ending, recorded, released } = setUp(job());
    await ending.abandonChunk(PDF_JOB, 2, 'chunk-failed', UNPROCESSED, NOW.toISOString());
    expect(recorded).toEqual([
      {
        chunk: 2,
        reason: 'chunk-failed',
        results: [
          { employeeId: 'e1', employeeCode: 'E001', name: '山田 花子', outcome: 'failed', reason: 'chunk-failed', messages: UNPROCESSED },
          { employeeId: 'e2', employeeCode: '', name: '', outcome: 'failed', reason: 'chunk-failed', messages: UNPROCESSED },
        ],
      },
    ]);
    expect(released).toEqual([['j1', ['e1', 'e2']], ['j1/mail', ['e1', 'e2']]]);
    expect(await ending.openChunks(PDF_JOB)).toEqual([1]);
  });

  it('records a chunk once, but lets go again when asked again (an earlier try may have died before)', async () => {
    const { ending, recorded, released } = setUp(job());
    await ending.abandonChunk(PDF_JOB, 2, 'chunk-failed', UNPROCESSED, NOW.toISOString());
    await ending.abandonChunk(PDF_JOB, 2, 'stalled', UNPROCESSED, NOW.toISOString());
    expect(recorded.map((r) => r.reason)).toEqual(['chunk-failed']);
    expect(released).toHaveLength(4);
  });
});

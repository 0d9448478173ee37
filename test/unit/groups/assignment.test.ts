import { describe, expect, it } from 'vitest';
import type { Employee } from '../../../functions/core/employees/employee.js';
import { createGroupAssignmentStarter, createGroupAssignmentWorker, type AssignmentChunk, type AssignmentJobStore } from '../../../functions/core/groups/assignment.js';
import type { GroupRecord } from '../../../functions/core/groups/service.js';
import type { Job } from '../../../functions/core/jobs/job.js';
import { StoreConflict } from '../../../functions/core/shared/store-errors.js';

const NOW = new Date('2026-12-01T00:00:00Z');

function employee(id: string, extra: Partial<Employee> = {}): Employee {
  return { id, companyId: 'c1', employeeCode: id.toUpperCase(), familyName: '山田', givenName: id, version: 1, ...extra } as Employee;
}

function group(groupId: string, memberCount = 0): GroupRecord {
  return { groupId, companyId: 'c1', name: `グループ${groupId}`, firstFactor: 'password', timeZone: 'Asia/Tokyo', language: 'ja', createdAt: '', updatedAt: '', version: 1, memberCount };
}

/**
 * A company's employees and groups, and a job store whose chunk record applies a chunk as the
 * DynamoDB transaction does: all or nothing, on the versions read, into a group that exists.
 */
function world(targets: string[][], to: string | null, employees: Employee[], groups: GroupRecord[]) {
  const people = new Map(employees.map((e) => [e.id, { ...e }]));
  const teams = new Map(groups.map((g) => [g.groupId, { ...g }]));
  const records = new Map<number, AssignmentChunk>();
  const job: Job = {
    jobId: 'j1', companyId: 'c1', kind: 'group-assignment', reissue: false, state: 'queued', chunks: targets.length, progress: { done: 0, total: targets.flat().length },
    counts: { succeeded: 0, failed: 0, excluded: 0 }, createdBy: 'admin', createdByAccountId: 'a1', createdAt: '', results: [], assignGroupId: to,
  };
  let completed: unknown;
  let beforeWrite: () => void = () => undefined;
  const jobs: AssignmentJobStore = {
    create: async () => undefined,
    get: async () => ({ ...job, results: [...records.values()].flatMap((r) => r.results) }),
    targets: async (_c, _j, chunk) => targets[chunk]!,
    chunkDone: async (_c, _j, chunk) => records.has(chunk),
    claimFinalize: async () => completed === undefined,
    releaseFinalize: async () => undefined,
    complete: async (_c, _j, done, audit) => void (completed = { done, audit }),
    async recordAssignmentChunk(_c, _j, chunk, outcome) {
      beforeWrite();
      if (records.has(chunk)) return false;
      for (const m of outcome.moves) {
        const e = people.get(m.employeeId);
        if (!e || e.deleted || e.version !== m.version) throw new StoreConflict('state');
      }
      if (outcome.to !== null && outcome.moves.length > 0 && !teams.has(outcome.to)) throw new StoreConflict('state');
      for (const m of outcome.moves) {
        const e = people.get(m.employeeId)!;
        if (e.groupId) teams.get(e.groupId)!.memberCount -= 1;
        if (outcome.to !== null) teams.get(outcome.to)!.memberCount += 1;
        people.set(e.id, { ...e, groupId: outcome.to ?? undefined, version: e.version + 1 });
      }
      records.set(chunk, outcome);
      const failed = outcome.results.filter((r) => r.outcome === 'failed').length;
      job.progress.done += outcome.moves.length + outcome.results.length;
      job.counts.succeeded += outcome.moves.length;
      job.counts.failed += failed;
      job.counts.excluded += outcome.results.length - failed;
      return true;
    },
  };
  let n = 0;
  const worker = createGroupAssignmentWorker({
    jobs,
    reads: { employees: async (_c, ids) => ids.flatMap((id) => (people.has(id) ? [{ ...people.get(id)! }] : [])), groups: async () => [...teams.values()].map((g) => ({ ...g })) },
    clock: { now: () => NOW },
    ids: { next: () => `id${++n}` },
  });
  const run = async () => {
    for (let chunk = 0; chunk < targets.length; chunk++) await worker.processChunk({ kind: 'group-assignment-chunk', companyId: 'c1', jobId: 'j1', chunk });
  };
  return { worker, run, people, teams, records, job, completed: () => completed as any, onWrite: (f: () => void) => void (beforeWrite = f) };
}

const audits = (w: ReturnType<typeof world>) => [...w.records.values()].flatMap((r) => r.audits);

describe('group assignment chunks', () => {
  it('moves each employee once, with one audit entry per move naming both groups, and counts both groups', async () => {
    const w = world([['e1', 'e2'], ['e3']], 'B', [employee('e1', { groupId: 'A' }), employee('e2'), employee('e3', { groupId: 'B' })], [group('A', 1), group('B', 1)]);
    await w.run();
    expect(w.teams.get('A')!.memberCount).toBe(0);
    expect(w.teams.get('B')!.memberCount).toBe(3);
    expect(w.job.counts).toEqual({ succeeded: 2, failed: 0, excluded: 1 });
    expect(audits(w)).toEqual([
      expect.objectContaining({ action: 'group.assign', targetAccountId: 'e1', target: 'E1', actor: 'admin', detail: expect.objectContaining({ group: 'B', groupName: 'グループB', previousGroup: 'グループA' }) }),
      expect.objectContaining({ action: 'group.assign', targetAccountId: 'e2', detail: expect.not.objectContaining({ previousGroup: expect.anything() }) }),
    ]);
    expect(w.records.get(1)!.results[0]).toMatchObject({ employeeId: 'e3', outcome: 'excluded', reason: 'unchanged' });
    expect(w.completed()).toMatchObject({ audit: { action: 'group.assignment.done', result: 'success', detail: { succeeded: 2, failed: 0, excluded: 1 } } });
  });

  it('takes employees out of their groups with group.unassign', async () => {
    const w = world([['e1', 'e2']], null, [employee('e1', { groupId: 'A' }), employee('e2')], [group('A', 1)]);
    await w.run();
    expect(w.people.get('e1')!.groupId).toBeUndefined();
    expect(w.teams.get('A')!.memberCount).toBe(0);
    expect(audits(w).map((a) => [a.action, a.targetAccountId])).toEqual([['group.unassign', 'e1']]);
    expect(w.records.get(0)!.results[0]).toMatchObject({ employeeId: 'e2', outcome: 'excluded', messages: { ja: 'どのグループにも所属していません。' } });
  });

  it('fails the row of a deleted employee and goes on; fails every row when the group is gone', async () => {
    const w = world([['e1', 'e2']], 'A', [employee('e1', { deleted: true }), employee('e2')], [group('A')]);
    await w.run();
    expect(w.job.counts).toEqual({ succeeded: 1, failed: 1, excluded: 0 });
    expect(w.records.get(0)!.results).toEqual([expect.objectContaining({ employeeId: 'e1', outcome: 'failed', reason: 'not-found' })]);

    const gone = world([['e1']], 'X', [employee('e1')], []);
    await gone.run();
    expect(gone.job.counts).toEqual({ succeeded: 0, failed: 1, excluded: 0 });
    expect(gone.records.get(0)!.results[0]).toMatchObject({ reason: 'group-gone' });
    expect(gone.completed()).toMatchObject({ audit: { action: 'group.assignment.done' } });
  });

  it('reads again when an employee changed between its read and its write (deleted meanwhile: a failed row)', async () => {
    const w = world([['e1', 'e2']], 'A', [employee('e1'), employee('e2')], [group('A')]);
    let first = true;
    w.onWrite(() => {
      if (!first) return;
      first = false;
      w.people.set('e2', { ...w.people.get('e2')!, deleted: true, version: 2 });
    });
    await w.run();
    expect(w.job.counts).toEqual({ succeeded: 1, failed: 1, excluded: 0 });
    expect(w.teams.get('A')!.memberCount).toBe(1);
    expect(audits(w)).toHaveLength(1);
  });

  it('records a chunk delivered twice once', async () => {
    const w = world([['e1']], 'A', [employee('e1')], [group('A')]);
    await w.run();
    await w.run();
    expect(w.teams.get('A')!.memberCount).toBe(1);
    expect(audits(w)).toHaveLength(1);
  });
});

describe('starting an assignment', () => {
  function starter(matches: number) {
    const created: Array<{ job: Job; chunks: string[][]; audit: any }> = [];
    const sent: unknown[] = [];
    const jobs = { create: async (job: Job, chunks: string[][], audit: unknown) => void created.push({ job, chunks, audit }) } as unknown as AssignmentJobStore;
    let n = 0;
    const start = createGroupAssignmentStarter({
      jobs,
      groups: { get: async (companyId, groupId) => (companyId === 'c1' && groupId === 'G' ? group('G') : undefined) },
      directory: { existing: async (_c, ids) => new Set(ids.filter((id) => id.startsWith('e'))) },
      matching: async (_c, _f, max) => Array.from({ length: Math.min(matches, max) }, (_, i) => `e${i}`),
      queue: { sendAll: async (m) => void sent.push(...m) },
      clock: { now: () => NOW },
      ids: { next: () => `J${++n}` },
    });
    return { start, created, sent };
  }
  const admin = { accountId: 'a1', companyId: 'c1', loginId: 'admin', role: 'admin' as const, displayName: '' };
  const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { statusCode: number; code: string }) => `${e.statusCode} ${e.code}`);

  it('chunks the targets by 25 and queues one message a chunk, audited with the group', async () => {
    const s = starter(60);
    const job = await s.start.start(admin, { groupId: 'G', filter: { department: '総務部' } });
    expect(job).toMatchObject({ kind: 'group-assignment', assignGroupId: 'G', progress: { done: 0, total: 60 } });
    expect(s.created[0]!.chunks.map((c) => c.length)).toEqual([25, 25, 10]);
    expect(s.sent).toHaveLength(3);
    expect(s.created[0]!.audit).toMatchObject({ action: 'group.assignment.start', detail: { group: 'G', groupName: 'グループG', conditions: 'department=総務部', employees: 60 } });
  });

  it("refuses another company's group (404), unknown employees, a filter matching more than 10,000, and viewers", async () => {
    expect(await code(starter(1).start.start({ ...admin, companyId: 'c2' }, { groupId: 'G', employeeIds: ['e1'] }))).toBe('404 NOT_FOUND');
    expect(await code(starter(1).start.start(admin, { groupId: 'G', employeeIds: ['x1'] }))).toBe('400 UNKNOWN_EMPLOYEES');
    expect(await code(starter(10_001).start.start(admin, { groupId: null, filter: {} }))).toBe('400 TOO_MANY_TARGETS');
    expect(await code(starter(10_000).start.start(admin, { groupId: null, filter: {} }))).toBe('ok');
    expect(await code(starter(1).start.start({ ...admin, role: 'viewer' }, { groupId: null, employeeIds: ['e1'] }))).toBe('403 FORBIDDEN');
  });
});

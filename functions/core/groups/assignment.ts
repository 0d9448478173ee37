import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { fullName, type Employee } from '../employees/employee.js';
import { chunkTargets, MAX_TARGETS, type JobStore } from '../issuance/pdf-issuance.js';
import type { ListQuery } from '../employees/service.js';
import { jobOutcome, type Job, type JobChunkMessage, type JobResult, type JobRow } from '../jobs/job.js';
import { launchJob, refuseUnknownEmployees, soleEmployee, type EmployeeIdDirectory } from '../jobs/launch.js';
import { endAsFinalizer } from '../jobs/finalize.js';
import type { JobQueue } from '../jobs/queue.js';
import type { RerunTarget } from '../jobs/rerun.js';
import { notFound, type Messages } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { StoreConflict } from '../shared/store-errors.js';
import type { GroupRecord } from './service.js';

/**
 * Employees per chunk. A chunk is one transaction: its marker and the job's progress (2), each
 * employee's `groupId` and its audit entry (2 × 25), and a member count per group touched (at most
 * 1 + 25): 78 of DynamoDB's 100.
 */
export const ASSIGNMENT_CHUNK = 25;

/** How many times a chunk reads again and retries when an employee changed between its read and its write. */
const STALE_ATTEMPTS = 5;

/** One employee a chunk moves: from the group it was read in (none: undefined), at the version read. */
export interface GroupMove extends JobRow {
  from?: string;
  version: number;
}

/** What one chunk writes, all or nothing. */
export interface AssignmentChunk {
  /** The group the employees go into; null when they leave their group. */
  to: string | null;
  moves: GroupMove[];
  /** One entry per move, written with it. */
  audits: AuditEntry[];
  results: JobResult[];
  at: string;
}

/** Port: the job store, and the chunk record that moves employees between groups. */
export interface AssignmentJobStore extends Pick<JobStore, 'create' | 'get' | 'targets' | 'chunkDone' | 'claimFinalize' | 'releaseFinalize' | 'complete'> {
  /**
   * Records a chunk once: its marker with the results, the job's progress, each employee's
   * `groupId` (on the version read, not deleted; the version moves on), each move's audit entry,
   * and the member count of every group touched (the target must still exist), in one transaction.
   * False when the chunk was already recorded; StoreConflict('state') when anything it read changed.
   */
  recordAssignmentChunk(companyId: string, jobId: string, chunk: number, outcome: AssignmentChunk): Promise<boolean>;
}

/** Port: what a chunk reads. */
export interface AssignmentReads {
  employees(companyId: string, ids: string[]): Promise<Employee[]>;
  groups(companyId: string): Promise<GroupRecord[]>;
}

const REASONS = {
  notFound: { ja: '社員が見つかりません（削除された可能性があります）。', en: 'Employee not found (it may have been deleted).' },
  groupGone: { ja: 'グループが削除されたため設定できませんでした。', en: 'The group was deleted.' },
  alreadyIn: { ja: '既にこのグループに所属しています。', en: 'Already in this group.' },
  notInGroup: { ja: 'どのグループにも所属していません。', en: 'Not in any group.' },
} satisfies Record<string, Messages>;

const GROUP_NOT_FOUND = () => notFound({ ja: 'グループが見つかりません。', en: 'Group not found.' });

/** 社員一覧's filters without its page: "everyone who matches". */
export type EmployeeFilter = Omit<ListQuery, 'limit' | 'cursor'>;

/** The chosen employees, or everyone the list's filters match (at most MAX_TARGETS). */
export type AssignmentInput = { groupId: string | null } & ({ employeeIds: string[] } | { filter: EmployeeFilter });

/** Port: the ids of the employees a filter matches, in list order, stopping after `max`. */
export type MatchingEmployees = (companyId: string, filter: EmployeeFilter, max: number) => Promise<string[]>;

/** A filter in words for the audit entry: `department=総務部 groupId=none`. */
const conditionsOf = (filter: EmployeeFilter) =>
  Object.entries(filter).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${String(v)}`).join(' ') || 'all';

/** The API side: 「一括設定の実行」 starts one job over the chosen employees (up to 10,000). */
export function createGroupAssignmentStarter({ jobs, groups, directory, matching, queue, clock, ids }: { jobs: AssignmentJobStore; groups: { get(companyId: string, groupId: string): Promise<GroupRecord | undefined> }; directory: EmployeeIdDirectory; matching: MatchingEmployees; queue: JobQueue; clock: Clock; ids: Ids }) {
  async function start(actor: Actor, input: AssignmentInput, rerunOf?: string): Promise<Job> {
    requireAdmin(actor);
    // Another company's group, or none: the same answer.
    const group = input.groupId === null ? undefined : await groups.get(actor.companyId, input.groupId);
    if (input.groupId !== null && !group) throw GROUP_NOT_FOUND();
    // One more than a job may take is enough to refuse a filter that matches too many.
    const employeeIds = 'filter' in input ? await matching(actor.companyId, input.filter, MAX_TARGETS + 1) : input.employeeIds;
    const chunks = chunkTargets(employeeIds, ASSIGNMENT_CHUNK);
    if (!('filter' in input)) await refuseUnknownEmployees(directory, actor.companyId, employeeIds);
    return launchJob({ jobs, queue, clock, ids }, actor, {
      kind: 'group-assignment', chunkKind: 'group-assignment-chunk', chunks, reissue: false, assignGroupId: input.groupId,
      action: 'group.assignment.start', targetAccountId: soleEmployee(chunks), rerunOf,
      detail: { ...(group ? { group: group.groupId, groupName: group.name } : { removal: true }), ...('filter' in input ? { conditions: conditionsOf(input.filter) } : {}) },
    });
  }
  return {
    start,
    /** 未処理の社員で再実行: the failed and unprocessed employees, into the same group (or out again). */
    rerun: (actor: Actor, job: Job, targets: RerunTarget[]) => start(actor, { groupId: job.assignGroupId ?? null, employeeIds: targets.map((t) => t.employeeId) }, job.jobId),
  };
}

/**
 * The worker side. A chunk reads its employees and the company's groups, then writes every move,
 * its audit entry and the member counts in one transaction conditioned on what it read; when
 * someone changed one of them meanwhile it reads again. An employee deleted meanwhile is a failed
 * row, and so is every row when the target group was deleted: the job goes on.
 */
export function createGroupAssignmentWorker({ jobs, reads, clock, ids }: { jobs: AssignmentJobStore; reads: AssignmentReads; clock: Clock; ids: Ids }) {
  async function plan(job: Job, employeeIds: string[]): Promise<AssignmentChunk> {
    const { companyId } = job;
    const [found, groups] = await Promise.all([reads.employees(companyId, employeeIds), reads.groups(companyId)]);
    const byId = new Map(found.map((e) => [e.id, e]));
    const names = new Map(groups.map((g) => [g.groupId, g.name]));
    const to = job.assignGroupId ?? null;
    const at = clock.now().toISOString();
    const chunk: AssignmentChunk = { to, moves: [], audits: [], results: [], at };
    const row = (id: string, e: Employee | undefined): JobRow => ({ employeeId: id, employeeCode: e?.employeeCode ?? '', name: e ? fullName(e) : '' });
    for (const id of employeeIds) {
      const e = byId.get(id);
      if (!e || e.deleted) { chunk.results.push({ ...row(id, e), outcome: 'failed', reason: 'not-found', messages: REASONS.notFound }); continue; }
      if (to !== null && !names.has(to)) { chunk.results.push({ ...row(id, e), outcome: 'failed', reason: 'group-gone', messages: REASONS.groupGone }); continue; }
      const from = e.groupId ?? undefined;
      if ((from ?? null) === to) {
        chunk.results.push({ ...row(id, e), outcome: 'excluded', reason: 'unchanged', messages: to === null ? REASONS.notInGroup : REASONS.alreadyIn });
        continue;
      }
      chunk.moves.push({ ...row(id, e), ...(from ? { from } : {}), version: e.version });
      const detail: AuditEntry['detail'] = to !== null ? { group: to, groupName: names.get(to)! } : {};
      if (from) detail.previousGroup = names.get(from) ?? from;
      chunk.audits.push({
        id: ids.next(), companyId, at, actor: job.createdBy, actorAccountId: job.createdByAccountId, action: to !== null ? 'group.assign' : 'group.unassign',
        target: e.employeeCode, targetAccountId: id, result: 'success', detail: { ...detail, jobId: job.jobId },
      });
    }
    return chunk;
  }

  async function finish(companyId: string, jobId: string): Promise<void> {
    const job = await jobs.get(companyId, jobId);
    if (!job || job.progress.done < job.progress.total) return;
    const finishedAt = clock.now().toISOString();
    await endAsFinalizer(jobs, companyId, jobId, finishedAt, () =>
      jobs.complete(companyId, jobId, { finishedAt }, {
        id: ids.next(), companyId, at: finishedAt, actor: job.createdBy, actorAccountId: job.createdByAccountId, action: 'group.assignment.done', target: jobId, ...jobOutcome(job),
        detail: { succeeded: job.counts.succeeded, failed: job.counts.failed, excluded: job.counts.excluded, ...(job.assignGroupId ? { group: job.assignGroupId } : { removal: true }) },
      }),
    );
  }

  return {
    async processChunk({ companyId, jobId, chunk }: JobChunkMessage): Promise<void> {
      const job = await jobs.get(companyId, jobId);
      if (!job || job.state === 'done' || job.state === 'failed') return;
      if (!(await jobs.chunkDone(companyId, jobId, chunk))) {
        const employeeIds = await jobs.targets(companyId, jobId, chunk);
        for (let attempt = 1; ; attempt++) {
          try {
            await jobs.recordAssignmentChunk(companyId, jobId, chunk, await plan(job, employeeIds));
            break;
          } catch (e) {
            // Someone changed an employee (or deleted the group) between the read and the write: read again.
            if (!(e instanceof StoreConflict) || e.reason !== 'state' || attempt >= STALE_ATTEMPTS) throw e;
          }
        }
      }
      await finish(companyId, jobId);
    },

    /** Ends the job once every chunk is recorded: its audit entry with the counts. */
    finish,
  };
}

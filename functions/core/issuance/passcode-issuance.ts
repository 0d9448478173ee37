import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import type { Company } from '../companies/company.js';
import { fullName, type Employee } from '../employees/employee.js';
import type { Job, JobChunkMessage, JobResult, JobRow } from '../jobs/job.js';
import type { JobQueue } from '../jobs/queue.js';
import { launchJob, refuseUnknownEmployees, soleEmployee, type EmployeeIdDirectory } from '../jobs/launch.js';
import type { RerunTarget } from '../jobs/rerun.js';
import type { Messages } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { RandomBytes } from '../shared/uniform-random.js';
import { generatePasscode } from './passcode.js';
import { hashSecret } from '../shared/slow-hash.js';
import { chunkTargets, finalizeNoticeJob, jobAndChunk, jstDateTime, noticePartKey, type JobFiles, type JobStore } from './pdf-issuance.js';
import { passcodeTransition, type PasscodeStatus } from './status.js';
import { mapLimit } from '../shared/map-limit.js';
import { claimChunk } from '../jobs/claim-chunk.js';

/** One employee's new passcode, as the chunk's transaction writes it (the hash only). */
/** An employee given a passcode: its record, and its row in the results CSV. */
export interface IssuedPasscode extends JobRow {
  /** The status the claim was made on; the counters move from it. */
  from: PasscodeStatus;
  hash: string;
  issuedAt: string;
}

export interface PasscodeChunkOutcome {
  issued: IssuedPasscode[];
  results: JobResult[];
  hasPart: boolean;
}

/** Port: the job store of PDF issuance, with a chunk record that writes passcodes instead of password statuses. */
export interface PasscodeJobStore extends Omit<JobStore, 'finishChunk'> {
  /**
   * Records a chunk once: each issued employee's passcode record (fresh, unlocked), its status
   * 発行済 (released from this job's claim) and the counter deltas, in one transaction; false
   * when the chunk was already recorded.
   */
  finishChunk(companyId: string, jobId: string, chunk: number, outcome: PasscodeChunkOutcome): Promise<boolean>;
}

/** Port: employees as passcode issuance reads them, and the per-employee claim. */
export interface PasscodeTargets {
  company(companyId: string): Promise<Company | undefined>;
  employees(companyId: string, ids: string[]): Promise<Employee[]>;
  /** Every employee whose passcode is 未発行 (パスコード一括発行), the disabled included (see UnissuedEmployees). */
  unissuedIds(companyId: string): Promise<string[]>;
  /** Claims an employee's passcode for a job while its status is still `expected` (see IssuanceTargets.claim). */
  claim(companyId: string, employeeId: string, jobId: string, expected: PasscodeStatus, at: string): Promise<boolean>;
  /** Every claim of a chunk in one all-or-nothing write; false when any is refused (see IssuanceTargets.claimAll). */
  claimAll?(companyId: string, jobId: string, at: string, claims: Array<{ employeeId: string; expected: PasscodeStatus }>): Promise<boolean>;
}

/** What one passcode notice page says; strings are ready to print. */
export interface PasscodeNoticeInput {
  companyName: string;
  department: string;
  familyName: string;
  givenName: string;
  employeeCode: string;
  companyCode: string;
  passcode: string;
  issuedAt: string;
}

export interface PasscodeNoticeFile {
  render(notices: PasscodeNoticeInput[]): Promise<Uint8Array>;
  merge(parts: Uint8Array[]): Promise<Uint8Array>;
}

const REASONS = {
  notFound: { ja: '社員が見つかりません（削除された可能性があります）。', en: 'Employee not found (it may have been deleted).' },
  disabled: { ja: '無効な社員のため発行しません。', en: 'The employee is disabled.' },
  alreadyIssued: { ja: 'パスコードは発行済みです。再発行する場合は社員の画面から再発行してください。', en: 'Already issued. Reissue it from the employee page.' },
  busy: { ja: '他の発行処理が実行中のため発行しませんでした。しばらくしてからやり直してください。', en: 'Another issuance is running for this employee. Try again later.' },
} satisfies Record<string, Messages>;

export type PasscodeTargetsInput = { employeeIds: string[] } | { allUnissued: true };

/** The API side: start a passcode issuance job (chosen employees, or every unissued one). */
export function createPasscodeIssuanceStarter({ jobs, targets, directory, queue, clock, ids }: { jobs: PasscodeJobStore; targets: Pick<PasscodeTargets, 'unissuedIds'>; directory: EmployeeIdDirectory; queue: JobQueue; clock: Clock; ids: Ids }) {
  return {
    start,
    /** 未処理の社員で再実行: the failed and unprocessed employees of an ended job, as it issued them. */
    rerun: (actor: Actor, job: Job, rerunTargets: RerunTarget[]) => start(actor, { employeeIds: rerunTargets.map((t) => t.employeeId) }, job.reissue, job.jobId),
  };

  /** `rerunOf`: the job whose failed and unprocessed employees these are. */
  async function start(actor: Actor, input: PasscodeTargetsInput, reissue: boolean, rerunOf?: string): Promise<Job> {
    requireAdmin(actor);
    const employeeIds = 'allUnissued' in input ? await targets.unissuedIds(actor.companyId) : input.employeeIds;
    const chunks = chunkTargets(employeeIds);
    if (!('allUnissued' in input)) await refuseUnknownEmployees(directory, actor.companyId, employeeIds);
    return launchJob({ jobs, queue, clock, ids }, actor, {
      kind: 'passcode-issuance', chunkKind: 'passcode-issuance-chunk', chunks, reissue,
      action: reissue ? 'issuance.passcode.reissue' : 'issuance.passcode.start', detail: { allUnissued: 'allUnissued' in input }, targetAccountId: soleEmployee(chunks), rerunOf,
    });
  }
}

export interface PasscodeIssuanceWorkerDeps {
  jobs: PasscodeJobStore;
  targets: PasscodeTargets;
  notices: PasscodeNoticeFile;
  files: JobFiles;
  clock: Clock;
  ids: Ids;
  random?: RandomBytes;
  hash?: (passcode: string) => Promise<string>;
}

/**
 * The worker side, as PDF issuance: a chunk's employees stay claimed by this job until the chunk
 * is recorded, so a rerun draws new passcodes and overwrites the chunk's pages; the passcodes
 * of the lost run were never stored nor delivered. Only the hash is stored; the digits exist
 * only on the page.
 */
/** Hashes a chunk computes at once: node's thread pool has 4 threads (UV_THREADPOOL_SIZE). */
const HASHES_AT_ONCE = 4;

export function createPasscodeIssuanceWorker({ jobs, targets, notices, files, clock, ids, random = randomBytes, hash = (p) => hashSecret(p) }: PasscodeIssuanceWorkerDeps) {
  return {
    async processChunk({ companyId, jobId, chunk }: JobChunkMessage): Promise<void> {
      const { job, chunkDone } = await jobAndChunk(jobs, companyId, jobId, chunk);
      if (!job || job.state === 'done' || job.state === 'failed') return;
      if (!chunkDone) {
        const employeeIds = await jobs.targets(companyId, jobId, chunk);
        const [company, found] = await Promise.all([targets.company(companyId), targets.employees(companyId, employeeIds)]);
        const byId = new Map(found.map((e) => [e.id, e]));
        const at = clock.now().toISOString();
        const results: JobResult[] = [];
        const issued: IssuedPasscode[] = [];
        const pages: PasscodeNoticeInput[] = [];
        const refuse = (id: string, e: Employee | undefined, outcome: JobResult['outcome'], reason: string, messages: Messages) =>
          results.push({ employeeId: id, employeeCode: e?.employeeCode ?? '', name: e ? fullName(e) : '', outcome, reason, messages });

        const eligible: Array<{ e: Employee; from: PasscodeStatus }> = [];
        for (const id of employeeIds) {
          const e = byId.get(id);
          if (!e || e.deleted) { refuse(id, e, 'excluded', 'not-found', REASONS.notFound); continue; }
          if (!e.enabled) { refuse(id, e, 'excluded', 'disabled', REASONS.disabled); continue; }
          const from = e.passcodeStatus ?? 'unissued';
          if (from === 'issued' && !job.reissue) { refuse(id, e, 'excluded', 'already-issued', REASONS.alreadyIssued); continue; }
          const next = passcodeTransition(from, { type: from === 'issued' ? 'passcode-reissued' : 'passcode-issued' });
          if (!next.ok) { refuse(id, e, 'excluded', 'invalid-state', next.reason); continue; }
          eligible.push({ e, from });
        }
        const claimed = await claimChunk(
          eligible,
          targets.claimAll && (() => targets.claimAll!(companyId, jobId, at, eligible.map((c) => ({ employeeId: c.e.id, expected: c.from })))),
          (c) => targets.claim(companyId, c.e.id, jobId, c.from, at),
        );
        // The slow hash is what bounds this job: the chunk's hashes run side by side on the
        // thread pool (node's scrypt is off the event loop), not one after the other.
        const passcodes = eligible.map(() => generatePasscode(random));
        const hashes = await mapLimit(eligible.map((c, i) => ({ ok: claimed[i], passcode: passcodes[i]! })), HASHES_AT_ONCE, (c) => (c.ok ? hash(c.passcode) : Promise.resolve('')));
        for (const [i, { e, from }] of eligible.entries()) {
          const id = e.id;
          if (!claimed[i]) { refuse(id, e, 'failed', 'busy', REASONS.busy); continue; }
          const passcode = passcodes[i]!;
          issued.push({ employeeId: id, employeeCode: e.employeeCode, name: fullName(e), from, hash: hashes[i]!, issuedAt: at });
          pages.push({
            companyName: company?.name ?? '',
            companyCode: company?.code ?? '',
            department: e.department,
            familyName: e.familyName,
            givenName: e.givenName,
            employeeCode: e.employeeCode,
            passcode,
            issuedAt: jstDateTime(at).split(' ')[0]!,
          });
        }
        // The results CSV lists a chunk's employees in target order.
        const order = new Map(employeeIds.map((id, i) => [id, i]));
        results.sort((a, b) => order.get(a.employeeId)! - order.get(b.employeeId)!);
        if (pages.length > 0) await files.put(noticePartKey(companyId, jobId, chunk), await notices.render(pages), 'application/pdf');
        await jobs.finishChunk(companyId, jobId, chunk, { issued, results, hasPart: pages.length > 0 });
      }
      await finish(companyId, jobId);
    },

    /** Ends the job once every chunk is recorded: the file of all its pages, and its audit entry. */
    finish,
  };

  async function finish(companyId: string, jobId: string): Promise<void> {
    const after = await jobs.get(companyId, jobId);
    if (after && after.progress.done >= after.progress.total) await finalizeNoticeJob({ jobs, notices, files, clock, ids }, after, 'issuance.passcode.done');
  }
}

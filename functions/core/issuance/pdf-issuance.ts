import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { companySignInUrl, type Company } from '../companies/company.js';
import type { CompanySettings } from '../companies/settings.js';
import { fullName, type Employee } from '../employees/employee.js';
import { jobOutcome, type ChunkRecord, type Job, type JobChunkMessage, type JobResult, type JobRow } from '../jobs/job.js';
import { endAsFinalizer, type FinalizeClaim } from '../jobs/finalize.js';
import type { JobQueue } from '../jobs/queue.js';
import { launchJob, refuseUnknownEmployees, soleEmployee, type EmployeeIdDirectory } from '../jobs/launch.js';
import type { RerunTarget } from '../jobs/rerun.js';
import { badRequest, conflict, notFound, type Messages } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { RandomBytes } from '../shared/uniform-random.js';
import { hasSignInUser, transition, type IssuanceState } from './status.js';
import { generateTemporaryPassword, TEMPORARY_PASSWORD_LEGEND } from './temporary-password.js';
import { mapLimit } from '../shared/map-limit.js';
import { claimChunk } from '../jobs/claim-chunk.js';
import { QuotaWaitExceeded } from '../shared/rate-limiter.js';

/** Claims and sign-in calls of one chunk run this many at a time (the quota limiter paces them). */
const PARALLEL_CALLS = 10;

/** Employees per chunk: each chunk's statuses are written in one transaction (≤ 100 items). */
export const ISSUANCE_CHUNK = 40;
export const MAX_TARGETS = 10_000;
/** How long the combined notice PDF stays downloadable; the bucket's lifecycle removes it after. */
export const FILE_HOURS = 24;

/** Port: jobs, their chunk targets and their progress. */
export interface JobStore extends FinalizeClaim {
  create(job: Job, chunkTargets: string[][], audit: AuditEntry): Promise<void>;
  get(companyId: string, jobId: string): Promise<Job | undefined>;
  /** The company's jobs created at or after `since`, newest first. */
  list(companyId: string, since: string): Promise<Job[]>;
  /** Every recorded chunk, in chunk order: the rows of the results CSV. */
  chunkRecords(companyId: string, jobId: string): Promise<ChunkRecord[]>;
  targets(companyId: string, jobId: string, chunk: number): Promise<string[]>;
  chunkDone(companyId: string, jobId: string, chunk: number): Promise<boolean>;
  /** The job (without its results) and whether the chunk is recorded, in one read: what a chunk checks first. */
  jobState?(companyId: string, jobId: string, chunk: number): Promise<{ job: Job | undefined; chunkDone: boolean }>;
  /**
   * Records a chunk once, with the status change of each issued employee (released from this
   * job's claim) in the same transaction; false when the chunk was already recorded.
   */
  finishChunk(companyId: string, jobId: string, chunk: number, outcome: ChunkOutcome): Promise<boolean>;
  chunksWithPart(companyId: string, jobId: string): Promise<number[]>;
  complete(companyId: string, jobId: string, done: { fileKey?: string; fileExpiresAt?: string; finishedAt: string; csvMail?: Job['csvMail'] }, audit: AuditEntry): Promise<void>;
}

/** An issued employee: its status change, and its row in the results CSV. */
export interface IssuedStatus extends JobRow {
  /** The status the claim was made on; the counters move from it. */
  from: IssuanceState;
  next: IssuanceState;
  issuedAt: string;
  temporaryPasswordExpiresAt: string;
}

export interface ChunkOutcome {
  issued: IssuedStatus[];
  /** Employees this job claimed but could not issue: their claim is let go, their status kept. */
  released: string[];
  results: JobResult[];
  hasPart: boolean;
}

/** Port: employees as issuance reads them, and the per-employee claim that stops double issue. */
export interface IssuanceTargets {
  company(companyId: string): Promise<Company | undefined>;
  employees(companyId: string, ids: string[]): Promise<Employee[]>;
  /**
   * Claims an employee for a job while its status is still `expected`; a claim held by another
   * job refuses (unless stale). The same job may claim again (a retried chunk).
   */
  claim(companyId: string, employeeId: string, jobId: string, expected: IssuanceState['password'], at: string): Promise<boolean>;
  /**
   * The fast path of a chunk: every claim in one all-or-nothing write (≤ 100). False when any is
   * refused; the caller then claims one by one to learn which.
   */
  claimAll?(companyId: string, jobId: string, at: string, claims: Array<{ employeeId: string; expected: IssuanceState['password'] }>): Promise<boolean>;
}

/** An employee as パスワード一括発行 picks it: its id, and its addresses for the mail flow. */
export type UnissuedEmployee = Pick<Employee, 'id' | 'email1' | 'email2' | 'email3'>;

/**
 * Port: every employee whose password is 未発行 (パスワード一括発行), disabled ones included: the
 * job then counts what the status counters count, and reports the disabled as not issued.
 */
export interface UnissuedEmployees {
  unissued(companyId: string): Promise<UnissuedEmployee[]>;
}

/** Port: the sign-in identity, given a temporary password that must be changed at first sign-in. */
export interface TemporaryCredentials {
  /**
   * `hasUser`: whether the account already has its sign-in user (a password was issued before);
   * a hint that saves a call, never trusted for correctness.
   */
  setTemporaryPassword(accountId: string, companyId: string, password: string, hasUser?: boolean): Promise<void>;
}

export interface NoticeFile {
  /** Renders one page per notice; only the worker has it (pdf-lib stays out of API bundles). */
  render(notices: NoticeInput[]): Promise<Uint8Array>;
  merge(parts: Uint8Array[]): Promise<Uint8Array>;
}

export interface NoticeInput {
  companyName: string;
  /** Printed beside the login ID: the sign-in page asks for it. */
  companyCode: string;
  /** The sign-in page with the company filled in, as text and as the QR code. */
  signInUrl: string;
  /** A reissue says so (the old password no longer works), never 「発行しました」 as for a first issue. */
  reissue: boolean;
  department: string;
  familyName: string;
  givenName: string;
  loginId: string;
  temporaryPassword: string;
  passwordLegend: string;
  validUntil: string;
  issuedAt: string;
}

/** Port: generated files in the private bucket. */
export interface JobFiles {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  downloadUrl(key: string, filename: string): Promise<{ url: string; expiresAt: string }>;
}


/** One chunk's pages in the files bucket. */
export const noticePartKey = (companyId: string, jobId: string, chunk: number) => `jobs/${companyId}/${jobId}/part-${chunk}.pdf`;
const fileKey = (companyId: string, jobId: string) => `jobs/${companyId}/${jobId}/notices.pdf`;

const REASONS = {
  notFound: { ja: '社員が見つかりません（削除された可能性があります）。', en: 'Employee not found (it may have been deleted).' },
  disabled: { ja: '無効な社員のため発行しません。', en: 'The employee is disabled.' },
  alreadyIssued: { ja: 'パスワードは発行済みです。再発行する場合は社員の画面から再発行してください。', en: 'Already issued. Reissue it from the employee page.' },
  busy: { ja: '他の発行処理が実行中のため発行しませんでした。しばらくしてからやり直してください。', en: 'Another issuance is running for this employee. Try again later.' },
  identity: { ja: 'ログイン情報を設定できませんでした。もう一度発行してください。', en: 'The sign-in could not be set up. Issue again.' },
} satisfies Record<string, Messages>;

type Eligibility =
  | { ok: true; state: IssuanceState; next: IssuanceState }
  | { ok: false; reason: 'not-found' | 'disabled' | 'already-issued' | 'invalid-state'; messages: Messages };

/** Whether a PDF notice may be issued to an employee now, and the status it leads to. */
export function eligibility(e: Employee | undefined, reissue: boolean): Eligibility {
  if (!e || e.deleted) return { ok: false, reason: 'not-found', messages: REASONS.notFound };
  if (!e.enabled) return { ok: false, reason: 'disabled', messages: REASONS.disabled };
  const state: IssuanceState = { password: e.passwordStatus ?? 'unissued', verification: e.verificationStatus ?? 'none' };
  if (state.password === 'issued' && !reissue) return { ok: false, reason: 'already-issued', messages: REASONS.alreadyIssued };
  const next = transition(state, { type: 'pdf-issued' });
  if (!next.ok) return { ok: false, reason: 'invalid-state', messages: next.reason };
  return { ok: true, state, next: next.next };
}

/** A chunk's first check: its job, and whether the chunk is recorded already (one read where the store can). */
export async function jobAndChunk(jobs: Pick<JobStore, 'get' | 'chunkDone' | 'jobState'>, companyId: string, jobId: string, chunk: number): Promise<{ job: Job | undefined; chunkDone: boolean }> {
  if (jobs.jobState) return jobs.jobState(companyId, jobId, chunk);
  const job = await jobs.get(companyId, jobId);
  if (!job || job.state === 'done' || job.state === 'failed') return { job, chunkDone: false };
  return { job, chunkDone: await jobs.chunkDone(companyId, jobId, chunk) };
}

/** JST date and time as printed on notices: 2026年12月5日 23:59. */
export function jstDateTime(iso: string): string {
  const jst = new Date(new Date(iso).getTime() + 9 * 3600_000);
  return `${jst.getUTCFullYear()}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日 ${String(jst.getUTCHours()).padStart(2, '0')}:${String(jst.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * Once every chunk of a notice job is recorded, one caller merges the chunks' pages into the
 * job's file and marks the job done (with `doneAction` in the audit log).
 */
export async function finalizeNoticeJob(
  { jobs, notices, files, clock, ids }: { jobs: Pick<JobStore, 'claimFinalize' | 'releaseFinalize' | 'chunksWithPart' | 'complete'>; notices: Pick<NoticeFile, 'merge'>; files: JobFiles; clock: Clock; ids: Ids },
  job: Job,
  doneAction: AuditEntry['action'],
): Promise<void> {
  const finishedAt = clock.now().toISOString();
  await endAsFinalizer(jobs, job.companyId, job.jobId, finishedAt, async () => {
    const chunks = await jobs.chunksWithPart(job.companyId, job.jobId);
    let done: { fileKey?: string; fileExpiresAt?: string; finishedAt: string } = { finishedAt };
    if (chunks.length > 0) {
      const parts = await readParts(chunks, (c) => files.get(noticePartKey(job.companyId, job.jobId, c)));
      await files.put(fileKey(job.companyId, job.jobId), await notices.merge(parts), 'application/pdf');
      done = { finishedAt, fileKey: fileKey(job.companyId, job.jobId), fileExpiresAt: new Date(Date.parse(finishedAt) + FILE_HOURS * 3600_000).toISOString() };
    }
    await jobs.complete(job.companyId, job.jobId, done, {
      id: ids.next(), companyId: job.companyId, at: finishedAt, actor: job.createdBy, action: doneAction, target: job.jobId, ...jobOutcome(job),
    });
  });
}

/** A job's parts read at once: ten jobs ending together once asked s3rver for 2,500 parts at once, and connections were reset. */
const PART_READS_AT_ONCE = 8;

/** A job's parts (up to 250), in chunk order, read a few at a time. */
export function readParts<T>(chunks: readonly number[], read: (chunk: number) => Promise<T>): Promise<T[]> {
  return mapLimit(chunks, PART_READS_AT_ONCE, read);
}

/** An admin's own password is changed on マイページ; issuing it from the admin screens is refused. */
export function refuseOwnAccount(actor: Actor, employeeIds: readonly string[]): void {
  if (!employeeIds.includes(actor.accountId)) return;
  throw conflict('OWN_ACCOUNT', {
    ja: 'ご自身のパスワードは、ここでは発行・再発行できません。マイページで変更してください。',
    en: 'Your own password cannot be issued here. Change it on My page.',
  });
}

/** Splits targets into chunks of ISSUANCE_CHUNK, refusing none or too many. */
export function chunkTargets(employeeIds: string[], size = ISSUANCE_CHUNK): string[][] {
  const unique = [...new Set(employeeIds)];
  if (unique.length === 0) throw badRequest('NO_TARGETS', { ja: '発行する社員を選んでください。', en: 'Choose at least one employee.' });
  if (unique.length > MAX_TARGETS) throw badRequest('TOO_MANY_TARGETS', { ja: `一度に発行できるのは ${MAX_TARGETS.toLocaleString()} 人までです。`, en: `At most ${MAX_TARGETS} employees per job.` });
  return Array.from({ length: Math.ceil(unique.length / size) }, (_, c) => unique.slice(c * size, (c + 1) * size));
}

/** The API side: start a PDF issuance job and read it back. No rendering here. */
export function createPdfIssuanceStarter({ jobs, targets, directory, unissued, queue, clock, ids }: { jobs: JobStore; targets: Pick<IssuanceTargets, 'employees'>; directory: EmployeeIdDirectory; unissued: UnissuedEmployees; queue: JobQueue; clock: Clock; ids: Ids }) {
  return {
    /** パスワード一括発行 (PDF): every employee at 未発行, the count the list's button shows. */
    async startAllUnissued(actor: Actor): Promise<Job> {
      requireAdmin(actor);
      // An admin signs in, so is never 未発行 (seeded accounts are 発行済); never issue one's own anyway.
      const employeeIds = (await unissued.unissued(actor.companyId)).map((e) => e.id).filter((id) => id !== actor.accountId);
      if (employeeIds.length === 0) throw conflict('NONE_UNISSUED', { ja: 'パスワードが未発行の社員はいません。', en: 'No employee is waiting for a password.' });
      return launchJob({ jobs, queue, clock, ids }, actor, {
        kind: 'pdf-issuance', chunkKind: 'pdf-issuance-chunk', chunks: chunkTargets(employeeIds), reissue: false, action: 'issuance.pdf.start', detail: { allUnissued: true },
      });
    },

    start,
    /** 未処理の社員で再実行: the failed and unprocessed employees of an ended job, as it issued them. */
    rerun: (actor: Actor, job: Job, targets: RerunTarget[]) => start(actor, targets.map((t) => t.employeeId), job.reissue, job.jobId),
  };

  /** `rerunOf`: the job whose failed and unprocessed employees these are. */
  async function start(actor: Actor, employeeIds: string[], reissue: boolean, rerunOf?: string): Promise<Job> {
    requireAdmin(actor);
    refuseOwnAccount(actor, employeeIds);
    const chunks = chunkTargets(employeeIds);
    const total = chunks.reduce((n, c) => n + c.length, 0);
    // One employee (the 未発行 link, パスワード再発行) is answered at once when it cannot be issued;
    // in bulk, such employees become excluded rows of the result instead.
    if (total === 1) {
      const [employee] = await targets.employees(actor.companyId, chunks[0]!);
      const check = eligibility(employee, reissue);
      if (!check.ok) throw check.reason === 'not-found' ? notFound(check.messages) : conflict(check.reason === 'invalid-state' ? 'INVALID_TRANSITION' : check.reason.toUpperCase().replaceAll('-', '_'), check.messages);
    } else {
      await refuseUnknownEmployees(directory, actor.companyId, employeeIds);
    }
    return launchJob({ jobs, queue, clock, ids }, actor, {
      kind: 'pdf-issuance', chunkKind: 'pdf-issuance-chunk', chunks, reissue, action: reissue ? 'issuance.pdf.reissue' : 'issuance.pdf.start', targetAccountId: soleEmployee(chunks), rerunOf,
    });
  }
}

export interface PdfIssuanceWorkerDeps {
  /** The site's address, for the sign-in URL the notices print. */
  publicBaseUrl: string;
  jobs: JobStore;
  targets: IssuanceTargets;
  credentials: TemporaryCredentials;
  notices: NoticeFile;
  files: JobFiles;
  settings: (companyId: string) => Promise<CompanySettings>;
  clock: Clock;
  ids: Ids;
  random?: RandomBytes;
}

/**
 * The worker side. A chunk may run again (a retry, a worker that died): its employees stay
 * claimed by this job until the chunk is recorded, so a rerun issues them again with new
 * passwords and overwrites the chunk's pages; the passwords of the lost run were never delivered.
 */
export function createPdfIssuanceWorker({ publicBaseUrl, jobs, targets, credentials, notices, files, settings, clock, ids, random = randomBytes }: PdfIssuanceWorkerDeps) {
  const finalize = (job: Job) => finalizeNoticeJob({ jobs, notices, files, clock, ids }, job, 'issuance.pdf.done');

  return {
    async processChunk({ companyId, jobId, chunk }: JobChunkMessage): Promise<void> {
      const { job, chunkDone } = await jobAndChunk(jobs, companyId, jobId, chunk);
      if (!job || job.state === 'done' || job.state === 'failed') return;
      if (!chunkDone) {
        const ids = await jobs.targets(companyId, jobId, chunk);
        const [company, found, companySettings] = await Promise.all([targets.company(companyId), targets.employees(companyId, ids), settings(companyId)]);
        const byId = new Map(found.map((e) => [e.id, e]));
        const now = clock.now();
        const at = now.toISOString();
        const validUntil = new Date(now.getTime() + companySettings.temporaryPasswordValidityDays * 86_400_000).toISOString();
        const results: JobResult[] = [];
        const issued: IssuedStatus[] = [];
        const released: string[] = [];
        const pages: NoticeInput[] = [];
        const refuse = (id: string, e: Employee | undefined, outcome: JobResult['outcome'], reason: keyof typeof REASONS | string, messages: Messages) =>
          results.push({ employeeId: id, employeeCode: e?.employeeCode ?? '', name: e ? fullName(e) : '', outcome, reason, messages });

        const eligible: Array<{ e: Employee; state: IssuanceState; next: IssuanceState }> = [];
        for (const id of ids) {
          const e = byId.get(id);
          const check = eligibility(e, job.reissue);
          if (!check.ok) { refuse(id, e, 'excluded', check.reason, check.messages); continue; }
          eligible.push({ e: e!, state: check.state, next: check.next });
        }
        const claimed = await claimChunk(
          eligible,
          targets.claimAll && (() => targets.claimAll!(companyId, jobId, at, eligible.map((c) => ({ employeeId: c.e.id, expected: c.state.password })))),
          (c) => targets.claim(companyId, c.e.id, jobId, c.state.password, at),
        );
        // The sign-in passwords side by side; the credentials adapter keeps them to the quota.
        const passwords = await mapLimit(eligible, PARALLEL_CALLS, async ({ e, state }, i) => {
          if (!claimed[i]) return undefined;
          const password = generateTemporaryPassword(random, e.loginId);
          try {
            await credentials.setTemporaryPassword(e.id, companyId, password, hasSignInUser(state));
            return password;
          } catch (error) {
            // A throttle that outlasted its wait fails the chunk (the queue runs it again), never the employee.
            if (error instanceof QuotaWaitExceeded) throw error;
            return null;
          }
        });
        for (const [i, { e, state, next }] of eligible.entries()) {
          const id = e.id;
          const password = passwords[i];
          if (password === undefined) { refuse(id, e, 'failed', 'busy', REASONS.busy); continue; }
          if (password === null) {
            refuse(id, e, 'failed', 'identity', REASONS.identity);
            released.push(id);
            continue;
          }
          issued.push({ employeeId: id, employeeCode: e.employeeCode, name: fullName(e), from: state, next, issuedAt: at, temporaryPasswordExpiresAt: validUntil });
          pages.push({
            companyName: company?.name ?? '',
            companyCode: company?.code ?? '',
            signInUrl: companySignInUrl(publicBaseUrl, company?.code ?? ''),
            reissue: state.password !== 'unissued',
            department: e.department,
            familyName: e.familyName,
            givenName: e.givenName,
            loginId: e.loginId,
            temporaryPassword: password,
            passwordLegend: TEMPORARY_PASSWORD_LEGEND.ja,
            validUntil: jstDateTime(validUntil),
            issuedAt: jstDateTime(at).split(' ')[0]!,
          });
        }
        // The results CSV lists a chunk's employees in target order.
        const order = new Map(ids.map((id, i) => [id, i]));
        results.sort((a, b) => order.get(a.employeeId)! - order.get(b.employeeId)!);
        if (pages.length > 0) await files.put(noticePartKey(companyId, jobId, chunk), await notices.render(pages), 'application/pdf');
        await jobs.finishChunk(companyId, jobId, chunk, { issued, released, results, hasPart: pages.length > 0 });
      }
      await finish(companyId, jobId);
    },

    /** Ends the job once every chunk is recorded: the file of all its pages, and its audit entry. */
    finish,
  };

  async function finish(companyId: string, jobId: string): Promise<void> {
    const after = await jobs.get(companyId, jobId);
    if (after && after.progress.done >= after.progress.total) await finalize(after);
  }
}

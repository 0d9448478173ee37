import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import type { Company } from '../companies/company.js';
import type { CompanySettings } from '../companies/settings.js';
import { emailsOf, fullName, type Employee } from '../employees/employee.js';
import { hashSecret } from '../shared/slow-hash.js';
import { chunkTargets, jobAndChunk, jstDateTime, readParts, type JobFiles, type JobStore } from '../issuance/pdf-issuance.js';
import { claimChunk } from '../jobs/claim-chunk.js';
import { endAsFinalizer } from '../jobs/finalize.js';
import { jobOutcome, type Job, type JobChunkMessage, type JobResult, type JobRow } from '../jobs/job.js';
import { launchJob, refuseUnknownEmployees, type EmployeeIdDirectory } from '../jobs/launch.js';
import type { JobQueue, RegistrationExpiryChunkMessage } from '../jobs/queue.js';
import type { RerunTarget } from '../jobs/rerun.js';
import type { Mailer } from '../mail/mailer.js';
import { renderCsvLink, REGISTRATION_SUBJECTS } from '../mail/messages.js';
import { newLinkToken } from '../mail/token.js';
import type { Messages } from '../shared/errors.js';
import { mapLimit } from '../shared/map-limit.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { RandomBytes } from '../shared/uniform-random.js';
import { csvDateTime, registrationCsv, registrationCsvPart, type RegistrationCsvRow } from './csv.js';
import { registrationScope } from './lock.js';
import { birthDatePassword, generateRegistrationPassword } from './password.js';
import { accountIssued, CSV_LINK_DAYS, nextJapanDay, oneMonthAfter, type RegistrationStatus } from './status.js';

/** Employees per chunk: each issued one is three writes of the chunk's one transaction (≤ 100 items). */
export const REGISTRATION_CHUNK = 30;
/** scrypt runs at once in a chunk (Node's thread pool has four threads). */
const HASHES_AT_ONCE = 4;

/** An employee given a registration password: the hash the chunk's transaction stores, and its result row. */
export interface IssuedRegistration extends JobRow {
  /** The status the claim was made on; the counters move from it. */
  from: RegistrationStatus;
  hash: string;
  issuedAt: string;
  expiresAt: string;
  /** The failure scope of the employee: a reissue unlocks it in the same transaction. */
  unlockKey: string;
}

export interface RegistrationChunkOutcome {
  issued: IssuedRegistration[];
  /** Employees claimed but not issued: their claim is let go. */
  released: string[];
  results: JobResult[];
  hasPart: boolean;
}

/** Port: the job store, with a chunk record that writes registration passwords. */
export interface RegistrationJobStore extends Omit<JobStore, 'finishChunk'> {
  /**
   * Records a chunk once: each issued employee's password record (hash, expiry, no link yet),
   * 発行済 with its expiry, the release of the claim, the unlock of its failure scope and the
   * counter deltas, in one transaction; false when the chunk was already recorded.
   */
  finishChunk(companyId: string, jobId: string, chunk: number, outcome: RegistrationChunkOutcome): Promise<boolean>;
  /**
   * The batch's expiry, at use of the schedule: 発行済 → 期限切れ (`expire`) or 期限切れ → 未発行 (`reset`)
   * for those of `employeeIds` whose password is still this job's and past `now`, counters in the
   * same writes. Answers how many moved.
   */
  moveExpired(companyId: string, jobId: string, employeeIds: string[], phase: 'expire' | 'reset', now: Date): Promise<number>;
}

/** Port: employees as the job reads them, and the claim that keeps two jobs off one employee. */
export interface RegistrationTargets {
  company(companyId: string): Promise<Company | undefined>;
  employees(companyId: string, ids: string[]): Promise<Employee[]>;
  /** Claims an employee for this job (a claim of another, live job refuses; this job may claim again). */
  claim(companyId: string, employeeId: string, jobId: string, at: string): Promise<boolean>;
  /**
   * The fast path of a chunk: every claim in one all-or-nothing write (≤ 100). False when any is
   * refused; the caller then claims one by one to learn which.
   */
  claimAll?(companyId: string, jobId: string, at: string, employeeIds: string[]): Promise<boolean>;
}

/** Port: the company's registration URL (made the first time it is asked for). */
export interface RegistrationUrls {
  url(companyId: string): Promise<string>;
}

/** One page of the distribution letter (「文書で案内」); strings are ready to print. */
export interface RegistrationLetter {
  companyName: string;
  department: string;
  familyName: string;
  givenName: string;
  employeeCode: string;
  password: string;
  validUntil: string;
  registrationUrl: string;
  issuedAt: string;
}

/** Port: the letter renderer (the notice layout of jobs/pdf); only the worker has it. */
export interface LetterFile {
  render(letters: RegistrationLetter[]): Promise<Uint8Array>;
  merge(parts: Uint8Array[]): Promise<Uint8Array>;
}

export interface RegistrationFiles extends JobFiles {
  remove(keys: string[]): Promise<void>;
}

/** The mailed link to the CSV: for one admin, seven days. Stored as a digest only. */
export interface CsvLink {
  digest: string;
  companyId: string;
  jobId: string;
  accountId: string;
  createdAt: string;
  expiresAt: string;
}

export interface CsvLinks {
  put(link: CsvLink): Promise<void>;
  get(digest: string): Promise<CsvLink | undefined>;
}

/** What a one-time schedule hands the expiry function. */
export interface RegistrationExpiryPayload {
  kind: 'registration-expiry';
  companyId: string;
  jobId: string;
  phase: 'expire' | 'reset';
}

/** Port: EventBridge Scheduler one-time schedules (deleted after they run); locally the runtime's timer. */
export interface OneTimeSchedules {
  at(name: string, when: string, payload: RegistrationExpiryPayload): Promise<void>;
}

/** Where a job's files live; every key starts with the prefix the bucket keeps for a month. */
export const REGISTRATION_FILE_PREFIX = 'registration/';
const partKey = (companyId: string, jobId: string, chunk: number, ext: 'csv' | 'pdf') => `${REGISTRATION_FILE_PREFIX}${companyId}/${jobId}/part-${chunk}.${ext}`;
export const registrationFileKey = (companyId: string, jobId: string, file: 'csv' | 'letters') =>
  `${REGISTRATION_FILE_PREFIX}${companyId}/${jobId}/${file === 'csv' ? 'registration-passwords.csv' : 'letters.pdf'}`;

export const csvLinkUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl.replace(/\/+$/, '')}/admin/registration-codes/download/${token}`;

const REASONS = {
  notFound: { ja: '社員が見つかりません（削除された可能性があります）。', en: 'Employee not found (it may have been deleted).' },
  disabled: { ja: '無効な社員', en: 'The employee is disabled.' },
  accountIssued: { ja: 'アカウント発行済み', en: 'An account has already been issued.' },
  privateEmail: { ja: '私用メールアドレス登録済み', en: 'A private address is already registered.' },
  noBirthDate: { ja: '生年月日が未登録', en: 'No birth date is registered.' },
  busy: { ja: '他の発行処理が実行中のため発行しませんでした。しばらくしてからやり直してください。', en: 'Another issuance is running for this employee. Try again later.' },
} satisfies Record<string, Messages>;

type Eligibility = { ok: true; from: RegistrationStatus } | { ok: false; reason: 'not-found' | 'disabled' | 'account-issued' | 'private-email' | 'no-birth-date'; messages: Messages };

/**
 * Whether an employee may get a registration password (the refusals of the help page). A birth
 * date is needed in either mode: the registration form asks for it, so without one the employee
 * could never register; with the birth-date option it is the password itself.
 */
export function registrationEligibility(e: Employee | undefined): Eligibility {
  if (!e || e.deleted) return { ok: false, reason: 'not-found', messages: REASONS.notFound };
  if (!e.enabled) return { ok: false, reason: 'disabled', messages: REASONS.disabled };
  if (accountIssued(e.passwordStatus ?? 'unissued', e.verificationStatus ?? 'none')) return { ok: false, reason: 'account-issued', messages: REASONS.accountIssued };
  if (e.privateEmailRegistered) return { ok: false, reason: 'private-email', messages: REASONS.privateEmail };
  if (!birthDatePassword(e.birthDate)) return { ok: false, reason: 'no-birth-date', messages: REASONS.noBirthDate };
  return { ok: true, from: e.registrationStatus ?? 'unissued' };
}

/** The API side: 「私用メールアドレス登録用パスワードを発行 (N)」 starts a job. */
export function createRegistrationCodesStarter({ jobs, directory, queue, clock, ids }: { jobs: Pick<JobStore, 'create'>; directory: EmployeeIdDirectory; queue: JobQueue; clock: Clock; ids: Ids }) {
  /** `rerunOf`: the job whose failed and unprocessed employees these are. */
  async function start(actor: Actor, employeeIds: string[], rerunOf?: string): Promise<Job> {
    requireAdmin(actor);
    const chunks = chunkTargets(employeeIds, REGISTRATION_CHUNK);
    await refuseUnknownEmployees(directory, actor.companyId, employeeIds);
    return launchJob({ jobs, queue, clock, ids }, actor, {
      kind: 'registration-codes', chunkKind: 'registration-codes-chunk', chunks, reissue: false, action: 'registration.codes.start', rerunOf,
    });
  }
  return {
    start: (actor: Actor, employeeIds: string[]) => start(actor, employeeIds),
    /**
     * 未処理の社員で再実行: a new batch (its own CSV, letters, mailed link and expiry) for the failed
     * and unprocessed employees. The first batch's passwords of the others stand: nothing of it is
     * drawn again, and the rerun checks each employee afresh (registered or issued meanwhile: excluded).
     */
    rerun: (actor: Actor, _job: Job, targets: RerunTarget[]) => start(actor, targets.map((t) => t.employeeId), _job.jobId),
  };
}

export interface RegistrationWorkerDeps {
  publicBaseUrl: string;
  jobs: RegistrationJobStore;
  targets: RegistrationTargets;
  urls: RegistrationUrls;
  letters: LetterFile;
  files: RegistrationFiles;
  csvLinks: CsvLinks;
  schedules: OneTimeSchedules;
  mailer: Mailer;
  settings: (companyId: string) => Promise<CompanySettings>;
  clock: Clock;
  ids: Ids;
  random?: RandomBytes;
  hash?: (password: string) => Promise<string>;
}

/**
 * The worker side. The plain passwords exist only here: each chunk draws them, writes its rows of
 * the CSV and its pages of the letter, and stores only their salted hashes. A chunk that runs
 * again (a worker died before recording it) draws new passwords and overwrites its parts: the
 * passwords of the lost run were never stored nor delivered.
 */
export function createRegistrationWorker(deps: RegistrationWorkerDeps) {
  const { publicBaseUrl, jobs, targets, urls, letters, files, csvLinks, schedules, mailer, settings, clock, ids, random = randomBytes, hash = (p) => hashSecret(p) } = deps;

  async function processChunk(job: Job, chunk: number): Promise<void> {
    const { companyId, jobId } = job;
    const employeeIds = await jobs.targets(companyId, jobId, chunk);
    const [company, found, companySettings, registrationUrl] = await Promise.all([
      targets.company(companyId), targets.employees(companyId, employeeIds), settings(companyId), urls.url(companyId),
    ]);
    const byId = new Map(found.map((e) => [e.id, e]));
    const at = clock.now().toISOString();
    // One expiry for the whole batch, from when it was started: the files and the schedule share it.
    const expiresAt = oneMonthAfter(job.createdAt);
    const results: JobResult[] = [];
    const eligible: Array<{ e: Employee; from: RegistrationStatus }> = [];
    for (const id of employeeIds) {
      const e = byId.get(id);
      const check = registrationEligibility(e);
      if (!check.ok) {
        results.push({ employeeId: id, employeeCode: e?.employeeCode ?? '', name: e ? fullName(e) : '', outcome: 'excluded', reason: check.reason, messages: check.messages });
        continue;
      }
      eligible.push({ e: e!, from: check.from });
    }
    const held = await claimChunk(
      eligible,
      targets.claimAll && (() => targets.claimAll!(companyId, jobId, at, eligible.map(({ e }) => e.id))),
      ({ e }) => targets.claim(companyId, e.id, jobId, at),
    );
    const claimed = eligible.filter((_, i) => held[i]);
    for (const [i, { e }] of eligible.entries()) {
      if (!held[i]) results.push({ employeeId: e.id, employeeCode: e.employeeCode, name: fullName(e), outcome: 'failed', reason: 'busy', messages: REASONS.busy });
    }
    const drawn = await mapLimit(claimed, HASHES_AT_ONCE, async ({ e, from }) => {
      const password = (companySettings.registrationPasswordFromBirthDate ? birthDatePassword(e.birthDate) : undefined) ?? generateRegistrationPassword(random);
      return { e, from, password, hash: await hash(password) };
    });
    const rows: RegistrationCsvRow[] = drawn.map(({ e, password }) => ({
      employeeCode: e.employeeCode, name: fullName(e), kana: `${e.familyNameKana} ${e.givenNameKana}`.trim(), password, expiresAt: csvDateTime(expiresAt), office: e.office, department: e.department,
    }));
    if (rows.length > 0) {
      const pages: RegistrationLetter[] = drawn.map(({ e, password }) => ({
        companyName: company?.name ?? '', department: e.department, familyName: e.familyName, givenName: e.givenName, employeeCode: e.employeeCode,
        password, validUntil: jstDateTime(expiresAt), registrationUrl, issuedAt: jstDateTime(at).split(' ')[0]!,
      }));
      await Promise.all([
        files.put(partKey(companyId, jobId, chunk, 'csv'), new TextEncoder().encode(registrationCsvPart(rows)), 'text/csv; charset=utf-8'),
        letters.render(pages).then((pdf) => files.put(partKey(companyId, jobId, chunk, 'pdf'), pdf, 'application/pdf')),
      ]);
    }
    // The results CSV lists a chunk's employees in target order.
    const order = new Map(employeeIds.map((id, i) => [id, i]));
    results.sort((a, b) => order.get(a.employeeId)! - order.get(b.employeeId)!);
    await jobs.finishChunk(companyId, jobId, chunk, {
      issued: drawn.map(({ e, from, hash: h }) => ({
        employeeId: e.id, employeeCode: e.employeeCode, name: fullName(e), from, hash: h, issuedAt: at, expiresAt, unlockKey: registrationScope(companyId, e.employeeCode).key,
      })),
      released: [],
      results,
      hasPart: rows.length > 0,
    });
  }

  /** Once every chunk is recorded: one CSV and one letter PDF, their expiry scheduled, the CSV link mailed. */
  async function finalize(job: Job): Promise<void> {
    const { companyId, jobId } = job;
    const finishedAt = clock.now().toISOString();
    await endAsFinalizer(jobs, companyId, jobId, finishedAt, async () => {
      const chunks = await jobs.chunksWithPart(companyId, jobId);
      const expiresAt = oneMonthAfter(job.createdAt);
      let done: Parameters<JobStore['complete']>[2] = { finishedAt };
      if (chunks.length > 0) {
        const [csvParts, pdfParts] = await Promise.all([
          readParts(chunks, async (c) => new TextDecoder().decode(await files.get(partKey(companyId, jobId, c, 'csv')))),
          readParts(chunks, (c) => files.get(partKey(companyId, jobId, c, 'pdf'))),
        ]);
        await Promise.all([
          files.put(registrationFileKey(companyId, jobId, 'csv'), new TextEncoder().encode(registrationCsv(csvParts)), 'text/csv; charset=utf-8'),
          letters.merge(pdfParts).then((pdf) => files.put(registrationFileKey(companyId, jobId, 'letters'), pdf, 'application/pdf')),
        ]);
        await scheduleExpiry(job, expiresAt);
        done = { finishedAt, fileKey: registrationFileKey(companyId, jobId, 'csv'), fileExpiresAt: expiresAt, csvMail: await mailCsvLink(job, expiresAt) };
      }
      await jobs.complete(companyId, jobId, done, {
        id: ids.next(), companyId, at: finishedAt, actor: job.createdBy, actorAccountId: job.createdByAccountId, action: 'registration.codes.done', target: jobId, ...jobOutcome(job),
        detail: { issued: job.counts.succeeded, csvMail: done.csvMail ?? 'none' },
      });
      // Only once the job is done: an ending that failed before reads the parts again.
      if (chunks.length > 0) await files.remove(chunks.flatMap((c) => [partKey(companyId, jobId, c, 'csv'), partKey(companyId, jobId, c, 'pdf')]));
    });
  }

  async function scheduleExpiry(job: Job, expiresAt: string): Promise<void> {
    const base = { kind: 'registration-expiry', companyId: job.companyId, jobId: job.jobId } as const;
    try {
      await schedules.at(`kagi-reg-${job.jobId}-expire`, expiresAt, { ...base, phase: 'expire' });
      await schedules.at(`kagi-reg-${job.jobId}-reset`, nextJapanDay(expiresAt), { ...base, phase: 'reset' });
    } catch {
      // Not fatal: every expiry is enforced at use, and the bucket's lifecycle removes the files
      // a few days after the passwords' month; only the list would keep showing 発行済.
    }
  }

  async function mailCsvLink(job: Job, passwordsExpireAt: string): Promise<Job['csvMail']> {
    const [admin] = job.createdByAccountId ? await targets.employees(job.companyId, [job.createdByAccountId]) : [];
    const to = admin && !admin.deleted ? emailsOf(admin)[0] : undefined;
    if (!admin || !to) return 'no-address';
    const company = await targets.company(job.companyId);
    const now = clock.now();
    const { token, digest } = newLinkToken(random);
    const linkExpiresAt = new Date(now.getTime() + CSV_LINK_DAYS * 86_400_000).toISOString();
    await csvLinks.put({ digest, companyId: job.companyId, jobId: job.jobId, accountId: admin.id, createdAt: now.toISOString(), expiresAt: linkExpiresAt });
    const content = renderCsvLink({
      adminName: fullName(admin), companyName: company?.name ?? '', link: csvLinkUrl(publicBaseUrl, token), linkExpiresAt, passwordsExpireAt, count: job.counts.succeeded,
    });
    try {
      const [outcome] = await mailer.send(REGISTRATION_SUBJECTS.csvLink, [{ to, text: content.text, html: content.html, tags: { companyId: job.companyId, employeeId: admin.id, mailId: ids.next() } }]);
      return outcome?.status === 'sent' ? 'sent' : 'failed';
    } catch {
      return 'failed';
    }
  }

  return {
    async processChunk({ companyId, jobId, chunk }: JobChunkMessage): Promise<void> {
      const { job, chunkDone } = await jobAndChunk(jobs, companyId, jobId, chunk);
      if (!job || job.state === 'done' || job.state === 'failed') return;
      if (!chunkDone) await processChunk(job, chunk);
      await finish(companyId, jobId);
    },

    /** Ends the job once every chunk is recorded (also those the engine recorded as unprocessed): files, schedules, the CSV link, its audit entry. */
    finish,

    /** A chunk of the batch's expiry (the schedule queues one per chunk): tidies statuses and counts. */
    async expireChunk({ companyId, jobId, chunk, phase }: RegistrationExpiryChunkMessage): Promise<void> {
      const employeeIds = await jobs.targets(companyId, jobId, chunk);
      await jobs.moveExpired(companyId, jobId, employeeIds, phase, clock.now());
    },
  };

  async function finish(companyId: string, jobId: string): Promise<void> {
    const after = await jobs.get(companyId, jobId);
    if (after && !after.finishedAt && after.progress.done >= after.progress.total) await finalize(after);
  }
}

/**
 * The target of the batch's one-time schedules: at the expiry the files go and 発行済 becomes
 * 期限切れ; the next day 期限切れ becomes 未発行. The statuses move chunk by chunk on the job queue.
 * Expiry is enforced at use whatever this does or when it runs.
 */
export function createRegistrationExpiry({ jobs, files, queue }: { jobs: Pick<JobStore, 'get'>; files: Pick<RegistrationFiles, 'remove'>; queue: JobQueue }) {
  return {
    async run({ companyId, jobId, phase }: RegistrationExpiryPayload): Promise<{ chunks: number }> {
      const job = await jobs.get(companyId, jobId);
      if (!job || job.kind !== 'registration-codes') return { chunks: 0 };
      if (phase === 'expire') await files.remove([registrationFileKey(companyId, jobId, 'csv'), registrationFileKey(companyId, jobId, 'letters')]);
      await queue.sendAll(Array.from({ length: job.chunks }, (_, chunk) => ({ kind: 'registration-expiry-chunk', companyId, jobId, chunk, phase })));
      return { chunks: job.chunks };
    },
  };
}

/** File names carry the Japan date of the job. */
export const registrationFileName = (job: Pick<Job, 'createdAt'>, file: 'csv' | 'letters', stamp: (at: string) => string) =>
  file === 'csv' ? `registration-passwords-${stamp(job.createdAt)}.csv` : `registration-letters-${stamp(job.createdAt)}.pdf`;

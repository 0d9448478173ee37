import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { companySignInUrl, type Company } from '../companies/company.js';
import type { CompanySettings } from '../companies/settings.js';
import { fullName, type Employee } from '../employees/employee.js';
import { jobOutcome, type Job, type JobResult, type JobRow, type MailJobMode } from '../jobs/job.js';
import { endAsFinalizer, type FinalizeClaim } from '../jobs/finalize.js';
import type { JobQueue } from '../jobs/queue.js';
import { launchJob, refuseUnknownEmployees, soleEmployee, type EmployeeIdDirectory } from '../jobs/launch.js';
import type { RerunTarget } from '../jobs/rerun.js';
import { createPacedSender, type FinalOutcome, type OutgoingMail, type Mailer, type Sleep } from '../mail/mailer.js';
import { renderAccountNotice, renderVerificationRequest, SUBJECTS, type MailKind } from '../mail/messages.js';
import { newLinkToken, verificationLink, type StoredLink } from '../mail/token.js';
import { badRequest, conflict, notFound, type Messages } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { RandomBytes } from '../shared/uniform-random.js';
import { mapLimit } from '../shared/map-limit.js';
import type { RateLimiter } from '../shared/rate-limiter.js';
import { jobAndChunk, refuseOwnAccount, type IssuanceTargets, type TemporaryCredentials, type UnissuedEmployee, type UnissuedEmployees } from './pdf-issuance.js';
import { hasSignInUser, transition, type IssuanceEvent, type IssuanceState } from './status.js';
import { generateTemporaryPassword } from './temporary-password.js';

// Mail issuance (issue 4) on the bulk-job engine: 認証要求メール (new, resend, reissue A) and
// アカウント通知 sent directly (reissue B). Every target's mail has a history record keyed by
// the job (mailId = jobId), written before the send: it is the send marker that keeps a retried
// chunk, or one whose worker died, from mailing anyone twice.

/**
 * Employees per chunk: SES's 50 recipients per SendBulkEmail. A chunk's claims and send markers
 * go in one transaction (2 × 50 = DynamoDB's 100 items); its record, with each marker settled,
 * in one too, or in two when it passes 100 items (see the job store).
 */
export const MAIL_CHUNK = 50;
export const MAX_MAIL_TARGETS = 10_000;
/**
 * A marker left in `sending` by a run that died may mean SES took the mail or not. SES reports
 * every accepted mail to the configuration set's event destination within seconds; after this
 * long without such an event, the mail was not taken and may be sent again.
 */
export const SEND_SETTLE_MINUTES = 10;

export type AddressSlot = 1 | 2 | 3;
export interface MailTarget {
  employeeId: string;
  address: AddressSlot;
}

export type DeliveryState = 'sent' | 'delivered' | 'bounced' | 'complained' | 'failed';
export interface MailEvent {
  type: string;
  at: string;
  detail?: string;
}

/** One mail in メール送信履歴; while `state` is `sending` it is also the send marker. */
export interface MailRecord {
  mailId: string;
  companyId: string;
  employeeId: string;
  kind: MailKind;
  address: AddressSlot;
  to: string;
  subject: string;
  /** When this attempt was made (the marker's age). */
  sentAt: string;
  state: 'sending' | 'sent' | 'failed';
  messageId?: string;
  delivery: DeliveryState;
  events: MailEvent[];
  jobId?: string;
  /** Request mails: the digest of the link this attempt carried, and its deadline. */
  linkDigest?: string;
  linkExpiresAt?: string;
  /** Notice mails: until when the mailed temporary password is valid. */
  passwordExpiresAt?: string;
}

/** SES told us it took the mail (an event arrived) or the sender recorded it. */
export const hasSendEvidence = (r: MailRecord) => r.state === 'sent' || r.messageId !== undefined || r.events.length > 0;

/** Port: the mail history of employees. */
export interface MailHistory {
  getMany(companyId: string, keys: Array<{ employeeId: string; mailId: string }>): Promise<MailRecord[]>;
  /**
   * Writes the marker of an attempt; `replacing` is the `sentAt` of a dead attempt it takes over.
   * False when another run wrote a marker meanwhile.
   */
  begin(record: MailRecord, replacing?: string): Promise<boolean>;
  list(companyId: string, employeeId: string): Promise<MailRecord[]>;
  /** Outside jobs (the notice after verifying): the marker's end state. */
  settle(record: MailRecord, result: { state: 'sent'; messageId: string } | { state: 'failed' }): Promise<void>;
}

/** Port: stored links (by digest). */
export interface LinkStore {
  putAll(links: StoredLink[]): Promise<void>;
  get(digest: string): Promise<StoredLink | undefined>;
}

export interface SentRequest extends JobRow {
  from: IssuanceState;
  next: IssuanceState;
  mailId: string;
  messageId?: string;
  address: AddressSlot;
  requestedAt: string;
  /** Request mails. */
  linkDigest?: string;
  linkExpiresAt?: string;
  /** Notice mails. */
  passwordExpiresAt?: string;
}

export interface MailChunkOutcome {
  sent: SentRequest[];
  /** Claimed but not sent: released, their marker marked failed. */
  failed: Array<{ employeeId: string; mailId: string }>;
  results: JobResult[];
}

/** Port: mail jobs, on the same job items as every bulk job. */
export interface MailJobStore extends FinalizeClaim {
  create(job: Job, chunkTargets: MailTarget[][], audit: AuditEntry): Promise<void>;
  get(companyId: string, jobId: string): Promise<Job | undefined>;
  mailTargets(companyId: string, jobId: string, chunk: number): Promise<MailTarget[]>;
  chunkDone(companyId: string, jobId: string, chunk: number): Promise<boolean>;
  /** See JobStore.jobState. */
  jobState?(companyId: string, jobId: string, chunk: number): Promise<{ job: Job | undefined; chunkDone: boolean }>;
  /** Records a chunk once, with every status change, marker and counter in one transaction. */
  finishMailChunk(companyId: string, jobId: string, chunk: number, outcome: MailChunkOutcome): Promise<boolean>;
  complete(companyId: string, jobId: string, done: { fileKey?: string; fileExpiresAt?: string; finishedAt: string }, audit: AuditEntry): Promise<void>;
  /**
   * The fast path of a chunk: every claim and every send marker in one all-or-nothing write.
   * False when any of them is refused; the caller then takes them one by one to learn which.
   */
  claimAndBegin(companyId: string, jobId: string, at: string, claims: Array<{ employeeId: string; expected: IssuanceState['password'] }>, markers: Array<{ record: MailRecord; replacing?: string }>): Promise<boolean>;
}

/** Port: the sign-in identity: a temporary password, or a random one nobody knows (reissue A). */
export interface MailCredentials extends TemporaryCredentials {
  revokePassword(accountId: string, companyId: string): Promise<void>;
}

const REASONS = {
  notFound: { ja: '社員が見つかりません（削除された可能性があります）。', en: 'Employee not found (it may have been deleted).' },
  disabled: { ja: '無効な社員のため送信しません。', en: 'The employee is disabled.' },
  noAddress: { ja: 'メールアドレスが未設定です。', en: 'The chosen mail address is not set.' },
  notUnissued: { ja: '未発行・未認証の社員ではないため送信しません。', en: 'Only employees not issued and not verified are sent the request mail.' },
  busy: { ja: '他の発行処理が実行中のため送信しませんでした。しばらくしてからやり直してください。', en: 'Another issuance is running for this employee. Try again later.' },
  identity: { ja: 'ログイン情報を設定できませんでした。もう一度送信してください。', en: 'The sign-in could not be set up. Send again.' },
  sendFailed: { ja: 'メールを送信できませんでした。アドレスを確認してもう一度送信してください。', en: 'The mail could not be sent. Check the address and send again.' },
} satisfies Record<string, Messages>;

/** Store and identity calls of one chunk run this many at a time. */
const PARALLEL_CALLS = 10;

/** Thrown to have the queue retry the chunk later. */
export class RetryLater extends Error {}

const EVENT_OF: Record<MailJobMode, IssuanceEvent> = {
  new: { type: 'request-mail-sent' },
  resend: { type: 'request-mail-sent' },
  reissue: { type: 'reissue-by-request-mail' },
};

const addressOf = (e: Pick<Employee, 'email1' | 'email2' | 'email3'>, slot: AddressSlot) => [e.email1, e.email2, e.email3][slot - 1] ?? '';

/** メールアドレス1 when set, else the first address there is (as the screens preselect); 1 when none (未設定). */
export function defaultSlot(e: Pick<Employee, 'email1' | 'email2' | 'email3'>): AddressSlot {
  return ([1, 2, 3] as const).find((slot) => addressOf(e, slot).trim() !== '') ?? 1;
}

/** The API side: start a mail job. */
export function createMailIssuanceStarter({ jobs, directory, unissued, queue, clock, ids }: { jobs: MailJobStore; directory: EmployeeIdDirectory; unissued: UnissuedEmployees; queue: JobQueue; clock: Clock; ids: Ids }) {
  /** `rerunOf`: the job whose failed and unprocessed employees these are. */
  async function start(actor: Actor, kind: 'mail-request' | 'mail-notice', targets: MailTarget[], mode: MailJobMode | undefined, detail?: AuditEntry['detail'], rerunOf?: string): Promise<Job> {
    requireAdmin(actor);
    refuseOwnAccount(actor, targets.map((t) => t.employeeId));
    const seen = new Set<string>();
    const unique = targets.filter((t) => !seen.has(t.employeeId) && seen.add(t.employeeId));
    if (unique.length === 0) throw badRequest('NO_TARGETS', { ja: '送信する社員を選んでください。', en: 'Choose at least one employee.' });
    if (unique.length > MAX_MAIL_TARGETS) throw badRequest('TOO_MANY_TARGETS', { ja: `一度に送信できるのは ${MAX_MAIL_TARGETS.toLocaleString()} 人までです。`, en: `At most ${MAX_MAIL_TARGETS} employees per job.` });
    await refuseUnknownEmployees(directory, actor.companyId, unique.map((t) => t.employeeId));
    const chunks = Array.from({ length: Math.ceil(unique.length / MAIL_CHUNK) }, (_, c) => unique.slice(c * MAIL_CHUNK, (c + 1) * MAIL_CHUNK));
    return launchJob({ jobs, queue, clock, ids }, actor, {
      kind, chunkKind: kind === 'mail-request' ? 'mail-request-chunk' : 'mail-notice-chunk', chunks, mode, reissue: kind === 'mail-notice' || mode === 'reissue',
      action: kind === 'mail-request' ? 'issuance.mail.start' : 'issuance.notice-mail.start', ...(mode || detail ? { detail: { ...(mode ? { mode } : {}), ...detail } } : {}), targetAccountId: soleEmployee(chunks), rerunOf,
    });
  }

  return {
    /** 認証要求メール: new, resend or reissue (A). */
    request: (actor: Actor, targets: MailTarget[], mode: MailJobMode = 'new') => start(actor, 'mail-request', targets, mode),
    /**
     * パスワード一括発行 (mail): a first 認証要求メール to every employee at 未発行, each to the address
     * the screens preselect; those without one are reported as 未設定 by the job.
     */
    async requestAllUnissued(actor: Actor): Promise<Job> {
      requireAdmin(actor);
      const found: UnissuedEmployee[] = (await unissued.unissued(actor.companyId)).filter((e) => e.id !== actor.accountId);
      if (found.length === 0) throw conflict('NONE_UNISSUED', { ja: 'パスワードが未発行の社員はいません。', en: 'No employee is waiting for a password.' });
      return start(actor, 'mail-request', found.map((e) => ({ employeeId: e.id, address: defaultSlot(e) })), 'new', { allUnissued: true });
    },
    /** アカウント通知 sent directly: reissue (B). */
    notice: (actor: Actor, targets: MailTarget[]) => start(actor, 'mail-notice', targets, undefined),
    /** 未処理の社員で再実行: the failed and unprocessed employees of an ended job, each to the address it used. */
    rerun: (actor: Actor, job: Job, rerunTargets: RerunTarget[]) =>
      start(actor, job.kind === 'mail-notice' ? 'mail-notice' : 'mail-request', rerunTargets.map((t) => ({ employeeId: t.employeeId, address: t.address ?? 1 })), job.kind === 'mail-notice' ? undefined : (job.mode ?? 'new'), undefined, job.jobId),
    async get(actor: Actor, jobId: string): Promise<Job> {
      requireAdmin(actor);
      const job = await jobs.get(actor.companyId, jobId);
      if (!job) throw notFound({ ja: 'ジョブが見つかりません。', en: 'Job not found.' });
      return job;
    },
  };
}

export interface MailIssuanceWorkerDeps {
  jobs: MailJobStore;
  targets: IssuanceTargets;
  history: MailHistory;
  links: LinkStore;
  credentials: MailCredentials;
  mailer: Mailer;
  settings: (companyId: string) => Promise<CompanySettings>;
  publicBaseUrl: string;
  /** This worker's share of the account's SES send rate (mails per second). */
  sendRatePerSecond: number;
  /** The process's limiter of that send rate, when one is shared (adapters/ses/quota.ts); else the worker's own. */
  limiter?: RateLimiter;
  clock: Clock;
  ids: Ids;
  sleep: Sleep;
  random?: RandomBytes;
}

interface Planned {
  target: MailTarget;
  employee: Employee;
  from: IssuanceState;
  next: IssuanceState;
  record: MailRecord;
  mail?: OutgoingMail;
  replacing?: string;
}

/** The worker side: one chunk of a mail job at a time; safe to run again for the same chunk. */
export function createMailIssuanceWorker(deps: MailIssuanceWorkerDeps) {
  const { jobs, targets, history, links, credentials, mailer, settings, publicBaseUrl, clock, ids, random = randomBytes } = deps;
  const sender = createPacedSender({ mailer, ratePerSecond: deps.sendRatePerSecond, clock, sleep: deps.sleep, limiter: deps.limiter });

  async function finalize(job: Job) {
    const finishedAt = clock.now().toISOString();
    await endAsFinalizer(jobs, job.companyId, job.jobId, finishedAt, () =>
      jobs.complete(job.companyId, job.jobId, { finishedAt }, {
        id: ids.next(), companyId: job.companyId, at: finishedAt, actor: job.createdBy,
        action: job.kind === 'mail-request' ? 'issuance.mail.done' : 'issuance.notice-mail.done', target: job.jobId, ...jobOutcome(job),
        detail: { sent: job.counts.succeeded, failed: job.counts.failed, excluded: job.counts.excluded },
      }),
    );
  }

  async function runChunk(job: Job, chunk: number) {
    const { companyId, jobId } = job;
    const kind: MailKind = job.kind === 'mail-request' ? 'verification-request' : 'account-notice';
    const chunkTargets = await jobs.mailTargets(companyId, jobId, chunk);
    const ids_ = chunkTargets.map((t) => t.employeeId);
    const [company, found, companySettings, markers] = await Promise.all([
      targets.company(companyId),
      targets.employees(companyId, ids_),
      settings(companyId),
      history.getMany(companyId, ids_.map((employeeId) => ({ employeeId, mailId: jobId }))),
    ]);
    const byId = new Map(found.map((e) => [e.id, e]));
    const markerOf = new Map(markers.map((m) => [m.employeeId, m]));
    const now = clock.now();
    const at = now.toISOString();
    const results: JobResult[] = [];
    const refuse = (id: string, e: Employee | undefined, outcome: JobResult['outcome'], reason: string, messages: Messages) =>
      results.push({ employeeId: id, employeeCode: e?.employeeCode ?? '', name: e ? fullName(e) : '', outcome, reason, messages });
    const sent: SentRequest[] = [];
    const failed: MailChunkOutcome['failed'] = [];
    const planned: Planned[] = [];
    const event: IssuanceEvent = kind === 'account-notice' ? { type: 'reissue-by-notice-mail' } : EVENT_OF[job.mode ?? 'new'];

    const candidates: Array<{ target: MailTarget; e: Employee; to: string; from: IssuanceState; next: IssuanceState }> = [];
    for (const target of chunkTargets) {
      const id = target.employeeId;
      const e = byId.get(id);
      if (!e || e.deleted) { refuse(id, e, 'excluded', 'not-found', REASONS.notFound); continue; }
      if (!e.enabled) { refuse(id, e, 'excluded', 'disabled', REASONS.disabled); continue; }
      const to = addressOf(e, target.address);
      if (!to) { refuse(id, e, 'excluded', 'no-address', REASONS.noAddress); continue; }
      const from: IssuanceState = { password: e.passwordStatus ?? 'unissued', verification: e.verificationStatus ?? 'none' };
      if (job.mode === 'new' && !(from.password === 'unissued' && from.verification === 'none')) { refuse(id, e, 'excluded', 'invalid-state', REASONS.notUnissued); continue; }
      if (job.mode === 'resend' && !(['issuing', 'reissuing'].includes(from.password) && ['pending', 'expired'].includes(from.verification))) {
        const moved = transition(from, event);
        refuse(id, e, 'excluded', 'invalid-state', moved.ok ? REASONS.notUnissued : moved.reason);
        continue;
      }
      const moved = transition(from, event);
      if (!moved.ok) { refuse(id, e, 'excluded', 'invalid-state', moved.reason); continue; }
      candidates.push({ target, e, to, from, next: moved.next });
    }

    // Per candidate: sent by an earlier run (evidence), or a new attempt with its marker.
    const decisions = candidates.map((c) => {
      const marker = markerOf.get(c.e.id);
      if (marker && hasSendEvidence(marker)) return { c, marker };
      if (marker && marker.state === 'sending' && now.getTime() - Date.parse(marker.sentAt) < SEND_SETTLE_MINUTES * 60_000) {
        // An earlier run may still be sending, or SES's event is on its way: decide later.
        throw new RetryLater(`Send marker of ${c.e.id} in job ${jobId} is not settled yet`);
      }
      const record: MailRecord = {
        mailId: jobId, companyId, employeeId: c.e.id, kind, address: c.target.address, to: c.to, subject: SUBJECTS[kind], sentAt: at, state: 'sending', delivery: 'sent', events: [], jobId,
      };
      const replacing = marker?.state === 'sending' ? marker.sentAt : undefined;
      // The marker names the link (or the password's deadline) it carries, so a retry that finds
      // the mail sent records the status that goes with that mail.
      let token: string | undefined;
      if (kind === 'verification-request') {
        const link = newLinkToken(random);
        token = link.token;
        record.linkDigest = link.digest;
        record.linkExpiresAt = new Date(now.getTime() + companySettings.verificationValidityDays * 86_400_000).toISOString();
      } else {
        record.passwordExpiresAt = new Date(now.getTime() + companySettings.temporaryPasswordValidityDays * 86_400_000).toISOString();
      }
      return { c, record, replacing, token };
    });
    const attempts = decisions.flatMap((d) => ('record' in d && d.record ? [{ employeeId: d.c.e.id, record: d.record, replacing: d.replacing }] : []));

    // Fast path: every claim and marker of the chunk in one write. When anything is refused
    // (another job holds someone, another run wrote a marker), one by one to learn which.
    let claimed = candidates.map(() => true);
    const together = await jobs.claimAndBegin(companyId, jobId, at, candidates.map((c) => ({ employeeId: c.e.id, expected: c.from.password })), attempts);
    if (!together) {
      claimed = await mapLimit(candidates, PARALLEL_CALLS, (c) => targets.claim(companyId, c.e.id, jobId, c.from.password, at));
      const mine = new Set(candidates.filter((_, i) => claimed[i]).map((c) => c.e.id));
      const begun = await mapLimit(attempts.filter((a) => mine.has(a.employeeId)), PARALLEL_CALLS, (a) => history.begin(a.record, a.replacing));
      if (begun.some((ok) => !ok)) throw new RetryLater(`Another run is sending chunk ${chunk} of job ${jobId}`);
    }

    const revokeAgain: string[] = [];
    for (const [i, d] of decisions.entries()) {
      const { target, e, to, from, next } = d.c;
      const id = e.id;
      if (!claimed[i]) { refuse(id, e, 'failed', 'busy', REASONS.busy); continue; }
      if ('marker' in d && d.marker) {
        // Sent by an earlier run of this chunk: record it, never send it again (for reissue (A),
        // make sure the old password is gone: that run may have died before it got there).
        const marker = d.marker;
        if (job.mode === 'reissue') revokeAgain.push(id);
        sent.push({ employeeId: id, employeeCode: e.employeeCode, name: fullName(e), from, next, mailId: jobId, messageId: marker.messageId, address: marker.address, requestedAt: marker.sentAt, linkDigest: marker.linkDigest, linkExpiresAt: marker.linkExpiresAt, passwordExpiresAt: marker.passwordExpiresAt });
        continue;
      }
      const { record, token } = d as { record: MailRecord; token?: string };
      if (kind === 'verification-request') {
        const content = renderVerificationRequest({ companyName: company?.name ?? '', employeeName: fullName(e), link: verificationLink(publicBaseUrl, token!), expiresAt: record.linkExpiresAt! });
        planned.push({ target, employee: e, from, next, record, mail: { to, text: content.text, html: content.html, tags: { companyId, employeeId: id, mailId: jobId } } });
      } else {
        planned.push({ target, employee: e, from, next, record });
      }
    }
    await mapLimit(revokeAgain, PARALLEL_CALLS, (id) => credentials.revokePassword(id, companyId));

    // Links exist before any mail that carries them.
    const newLinks: StoredLink[] = planned.map((p) => ({ digest: p.record.linkDigest!, companyId, employeeId: p.employee.id, address: p.target.address, createdAt: at, expiresAt: p.record.linkExpiresAt! }));
    if (kind === 'verification-request' && newLinks.length > 0) await links.putAll(newLinks);

    const ready = await mapLimit(planned, PARALLEL_CALLS, async (p) => {
      if (kind === 'account-notice') {
        const password = generateTemporaryPassword(random, p.employee.loginId);
        try {
          await credentials.setTemporaryPassword(p.employee.id, companyId, password, hasSignInUser(p.from));
        } catch {
          refuse(p.employee.id, p.employee, 'failed', 'identity', REASONS.identity);
          failed.push({ employeeId: p.employee.id, mailId: jobId });
          return undefined;
        }
        const content = renderAccountNotice({
          companyName: company?.name ?? '', companyCode: company?.code ?? '', employeeName: fullName(p.employee), loginId: p.employee.loginId,
          temporaryPassword: password, passwordExpiresAt: p.record.passwordExpiresAt!, signInUrl: companySignInUrl(publicBaseUrl, company?.code ?? ''),
          // Sent directly only as a reissue (B).
          reissue: true,
        });
        p.mail = { to: p.record.to, text: content.text, html: content.html, tags: { companyId, employeeId: p.employee.id, mailId: jobId } };
      }
      return p;
    });
    const toSend = ready.filter((p): p is Planned => p !== undefined);

    const outcomes: FinalOutcome[] = toSend.length > 0 ? await sender.sendAll(SUBJECTS[kind], toSend.map((p) => p.mail!)) : [];
    // Reissue (A): the old password stops working as the reissue happens, and only once the new
    // request mail is on its way (a failed send leaves the account as it was). A failure here
    // fails the chunk; its retry finds the mails sent and revokes again.
    if (job.mode === 'reissue') {
      await mapLimit(toSend.filter((_, i) => outcomes[i]!.status === 'sent'), PARALLEL_CALLS, (p) => credentials.revokePassword(p.employee.id, companyId));
    }
    toSend.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o.status === 'sent') {
        sent.push({
          employeeId: p.employee.id, employeeCode: p.employee.employeeCode, name: fullName(p.employee), from: p.from, next: p.next, mailId: jobId, messageId: o.messageId, address: p.target.address, requestedAt: at,
          linkDigest: p.record.linkDigest, linkExpiresAt: p.record.linkExpiresAt, passwordExpiresAt: p.record.passwordExpiresAt,
        });
      } else {
        refuse(p.employee.id, p.employee, 'failed', o.error === 'throttled' ? 'throttled' : 'send-failed', REASONS.sendFailed);
        failed.push({ employeeId: p.employee.id, mailId: jobId });
      }
    });
    await jobs.finishMailChunk(companyId, jobId, chunk, { sent, failed, results });
  }

  async function finish(companyId: string, jobId: string): Promise<void> {
    const after = await jobs.get(companyId, jobId);
    if (after && after.progress.done >= after.progress.total) await finalize(after);
  }

  return {
    async processChunk({ companyId, jobId, chunk }: { companyId: string; jobId: string; chunk: number }): Promise<void> {
      const { job, chunkDone } = await jobAndChunk(jobs, companyId, jobId, chunk);
      if (!job || job.state === 'done' || job.state === 'failed') return;
      if (!chunkDone) await runChunk(job, chunk);
      await finish(companyId, jobId);
    },

    /** Ends the job once every chunk is recorded, with its audit entry. */
    finish,
  };
}

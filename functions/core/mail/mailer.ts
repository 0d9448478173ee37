import type { Clock } from '../shared/ports.js';
import { createRateLimiter, type RateLimiter } from '../shared/rate-limiter.js';

/** Facts carried with a mail as SES message tags, so delivery events find their history entry. */
export interface MailTags {
  companyId: string;
  employeeId: string;
  mailId: string;
}

/** One recipient's mail; the subject is shared by every mail of a send. */
export interface OutgoingMail {
  to: string;
  text: string;
  html: string;
  tags: MailTags;
}

/** What SES said about one mail: accepted, throttled (try again later) or refused for good. */
export type SendOutcome = { status: 'sent'; messageId: string } | { status: 'throttled' } | { status: 'failed'; error: string };

/** Port: the mail service (SES v2). One call sends up to `maxBatch` mails with the same subject. */
export interface Mailer {
  readonly maxBatch: number;
  send(subject: string, mails: OutgoingMail[]): Promise<SendOutcome[]>;
}

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PacedSenderOptions {
  mailer: Mailer;
  /** Mails per second this sender may use (its share of the account's SES send rate). */
  ratePerSecond: number;
  clock: Clock;
  sleep: Sleep;
  /** Attempts per mail while SES throttles; the last throttled attempt fails the mail. */
  maxAttempts?: number;
  /** How long a mail may stay throttled (issue 13: long enough that only an account SES stopped fails one). */
  maxWaitMs?: number;
  baseBackoffMs?: number;
  /** The limiter of the send rate when several senders share one (default: its own at `ratePerSecond`). */
  limiter?: RateLimiter;
}

/**
 * The limiter of an SES send rate, counted per recipient as SES counts it:
 * - 5 % under the rate: a call of 50 is a whole second's worth, and the margin keeps SES's
 *   documented short burst for the network's jitter, which bunches calls;
 * - a second and a half's worth at most in its bucket: with one second's worth, a call that takes
 *   the bucket whole leaves nothing to bank, so every token that comes while a waiting sender's
 *   timer is late (a busy event loop) is lost (the 10k bench at load 8.5 sent 45.5 a second at a
 *   pace of 47.5 without a throttle); the extra half second lets it catch up, within SES's burst;
 * - a fifth of a second's worth to start with;
 * - its ceiling creeps up four times slower than Cognito's first probe (1 % in 2 min) and never
 *   faster: a call as wide as a second of the rate is throttled by any pace held above it, so each
 *   probe past it costs one.
 */
export function createSendLimiter({ ratePerSecond, clock, sleep }: { ratePerSecond: number; clock: Clock; sleep: Sleep }): RateLimiter {
  const rate = Math.max(ratePerSecond, 0.1);
  return createRateLimiter({ ratePerSecond: rate, burstSeconds: 1.5, clock, sleep, headroom: true, startSeconds: 0.2, probe: 0.0025, maxProbeSpeed: 1 });
}

export type FinalOutcome = { status: 'sent'; messageId: string } | { status: 'failed'; error: string };

/**
 * Sends mails in batches of at most `maxBatch`, never faster than `ratePerSecond`, and retries
 * throttled mails with exponential backoff. Mails SES refused for good are not retried.
 */
export function createPacedSender({ mailer, ratePerSecond, clock, sleep, maxAttempts = Infinity, maxWaitMs = 120_000, baseBackoffMs = 500, limiter }: PacedSenderOptions) {
  const rate = Math.max(ratePerSecond, 0.1);
  // The shared rate limiter (core/shared/rate-limiter.ts), counted per recipient as SES counts
  // its send rate: it starts with one second's worth, so a small send goes at once, and slows
  // down on SES's throttles.
  const pace = limiter ?? createSendLimiter({ ratePerSecond: rate, clock, sleep });

  return {
    async sendAll(subject: string, mails: OutgoingMail[]): Promise<FinalOutcome[]> {
      const outcomes: Array<FinalOutcome | undefined> = new Array(mails.length);
      let pending = mails.map((_, i) => i);
      const started = clock.now().getTime();
      const batchSize = Math.max(1, Math.min(mailer.maxBatch, Math.floor(rate)));
      for (let attempt = 1; pending.length > 0; attempt++) {
        const throttled: number[] = [];
        for (let i = 0; i < pending.length; ) {
          // Every call as wide as SES takes (issue 13: calls at the design minimum): at most a
          // second's worth of the configured rate, as SES counts its rate per recipient. Also after
          // a throttle: a slower pace spaces the calls further apart (the limiter charges each
          // call all its recipients), it does not split them into more calls.
          const batch = pending.slice(i, i + batchSize);
          i += batch.length;
          await pace.take(batch.length);
          const takenAt = clock.now().getTime();
          const results = await mailer.send(subject, batch.map((m) => mails[m]!));
          let taken = 0;
          batch.forEach((m, k) => {
            const r = results[k] ?? { status: 'failed', error: 'no result' };
            if (r.status === 'throttled') throttled.push(m);
            else outcomes[m] = r;
            if (r.status === 'sent') taken++;
          });
          if (taken > 0) pace.succeeded(taken, takenAt);
          if (taken < batch.length && throttled.length > 0) pace.throttled(takenAt);
        }
        if (throttled.length === 0) break;
        if (attempt >= maxAttempts || clock.now().getTime() - started >= maxWaitMs) {
          for (const m of throttled) outcomes[m] = { status: 'failed', error: 'throttled' };
          break;
        }
        await sleep(Math.min(5_000, baseBackoffMs * 2 ** (attempt - 1)) * (1 + Math.random() * 0.25));
        pending = throttled;
      }
      return outcomes.map((o) => o ?? { status: 'failed', error: 'not sent' });
    },
  };
}

/**
 * A Mailer that sends through a paced sender on a shared limiter: for the senders outside the
 * issuance jobs (the registration job's CSV link mail), so every mail a worker process sends keeps
 * to the one SES send rate, and SES's throttles are waited out as the issuance jobs wait them out
 * rather than ending as a failed mail. Its answers are final: sent or failed, never throttled.
 */
export function createPacedMailer({ mailer, limiter, ratePerSecond, clock, sleep, maxWaitMs }: { mailer: Mailer; limiter: RateLimiter; ratePerSecond: number; clock: Clock; sleep: Sleep; maxWaitMs?: number }): Mailer {
  const sender = createPacedSender({ mailer, ratePerSecond, clock, sleep, limiter, maxWaitMs });
  return { maxBatch: mailer.maxBatch, send: (subject, mails) => sender.sendAll(subject, mails) };
}

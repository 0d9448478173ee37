import type { Clock } from '../shared/ports.js';

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
  baseBackoffMs?: number;
}

export type FinalOutcome = { status: 'sent'; messageId: string } | { status: 'failed'; error: string };

/**
 * Sends mails in batches of at most `maxBatch`, never faster than `ratePerSecond`, and retries
 * throttled mails with exponential backoff. Mails SES refused for good are not retried.
 */
export function createPacedSender({ mailer, ratePerSecond, clock, sleep, maxAttempts = 6, baseBackoffMs = 500 }: PacedSenderOptions) {
  const rate = Math.max(ratePerSecond, 0.1);
  // A token bucket that starts full with one second's worth, so a small send goes at once.
  let tokens = Math.min(rate, mailer.maxBatch);
  let last = clock.now().getTime();

  async function take(n: number) {
    for (;;) {
      const now = clock.now().getTime();
      // A clock stepped back (NTP, or the local runtime's test clock put back) refills nothing;
      // it must not leave a debt of tokens that would stall every later send.
      tokens = Math.min(Math.max(rate, n), tokens + (Math.max(0, now - last) / 1000) * rate);
      last = now;
      if (tokens >= n) {
        tokens -= n;
        return;
      }
      await sleep(Math.ceil(((n - tokens) / rate) * 1000));
    }
  }

  return {
    async sendAll(subject: string, mails: OutgoingMail[]): Promise<FinalOutcome[]> {
      const outcomes: Array<FinalOutcome | undefined> = new Array(mails.length);
      let pending = mails.map((_, i) => i);
      for (let attempt = 1; pending.length > 0; attempt++) {
        const throttled: number[] = [];
        const batchSize = Math.max(1, Math.min(mailer.maxBatch, Math.floor(rate) || 1));
        for (let i = 0; i < pending.length; i += batchSize) {
          const batch = pending.slice(i, i + batchSize);
          await take(batch.length);
          const results = await mailer.send(subject, batch.map((m) => mails[m]!));
          batch.forEach((m, k) => {
            const r = results[k] ?? { status: 'failed', error: 'no result' };
            if (r.status === 'throttled') throttled.push(m);
            else outcomes[m] = r;
          });
        }
        if (throttled.length === 0) break;
        if (attempt >= maxAttempts) {
          for (const m of throttled) outcomes[m] = { status: 'failed', error: 'throttled' };
          break;
        }
        await sleep(baseBackoffMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.25));
        // Tokens spent on throttled mails were not used by SES; start the bucket afresh.
        tokens = 0;
        last = clock.now().getTime();
        pending = throttled;
      }
      return outcomes.map((o) => o ?? { status: 'failed', error: 'not sent' });
    },
  };
}

import { createHash } from 'node:crypto';
import { DomainError } from '../shared/errors.js';
import type { Clock } from '../shared/ports.js';

/**
 * The one request throttle of the public routes: fixed-window counters per route family, per
 * client address and, where the request names one, per company (or, for a signed-in route that
 * mails on the account's behalf, per account). Checked before any costly work
 * (hashing, the identity provider). Each check is one atomic increment per counter; a request over
 * a limit still counts, so a client that keeps hammering stays refused until the window ends.
 */
export interface ThrottleRule {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

export interface ThrottleFamily {
  perSource: ThrottleRule;
  /** Applied when the request names a company (its code as typed). */
  perCompany?: ThrottleRule;
  /** Applied when a signed-in account asks (a route that mails on its behalf). */
  perAccount?: ThrottleRule;
}

/** Who is asking: the client address (see clientAddress), the company the request names, the signed-in account. */
export interface ThrottleSubject {
  source?: string;
  companyCode?: string;
  /** `<companyId>:<accountId>` of a signed-in account. */
  account?: string;
}

/** Port: window counters with expiry. */
export interface ThrottleCounterStore {
  /** Adds one to the counter of `bucket` and answers its new value; the counter may vanish after `expiresAt`. */
  hit(bucket: string, expiresAt: Date): Promise<number>;
}

export interface Window {
  /** Identifies the window: its start in epoch seconds. */
  start: number;
  /** Epoch milliseconds at which the next window starts. */
  endsAt: number;
}

export function windowOf(rule: ThrottleRule, now: Date): Window {
  const size = rule.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / size) * size;
  return { start: start / 1000, endsAt: start + size };
}

/** Whole seconds until the window ends (at least 1): the Retry-After value. */
export function retryAfterSeconds(window: Window, now: Date): number {
  return Math.max(1, Math.ceil((window.endsAt - now.getTime()) / 1000));
}

export class TooManyRequests extends DomainError {
  constructor(readonly retryAfter: number) {
    super(
      429,
      'TOO_MANY_REQUESTS',
      {
        ja: `リクエストが多すぎます。${retryAfter} 秒ほど待ってからもう一度お試しください。`,
        en: `Too many requests. Try again in about ${retryAfter} seconds.`,
      },
      { retryAfterSeconds: retryAfter },
    );
  }
}

/** Company codes are typed by people: one bucket whatever the case or width. */
export const normalizeCode = (code: string): string => code.normalize('NFKC').trim().toLowerCase();

const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);

/** The bucket of one rule for one subject in one window (bounded length, no raw input in keys). */
export function bucketOf(family: string, dimension: 'source' | 'company' | 'account', subject: string, window: Window): string {
  return `${family}:${dimension}:${digest(subject)}:${window.start}`;
}

export function createThrottle({ store, clock, families }: { store: ThrottleCounterStore; clock: Clock; families: Readonly<Record<string, ThrottleFamily>> }) {
  return {
    /** Counts one request of `family`; throws TooManyRequests (429, Retry-After) over any limit. */
    async check(family: string, subject: ThrottleSubject): Promise<void> {
      const rules = families[family];
      if (!rules) throw new Error(`No throttle family ${family}`);
      const now = clock.now();
      const checks: Array<{ rule: ThrottleRule; dimension: 'source' | 'company' | 'account'; value: string }> = [
        // Without an address (never in API Gateway) the request still shares one bucket.
        { rule: rules.perSource, dimension: 'source', value: subject.source ?? 'unknown' },
      ];
      const code = subject.companyCode === undefined ? '' : normalizeCode(subject.companyCode);
      if (rules.perCompany && code) checks.push({ rule: rules.perCompany, dimension: 'company', value: code });
      if (rules.perAccount && subject.account) checks.push({ rule: rules.perAccount, dimension: 'account', value: subject.account });
      const counted = await Promise.all(
        checks.map(async (c) => {
          const window = windowOf(c.rule, now);
          const count = await store.hit(bucketOf(family, c.dimension, c.value, window), new Date(window.endsAt + 60_000));
          return count > c.rule.limit ? retryAfterSeconds(window, now) : 0;
        }),
      );
      const wait = Math.max(...counted);
      if (wait > 0) throw new TooManyRequests(wait);
    },
  };
}

export type Throttle = ReturnType<typeof createThrottle>;

import type { Clock } from './ports.js';

export type Sleep = (ms: number) => Promise<void>;

/**
 * A token bucket that callers queue on in arrival order: the shared pace of one quota category
 * (Cognito's UserCreation, SES's send rate …) for every chunk a process runs, whatever job it
 * belongs to. Arrival order is what makes two jobs share it fairly: each waits its turn, so a
 * chunk of one job never jumps a whole queue of the other's calls.
 *
 * Adaptive (AIMD): a throttle the service answers halves the rate at once and empties the
 * bucket; the rate climbs back linearly, to the configured one within `recoverySeconds`. A
 * process that shares the quota with something it does not know of (another job kind, the API's
 * sign-ins) settles just under what is left instead of throttling on every call.
 */
export interface RateLimiter {
  /** Waits its turn for `n` tokens (1 call, or n recipients of one SES call). */
  take(n?: number): Promise<void>;
  /** The service throttled a call: slow down. */
  throttled(): void;
  /** Tokens a second just now (the configured rate, less while recovering from a throttle). */
  currentRate(): number;
}

export interface RateLimiterOptions {
  ratePerSecond: number;
  /** Tokens the bucket holds at most (the service's burst); default one second's worth, at least 1. */
  burst?: number;
  clock: Clock;
  sleep: Sleep;
  /** The lowest the rate falls to after throttles, as a share of the configured rate. */
  floor?: number;
  recoverySeconds?: number;
}

export function createRateLimiter({ ratePerSecond, burst, clock, sleep, floor = 0.1, recoverySeconds = 10 }: RateLimiterOptions): RateLimiter {
  const configured = Math.max(ratePerSecond, 0.01);
  const capacity = Math.max(1, burst ?? configured);
  let rate = configured;
  // Starts full: a small job goes at once.
  let tokens = capacity;
  let last = clock.now().getTime();
  let turn: Promise<void> = Promise.resolve();

  function refill() {
    const now = clock.now().getTime();
    // A clock stepped back refills nothing and leaves no debt.
    const seconds = Math.max(0, now - last) / 1000;
    last = now;
    tokens = Math.min(capacity, tokens + seconds * rate);
    rate = Math.min(configured, rate + (configured / recoverySeconds) * seconds);
  }

  async function acquire(n: number) {
    // A call wider than the bucket (never, for the callers here) waits for a full bucket.
    const need = Math.min(n, capacity);
    for (;;) {
      refill();
      if (tokens >= need) {
        tokens -= need;
        return;
      }
      await sleep(Math.max(1, Math.ceil(((need - tokens) / rate) * 1000)));
    }
  }

  return {
    take(n = 1) {
      const mine = turn.then(() => acquire(n));
      turn = mine.catch(() => undefined);
      return mine;
    },
    throttled() {
      refill();
      rate = Math.max(configured * floor, rate / 2);
      tokens = Math.min(tokens, 0);
    },
    currentRate: () => rate,
  };
}

/** A quota's throttle went on for longer than a call may wait: the caller's work is to be retried later, not failed. */
export class QuotaWaitExceeded extends Error {
  constructor(what: string) {
    super(`${what} stayed throttled; try again later`);
    this.name = 'QuotaWaitExceeded';
  }
}

export interface UnderQuotaOptions {
  limiter: RateLimiter;
  /** True for the service's throttling errors (retried), false for a real answer (thrown). */
  isThrottle: (error: unknown) => boolean;
  clock: Clock;
  sleep: Sleep;
  /** How long one call may keep being throttled before QuotaWaitExceeded. */
  maxWaitMs?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  /** Told of every throttled attempt (the bench counts them). */
  onThrottle?: () => void;
  /** What the call is, for the error. */
  name?: string;
}

/**
 * Makes one call under a quota: waits its turn, and when the service throttles anyway, slows the
 * limiter and tries again after a jittered exponential backoff. Only a real answer of the
 * service comes out as an error; a throttle that outlasts `maxWaitMs` comes out as
 * QuotaWaitExceeded, which callers let fail the whole chunk (the queue delivers it again) rather
 * than an employee.
 */
export async function underQuota<T>(fn: () => Promise<T>, { limiter, isThrottle, clock, sleep, maxWaitMs = 120_000, baseBackoffMs = 200, maxBackoffMs = 5_000, random = Math.random, onThrottle, name = 'A call' }: UnderQuotaOptions): Promise<T> {
  const started = clock.now().getTime();
  for (let attempt = 1; ; attempt++) {
    await limiter.take(1);
    try {
      return await fn();
    } catch (e) {
      if (!isThrottle(e)) throw e;
      onThrottle?.();
      limiter.throttled();
      if (clock.now().getTime() - started >= maxWaitMs) throw new QuotaWaitExceeded(name);
      const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempt - 1));
      await sleep(ceiling / 2 + random() * (ceiling / 2));
    }
  }
}

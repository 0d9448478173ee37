import type { Clock } from './ports.js';

export type Sleep = (ms: number) => Promise<void>;

/**
 * A token bucket that callers queue on in arrival order: the shared pace of one quota category
 * (Cognito's UserCreation, SES's send rate …) for every chunk a process runs, whatever job it
 * belongs to. Arrival order is what makes two jobs share it fairly: each waits its turn, so a
 * chunk of one job never jumps a whole queue of the other's calls.
 *
 * Adaptive: a throttle means the real quota (or what is left of it beside the API's own calls)
 * is below the pace. What the service took in the last second (the calls reported `succeeded`)
 * is the best guess of that quota: it becomes the ceiling, the rate drops to `cut` × it at once
 * and climbs back within `recoverySeconds` to just under the ceiling (95 %), where the service
 * stops throttling. Throttles of calls already in flight within a second of a
 * cut count as the same one. Without throttles the ceiling creeps up (`probe` per 30 s, towards
 * the configured rate), so a quota raised meanwhile is found again. The bucket holds at most one
 * second of the current rate: never a burst above what the service takes.
 */
export interface RateLimiter {
  /** Waits its turn for `n` tokens (1 call, or n recipients of one SES call). */
  take(n?: number): Promise<void>;
  /** The service throttled a call: slow down. */
  throttled(): void;
  /** The service took a call (`n` tokens' worth): what it takes in a second is what a throttle measures the quota by. */
  succeeded(n?: number): void;
  /** Tokens a second just now (the configured rate, less after throttles). */
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
  cut?: number;
  recoverySeconds?: number;
  probe?: number;
  /**
   * Start 5 % under the rate, as if it had been throttled there: for a service whose calls are as
   * wide as its bucket (SES: 50 recipients a call at 50 a second), where the network's jitter
   * alone would throttle a pace of exactly the rate.
   */
  headroom?: boolean;
}

export function createRateLimiter({ ratePerSecond, burst, clock, sleep, floor = 0.05, cut = 0.7, recoverySeconds = 5, probe = 0.01, headroom = false }: RateLimiterOptions): RateLimiter {
  const configured = Math.max(ratePerSecond, 0.01);
  const capacityOf = (rate: number) => Math.max(1, Math.min(burst ?? configured, rate));
  let rate = headroom ? configured * 0.95 : configured;
  // The pace last throttled (none yet); the rate keeps 5 % under it.
  let ceiling = headroom ? configured : Infinity;
  const top = configured / 0.95;
  // Starts full: a small job goes at once.
  let tokens = capacityOf(rate);
  let last = clock.now().getTime();
  let lastCut = -Infinity;
  /** When the service took calls in the last second, and how many tokens each. */
  const taken: Array<{ at: number; n: number }> = [];
  const takenLastSecond = (now: number) => {
    while (taken.length > 0 && taken[0]!.at <= now - 1000) taken.shift();
    return taken.reduce((sum, t) => sum + t.n, 0);
  };
  let turn: Promise<void> = Promise.resolve();

  function refill() {
    const now = clock.now().getTime();
    // A clock stepped back refills nothing and leaves no debt.
    const seconds = Math.max(0, now - last) / 1000;
    last = now;
    tokens = Math.min(capacityOf(rate), tokens + seconds * rate);
    if (ceiling < top) ceiling = Math.min(top, ceiling * (1 + (probe * seconds) / 30));
    const target = Math.min(configured, ceiling * 0.95);
    if (rate < target) rate = Math.min(target, rate + (target * seconds) / recoverySeconds);
  }

  async function acquire(n: number) {
    // A call wider than the bucket (never, for the callers here) waits for a full bucket.
    for (;;) {
      refill();
      const capacity = capacityOf(rate);
      const need = Math.min(n, capacity);
      // A full bucket serves any call: while the rate climbs, the bucket's size climbs with it,
      // and a call as wide as the bucket would chase it for ever.
      if (tokens >= need || tokens >= capacity * 0.99) {
        // A call wider than the bucket takes all it asks for: the debt slows the next one.
        tokens -= n;
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
      const now = clock.now().getTime();
      if (now - lastCut < 1000) return;
      lastCut = now;
      // What the service took says how much it takes only while the callers kept it busy (at
      // least half the pace); a throttle after a quiet second (backoff, a burst) only slows down.
      const measured = takenLastSecond(now);
      // Below a ceiling already found, a throttle is mostly the network's jitter bunching calls:
      // the ceiling then only eases down (2 %), or every throttle would ratchet it lower.
      if (measured >= rate / 2) ceiling = Math.max(configured * floor, Number.isFinite(ceiling) && rate < ceiling ? ceiling * 0.98 : Math.min(ceiling, rate, measured));
      rate = Math.max(configured * floor, rate * cut);
      tokens = Math.min(tokens, 0);
    },
    succeeded(n = 1) {
      const now = clock.now().getTime();
      taken.push({ at: now, n });
      if (taken.length > 4096) takenLastSecond(now);
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
  /** Paces each call; left out where the client paces every attempt itself (see adapters/cognito/quota.ts). */
  limiter?: RateLimiter;
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
    await limiter?.take(1);
    try {
      const out = await fn();
      limiter?.succeeded();
      return out;
    } catch (e) {
      if (!isThrottle(e)) throw e;
      onThrottle?.();
      limiter?.throttled();
      if (clock.now().getTime() - started >= maxWaitMs) throw new QuotaWaitExceeded(name);
      const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempt - 1));
      await sleep(ceiling / 2 + random() * (ceiling / 2));
    }
  }
}

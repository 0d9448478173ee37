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
 * cut count as the same one. Without throttles the ceiling creeps up (`probe` per 30 s at first,
 * faster the longer no throttle comes, towards the configured rate), so a quota measured low or
 * raised meanwhile is found again. The bucket holds at most one second of the current rate unless
 * told (`burstSeconds`): never a burst above what the service takes.
 */
export interface RateLimiter {
  /** Waits its turn for `n` tokens (1 call, or n recipients of one SES call). */
  take(n?: number): Promise<void>;
  /**
   * The service throttled a call: slow down. `takenAt` (ms, the limiter's clock) is when the call
   * got its turn: a call paced before the last cut went at the old pace, and its throttle is that
   * cut's, already taken in. Without it, throttles within a second of a cut count as the same one.
   */
  throttled(takenAt?: number): void;
  /**
   * The service took a call (`n` tokens' worth): what it takes in a second is what a throttle
   * measures the quota by. `takenAt` as for `throttled`: midway between it and now is when the
   * call reached the service, which tells whether it came after the service last ran dry.
   */
  succeeded(n?: number, takenAt?: number): void;
  /** Tokens a second just now (the configured rate, less after throttles). */
  currentRate(): number;
  /** The configured rate changed (a quota raised, a share recomputed): start from it as a new limiter would. */
  configure(ratePerSecond: number): void;
}

export interface RateLimiterOptions {
  ratePerSecond: number;
  /** Tokens the bucket holds at most (the service's burst); default `burstSeconds`' worth, at least 1. */
  burst?: number;
  /**
   * Seconds' worth of the current rate the bucket holds at most (default 1). More than one lets a
   * caller woken late (a busy event loop) catch up on the tokens it missed instead of losing them:
   * for calls as wide as a second of the rate (SES), where a full one-second bucket drops every
   * token that comes while the caller's timer is late. Only for a service that takes such a burst.
   */
  burstSeconds?: number;
  clock: Clock;
  sleep: Sleep;
  /** The lowest the rate falls to after throttles, as a share of the configured rate. */
  floor?: number;
  cut?: number;
  recoverySeconds?: number;
  probe?: number;
  /**
   * The most times `probe` the ceiling climbs after long without a throttle (default 16; see
   * probeSpeed). 1 keeps `probe` as it is: for a service whose every overshoot is a call as wide
   * as its bucket (SES), where a quicker probe is more throttled calls than it wins back.
   */
  maxProbeSpeed?: number;
  /**
   * Start 5 % under the rate, as if it had been throttled there: for a service whose calls are as
   * wide as its bucket (SES: 50 recipients a call at 50 a second), where the network's jitter
   * alone would throttle a pace of exactly the rate.
   */
  headroom?: boolean;
  /**
   * Seconds' worth of tokens the bucket starts with (default: full). Less keeps a limiter
   * configured above the real quota from opening with a burst the service throttles wholesale.
   */
  startSeconds?: number;
}

export function createRateLimiter({ ratePerSecond, burst, burstSeconds = 1, clock, sleep, floor = 0.05, cut = 0.7, recoverySeconds = 5, probe = 0.01, maxProbeSpeed = 16, headroom = false, startSeconds }: RateLimiterOptions): RateLimiter {
  let configured = Math.max(ratePerSecond, 0.01);
  const capacityOf = (rate: number) => Math.max(1, Math.min(burst ?? configured * burstSeconds, rate * burstSeconds));
  let rate = 0;
  // The pace the service last throttled at (none yet); the rate keeps 5 % under it.
  let ceiling = Infinity;
  // Whether a throttle set the ceiling (headroom's is not: a service whose bucket holds a burst
  // takes the network's jitter at the rate, so a first throttle is news of a lower quota): only then
  // is a throttle at the cruising pace the network's jitter rather than such news.
  let found = false;
  let top = 0;
  let tokens = 0;
  let last = clock.now().getTime();
  let lastCut = -Infinity;
  /**
   * Midway through the round trip of the call throttled at the last cut: when, as best the
   * limiter can tell, the service's bucket ran dry. Two throttles a second or two apart measured
   * from their answers alone read the quota up to a round trip's share off (52.4 a second for
   * SES's 50 in the model: enough to throttle again minutes later); midway halves that error.
   */
  let cutFrom = -Infinity;
  /** Since when no throttle came: the longer, the faster the ceiling probes upward. */
  let calmSince = last;
  /**
   * Tokens the service took since its bucket ran dry at the last cut: of the calls that reached
   * it after that moment (midway through their round trip, as for `cutFrom`), whenever they were
   * paced. A throttle empties the service's bucket (the part of a bulk call it turned away says
   * so), so between two throttles the service took exactly its rate × the time between them,
   * whatever burst its bucket holds: the second throttle measures the quota without the burst
   * that made the first pace look taken. Counting only the calls paced after the cut left out
   * those in flight at it, which the service took after running dry: with many in flight (a PDF
   * chunk's calls, a main thread busy rendering) that read Cognito's 50 a second as 33.
   */
  let sinceCut = 0;
  /** When a caller last had to wait for tokens: the callers kept the pace busy. */
  let lastWait = -Infinity;
  function start(ratePerSecond_: number, startWith?: number) {
    configured = Math.max(ratePerSecond_, 0.01);
    rate = headroom ? configured * 0.95 : configured;
    ceiling = headroom ? configured : Infinity;
    found = false;
    top = configured / 0.95;
    // Starts full unless told otherwise: a small job goes at once.
    tokens = Math.min(capacityOf(rate), startWith ?? capacityOf(rate));
    lastCut = -Infinity;
    cutFrom = -Infinity;
    calmSince = clock.now().getTime();
  }
  start(ratePerSecond, startSeconds === undefined ? undefined : startSeconds * (headroom ? configured * 0.95 : configured));
  const target = () => Math.min(configured, ceiling * 0.95);
  /**
   * How many times `probe` the ceiling climbs: doubling every half minute without a throttle, up
   * to `maxProbeSpeed`. A ceiling measured low (callers slowed at a throttle, a share of the quota
   * that others used for a while) is found again in about two minutes, not in ten at `probe`
   * alone; a ceiling at the quota costs an overshoot every few minutes, its throttles a small
   * share of the calls.
   */
  /** When a call answered now, paced at `takenAt`, reached the service: midway through its round trip. */
  const reachedAt = (now: number, takenAt?: number) => (now + Math.min(now, takenAt ?? now)) / 2;
  const probeSpeed = (now: number) => Math.min(maxProbeSpeed, 2 ** (Math.max(0, now - calmSince) / 30_000));
  /**
   * When the service took calls in the last few seconds, and how many tokens each: what it took
   * a second since the oldest of them (that one's tokens left out: a service's bucket starts full,
   * and the first call after a quiet spell takes from it) is what a throttle measures the quota
   * by. 3 s, as one SES call is a whole second's worth: one second is too short a look.
   */
  const taken: Array<{ at: number; n: number }> = [];
  const WINDOW_MS = 3000;
  const takenPerSecond = (now: number) => {
    while (taken.length > 0 && taken[0]!.at <= now - WINDOW_MS) taken.shift();
    const sum = taken.reduce((a, t) => a + t.n, 0);
    const span = taken.length > 1 ? now - taken[0]!.at : 0;
    // Too short a look (a call or two): what they took, as a second's worth.
    return span < 500 ? sum : ((sum - taken[0]!.n) * 1000) / span;
  };
  let turn: Promise<void> = Promise.resolve();

  function refill() {
    const now = clock.now().getTime();
    // A clock stepped back refills nothing and leaves no debt.
    const seconds = Math.max(0, now - last) / 1000;
    last = now;
    tokens = Math.min(capacityOf(rate), tokens + seconds * rate);
    if (ceiling < top) ceiling = Math.min(top, ceiling * (1 + (probe * probeSpeed(now) * seconds) / 30));
    const goal = target();
    if (rate < goal) rate = Math.min(goal, rate + (goal * seconds) / recoverySeconds);
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
      lastWait = clock.now().getTime();
      await sleep(Math.max(1, Math.ceil(((need - tokens) / rate) * 1000)));
    }
  }

  return {
    take(n = 1) {
      const mine = turn.then(() => acquire(n));
      turn = mine.catch(() => undefined);
      return mine;
    },
    throttled(takenAt?: number) {
      refill();
      const now = clock.now().getTime();
      if (takenAt !== undefined ? takenAt < lastCut : now - lastCut < 1000) return;
      // Settled: cruising for a while since the last cut. A throttle soon after climbing back
      // says the ceiling is still too high, not that the network bunched some calls.
      const settled = now - lastCut > 2 * recoverySeconds * 1000;
      // Between this throttle and the last (a full second at least, less than half a minute, the
      // callers kept the pace busy all along): the service's rate, burst left out.
      const midway = reachedAt(now, takenAt);
      const between = now - lastCut >= 1000 && now - lastCut < 30_000 ? (sinceCut * 1000) / (midway - cutFrom) : undefined;
      lastCut = now;
      cutFrom = midway;
      calmSince = now;
      sinceCut = 0;
      const measured = between ?? takenPerSecond(now);
      const cruising = rate >= target() * 0.99;
      // What the service took measures the quota only while callers queued on the pace: callers
      // slower than the pace (a busy CPU, a slow store) make it take less whatever its quota.
      const busy = now - lastWait < 1000;
      if (!busy) {
        // The pace was not the bottleneck: the network bunched calls. Slow down, keep the ceiling.
        rate = Math.max(configured * floor, rate * cut);
        tokens = Math.min(tokens, 0);
        return;
      }
      if (found && cruising && settled && measured >= rate * 0.8) {
        // Settled at the pace under a ceiling already found, the service taking that pace: the
        // network's jitter bunched calls. The ceiling only eases down (2 %), or every such
        // throttle would ratchet it lower.
        ceiling = Math.max(configured * floor, ceiling * 0.98);
      } else if (measured >= rate / 2) {
        // Still above the quota (the first pace, or climbing back too high): the quota is at most
        // this pace and at most what the service took. (Less than half the pace is too short a
        // look, a second or so of a start: then it only slows down.)
        ceiling = Math.max(configured * floor, Math.min(ceiling, rate, measured));
        found = true;
        // The pace was well above the quota: halve it (the climb back to under the new ceiling
        // takes `recoverySeconds`), so the calls in flight are the only ones it throttles.
        rate = Math.max(configured * floor, rate * Math.min(cut, 0.5));
        tokens = Math.min(tokens, 0);
        return;
      }
      rate = Math.max(configured * floor, rate * cut);
      tokens = Math.min(tokens, 0);
    },
    succeeded(n = 1, takenAt?: number) {
      const now = clock.now().getTime();
      if (reachedAt(now, takenAt) >= cutFrom) sinceCut += n;
      taken.push({ at: now, n });
      if (taken.length > 4096) takenPerSecond(now);
    },
    currentRate: () => rate,
    configure(ratePerSecond_: number) {
      refill();
      start(ratePerSecond_, tokens);
      taken.length = 0;
      sinceCut = 0;
    },
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
    const takenAt = clock.now().getTime();
    try {
      const out = await fn();
      limiter?.succeeded(1, takenAt);
      return out;
    } catch (e) {
      if (!isThrottle(e)) throw e;
      onThrottle?.();
      limiter?.throttled(takenAt);
      if (clock.now().getTime() - started >= maxWaitMs) throw new QuotaWaitExceeded(name);
      const ceiling = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempt - 1));
      await sleep(ceiling / 2 + random() * (ceiling / 2));
    }
  }
}

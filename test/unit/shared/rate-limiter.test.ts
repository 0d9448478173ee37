import { describe, expect, it } from 'vitest';
import { createRateLimiter, QuotaWaitExceeded, underQuota } from '../../../functions/core/shared/rate-limiter.js';
import { virtualTime } from '../../support/virtual-time.js';


describe('the shared rate limiter', () => {
  it('keeps to its rate after the first burst', async () => {
    const t = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 50, clock: t.clock, sleep: t.sleep });
    await t.run(Promise.all(Array.from({ length: 550 }, () => limiter.take())));
    // 50 at once (the burst), then 500 at 50/s.
    expect(t.elapsed()).toBeGreaterThanOrEqual(9_900);
    expect(t.elapsed()).toBeLessThanOrEqual(10_100);
  });

  it('serves callers in arrival order, so two jobs interleave and neither starves', async () => {
    // Calls of two jobs arrive interleaved, as their concurrent chunks make them.
    const t2 = virtualTime();
    const l2 = createRateLimiter({ ratePerSecond: 10, burst: 1, clock: t2.clock, sleep: t2.sleep });
    const order: string[] = [];
    const calls: Array<Promise<void>> = [];
    for (let i = 0; i < 20; i++) for (const name of ['a', 'b']) calls.push(l2.take().then(() => void order.push(name)));
    await t2.run(Promise.all(calls));
    const firstTen = order.slice(0, 10);
    expect(firstTen.filter((x) => x === 'a').length).toBe(5);
    expect(firstTen.filter((x) => x === 'b').length).toBe(5);
  });

  it('slows down at a throttle, climbs back to just under what the service took, and probes above it slowly', async () => {
    const t = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 40, clock: t.clock, sleep: t.sleep, cut: 0.5, recoverySeconds: 5, probe: 0.01 });
    // Callers queue on the pace (what the service took measures its quota only then) …
    await t.run(Promise.all(Array.from({ length: 41 }, () => limiter.take())));
    // … configured at 40, the service took 30 in the last second, then throttled.
    limiter.succeeded(30);
    limiter.throttled();
    expect(limiter.currentRate()).toBe(20);
    // Throttles of calls already in flight count as the same one.
    limiter.throttled();
    expect(limiter.currentRate()).toBe(20);
    await t.run(t.sleep(10_000));
    await t.run(limiter.take());
    expect(limiter.currentRate()).toBeGreaterThan(28);
    expect(limiter.currentRate()).toBeLessThan(30);
    // A throttle after a quiet second (nobody queued on the pace, nothing taken: the network
    // bunched calls, or the callers were slower than the pace) slows down without lowering the ceiling.
    limiter.throttled();
    await t.run(t.sleep(10_000));
    await t.run(limiter.take());
    expect(limiter.currentRate()).toBeGreaterThan(28);
    // Ten minutes without a throttle: the ceiling crept up, towards the configured 40 and no further.
    await t.run(t.sleep(600_000));
    await t.run(limiter.take());
    expect(limiter.currentRate()).toBeGreaterThan(30);
    expect(limiter.currentRate()).toBeLessThanOrEqual(40);
  });

  it('counts a throttle of a call paced before the last cut as that cut, and one paced after it as news', async () => {
    const t = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 40, clock: t.clock, sleep: t.sleep });
    const before = t.clock.now().getTime();
    await t.run(t.sleep(10));
    limiter.succeeded(40);
    limiter.throttled(before);
    const once = limiter.currentRate();
    // A call that had its turn before the cut: already counted.
    limiter.throttled(before);
    expect(limiter.currentRate()).toBe(once);
    // One paced after it (the same instant, but its turn came after): the pace is still too high.
    await t.run(t.sleep(100));
    limiter.throttled(t.clock.now().getTime());
    expect(limiter.currentRate()).toBeLessThan(once);
  });

  it('measures the quota between two throttles, the service\'s burst left out: configured at 2× a service with a 2-second burst, it settles under the real rate after three throttles', async () => {
    const t = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 100, clock: t.clock, sleep: t.sleep, startSeconds: 0.2 });
    // The service: 50 a second, two seconds' worth in its bucket (SES's "short bursts").
    let tokens = 100;
    let last = t.clock.now().getTime();
    // Throttles of calls paced after the last throttle came back: news to the limiter (the calls
    // already in flight at a throttle meet the same empty bucket).
    let throttles = 0;
    let lastThrottle = -Infinity;
    const rates: number[] = [];
    const caller = async () => {
      while (t.elapsed() < 30_000) {
        await limiter.take();
        const takenAt = t.clock.now().getTime();
        await t.sleep(30);
        const now = t.clock.now().getTime();
        tokens = Math.min(100, tokens + ((now - last) / 1000) * 50);
        last = now;
        await t.sleep(30);
        if (tokens >= 1) {
          tokens -= 1;
          limiter.succeeded(1, takenAt);
        } else {
          if (takenAt >= lastThrottle) throttles++;
          lastThrottle = now + 30;
          limiter.throttled(takenAt);
        }
        if (t.elapsed() > 20_000) rates.push(limiter.currentRate());
      }
    };
    await t.run(Promise.all(Array.from({ length: 10 }, caller)));
    // The first throttle when the burst is spent (the service looked to take ~100/s); the second,
    // half a second on, too soon to measure by; the third measures 50 between itself and the second.
    console.log(`between two throttles: ${throttles} throttles, rate after 20 s ${Math.min(...rates).toFixed(1)}–${Math.max(...rates).toFixed(1)}`);
    expect(throttles).toBeLessThanOrEqual(3);
    expect(Math.max(...rates)).toBeLessThanOrEqual(50);
    expect(Math.min(...rates)).toBeGreaterThanOrEqual(45);
  });

  it('lets a caller woken late catch up on the tokens it missed, within burstSeconds (SES: calls a second wide)', async () => {
    const late = (burstSeconds: number) => {
      const t = virtualTime();
      // Every timer fires 150 ms late (a busy event loop).
      const limiter = createRateLimiter({ ratePerSecond: 50, burstSeconds, clock: t.clock, sleep: (ms) => t.sleep(ms + 150), startSeconds: 0 });
      return t.run(Promise.all(Array.from({ length: 40 }, () => limiter.take(50)))).then(() => t.elapsed());
    };
    // 40 calls of a second's worth each: 40 s at the rate, however late the timers.
    expect(await late(1.5)).toBeLessThanOrEqual(40_500);
    // A bucket of one second drops the tokens of every late wake-up.
    expect(await late(1)).toBeGreaterThanOrEqual(44_000);
  });

  it('starts with startSeconds of tokens, and configure starts again from a new rate', async () => {
    const t = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 100, clock: t.clock, sleep: t.sleep, startSeconds: 0.2 });
    await t.run(Promise.all(Array.from({ length: 20 }, () => limiter.take())));
    expect(t.elapsed()).toBe(0);
    await t.run(limiter.take());
    expect(t.elapsed()).toBeGreaterThan(0);
    limiter.succeeded(50);
    limiter.throttled();
    expect(limiter.currentRate()).toBeLessThan(100);
    limiter.configure(200);
    expect(limiter.currentRate()).toBe(200);
    // 200 calls at 200/s from an empty bucket: a second.
    const from = t.elapsed();
    await t.run(Promise.all(Array.from({ length: 200 }, () => limiter.take())));
    expect(t.elapsed() - from).toBeGreaterThanOrEqual(990);
    expect(t.elapsed() - from).toBeLessThanOrEqual(1010);
  });

  it('makes a call wider than its bucket pay for all of it (SES: 50 recipients at a slower pace)', async () => {
    const t = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 25, clock: t.clock, sleep: t.sleep });
    await t.run(Promise.all(Array.from({ length: 5 }, () => limiter.take(50))));
    // 250 tokens at 25 a second: the first bucket (25) is free and the last call's debt (25) is
    // paid by whoever comes next, so 8 s; a bucket that let a wide call pass at its own size would take 4.
    expect(t.elapsed()).toBeGreaterThanOrEqual(7_900);
  });
});

describe('a call under a quota', () => {
  const throttle = () => Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
  const isThrottle = (e: unknown) => e instanceof Error && e.name === 'TooManyRequestsException';

  it('retries throttles until the service answers, and only then returns', async () => {
    const t = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 10, clock: t.clock, sleep: t.sleep });
    let calls = 0;
    let throttles = 0;
    const out = await t.run(underQuota(async () => { if (++calls <= 3) throw throttle(); return 'ok'; }, { limiter, isThrottle, clock: t.clock, sleep: t.sleep, onThrottle: () => throttles++ }));
    expect(out).toBe('ok');
    expect([calls, throttles]).toEqual([4, 3]);
    expect(limiter.currentRate()).toBeLessThan(10);
  });

  it('passes a real error through at once, without retrying', async () => {
    const t = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 10, clock: t.clock, sleep: t.sleep });
    let calls = 0;
    const refused = Object.assign(new Error('bad password'), { name: 'InvalidPasswordException' });
    await expect(t.run(underQuota(async () => { calls++; throw refused; }, { limiter, isThrottle, clock: t.clock, sleep: t.sleep }))).rejects.toBe(refused);
    expect(calls).toBe(1);
  });

  it('gives up on a throttle that never ends with QuotaWaitExceeded (the chunk is retried, no employee fails)', async () => {
    const t = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 10, clock: t.clock, sleep: t.sleep });
    await expect(t.run(underQuota(async () => { throw throttle(); }, { limiter, isThrottle, clock: t.clock, sleep: t.sleep, maxWaitMs: 30_000 }))).rejects.toBeInstanceOf(QuotaWaitExceeded);
    expect(t.elapsed()).toBeGreaterThanOrEqual(30_000);
  });
});

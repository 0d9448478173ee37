import { describe, expect, it } from 'vitest';
import { bucketOf, createThrottle, retryAfterSeconds, TooManyRequests, windowOf } from '../../../functions/core/guard/throttle.js';
import { publicThrottleFamilies, PUBLIC_THROTTLE_FAMILIES } from '../../../functions/core/guard/public-limits.js';
import { memoryThrottleStore } from '../../support/memory-guard-stores.js';
import { errorOf } from '../../support/error-of.js';

function world(limits = { perSource: { limit: 3, windowSeconds: 60 }, perCompany: { limit: 5, windowSeconds: 60 } }) {
  let now = new Date('2026-11-21T09:00:50Z');
  const memory = memoryThrottleStore();
  const throttle = createThrottle({ store: memory.store, clock: { now: () => now }, families: { auth: limits, open: { perSource: limits.perSource } } });
  return { throttle, ...memory, at: (iso: string) => (now = new Date(iso)) };
}

describe('throttle', () => {
  it('cuts time into fixed windows and tells how long until the next', () => {
    const rule = { limit: 1, windowSeconds: 60 };
    const w = windowOf(rule, new Date('2026-11-21T09:00:50.200Z'));
    expect(w).toEqual({ start: Date.parse('2026-11-21T09:00:00Z') / 1000, endsAt: Date.parse('2026-11-21T09:01:00Z') });
    expect(retryAfterSeconds(w, new Date('2026-11-21T09:00:50.200Z'))).toBe(10);
    expect(retryAfterSeconds(w, new Date('2026-11-21T09:00:59.999Z'))).toBe(1);
    expect(bucketOf('auth', 'source', '203.0.113.5', w)).toMatch(/^auth:source:[\w-]{32}:\d+$/);
  });

  it('lets the limit through per address, refuses the next with Retry-After, and a new window starts afresh', async () => {
    const w = world();
    for (let i = 0; i < 3; i++) await w.throttle.check('auth', { source: '203.0.113.5' });
    const e = await errorOf(w.throttle.check('auth', { source: '203.0.113.5' }));
    expect(e).toBeInstanceOf(TooManyRequests);
    expect([e.statusCode, e.code, (e as TooManyRequests).retryAfter]).toEqual([429, 'TOO_MANY_REQUESTS', 10]);
    await w.throttle.check('auth', { source: '203.0.113.6' });
    w.at('2026-11-21T09:01:00Z');
    await w.throttle.check('auth', { source: '203.0.113.5' });
  });

  it('limits requests naming one company across addresses, whatever the case or width of the code', async () => {
    const w = world();
    const codes = ['demo', 'DEMO', ' Demo ', 'ｄｅｍｏ', 'demo'];
    for (const [i, code] of codes.entries()) await w.throttle.check('auth', { source: `198.51.100.${i}`, companyCode: code });
    expect((await errorOf(w.throttle.check('auth', { source: '198.51.100.99', companyCode: 'demo' }))).statusCode).toBe(429);
    await w.throttle.check('auth', { source: '198.51.100.99', companyCode: 'other' });
    // A family without a company rule ignores the company.
    for (let i = 0; i < 3; i++) await w.throttle.check('open', { source: `192.0.2.${i}`, companyCode: 'demo' });
  });

  it('limits a signed-in account across addresses in a family with an account rule, and only there', async () => {
    let now = new Date('2026-11-21T09:10:00Z');
    const memory = memoryThrottleStore();
    const throttle = createThrottle({
      store: memory.store,
      clock: { now: () => now },
      families: { mail: { perSource: { limit: 100, windowSeconds: 60 }, perAccount: { limit: 2, windowSeconds: 3600 } }, open: { perSource: { limit: 100, windowSeconds: 60 } } },
    });
    await throttle.check('mail', { source: '198.51.100.1', account: 'c1:e1' });
    await throttle.check('mail', { source: '198.51.100.2', account: 'c1:e1' });
    const e = await errorOf(throttle.check('mail', { source: '198.51.100.3', account: 'c1:e1' }));
    expect([e.statusCode, (e as TooManyRequests).retryAfter]).toEqual([429, 50 * 60]);
    await throttle.check('mail', { source: '198.51.100.3', account: 'c1:e2' });
    for (let i = 0; i < 3; i++) await throttle.check('open', { source: `198.51.100.${i}`, account: 'c1:e1' });
    now = new Date('2026-11-21T10:00:00Z');
    await throttle.check('mail', { source: '198.51.100.1', account: 'c1:e1' });
  });

  it('shares one bucket for requests without an address and refuses an unknown family', async () => {
    const w = world();
    for (let i = 0; i < 3; i++) await w.throttle.check('auth', {});
    expect((await errorOf(w.throttle.check('auth', {}))).statusCode).toBe(429);
    await expect(w.throttle.check('nope', {})).rejects.toThrow(/No throttle family/);
  });
});

describe('public-route limits', () => {
  it('keeps the defaults unless configured, and replaces only the configured rules', () => {
    expect(publicThrottleFamilies(undefined)).toEqual(PUBLIC_THROTTLE_FAMILIES);
    const configured = publicThrottleFamilies('{"timeclock":{"perSource":{"limit":30,"windowSeconds":60}}}');
    expect(configured.timeclock).toEqual({ perSource: { limit: 30, windowSeconds: 60 }, perCompany: PUBLIC_THROTTLE_FAMILIES.timeclock.perCompany });
    expect(configured.auth).toEqual(PUBLIC_THROTTLE_FAMILIES.auth);
    const perAccount = publicThrottleFamilies('{"private-email":{"perAccount":{"limit":2,"windowSeconds":60}}}');
    expect(perAccount['private-email']).toEqual({ perSource: PUBLIC_THROTTLE_FAMILIES['private-email'].perSource, perAccount: { limit: 2, windowSeconds: 60 } });
  });

  it('fails at load on malformed configuration', () => {
    expect(() => publicThrottleFamilies('{"nope":{}}')).toThrow();
    expect(() => publicThrottleFamilies('{"auth":{"perSource":{"limit":0,"windowSeconds":60}}}')).toThrow();
    expect(() => publicThrottleFamilies('not json')).toThrow();
  });

  it('lets a 10,000-employee company sign in through one address within five minutes', () => {
    expect(PUBLIC_THROTTLE_FAMILIES.auth.perSource.limit * (300 / PUBLIC_THROTTLE_FAMILIES.auth.perSource.windowSeconds)).toBeGreaterThanOrEqual(10_000);
  });
});

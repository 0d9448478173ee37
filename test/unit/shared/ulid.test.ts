import { describe, expect, it } from 'vitest';
import { createUlids } from '../../../functions/core/shared/ulid.js';

describe('ulid', () => {
  it('is 26 Crockford characters that sort by time', () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const ids = createUlids({ now: () => now });
    const a = ids.next();
    now = new Date('2026-01-01T00:00:00.001Z');
    const b = ids.next();
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a < b).toBe(true);
  });

  it('encodes time as the ULID spec does', () => {
    // The spec's example: 1469918176385 ms → 01ARYZ6S41.
    const ids = createUlids({ now: () => new Date(1469918176385) });
    expect(ids.next().slice(0, 10)).toBe('01ARYZ6S41');
  });
});

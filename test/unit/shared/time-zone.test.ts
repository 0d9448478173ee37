import { describe, expect, it } from 'vitest';
import { isTimeZone, offsetMinutes, zonedIso, zonedToInstant } from '../../../functions/core/shared/time-zone.js';

describe('time zones', () => {
  it('knows real zone names and nothing else', () => {
    for (const z of ['Asia/Tokyo', 'America/New_York', 'UTC', 'America/Argentina/Buenos_Aires']) expect(isTimeZone(z), z).toBe(true);
    for (const z of ['Asia/Nowhere', 'tokyo', '+09:00', 'Asia/Tokyo\u0000', 'A'.repeat(200), 12, undefined]) expect(isTimeZone(z), String(z)).toBe(false);
  });

  it('writes an instant in a zone with its offset, summer time included', () => {
    expect(zonedIso('2026-01-31T15:00:00.000Z', 'Asia/Tokyo')).toBe('2026-02-01T00:00:00+09:00');
    expect(zonedIso('2026-07-01T12:00:00.000Z', 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(zonedIso('2026-01-01T12:00:00.000Z', 'America/New_York')).toBe('2026-01-01T07:00:00-05:00');
    expect(zonedIso('2026-01-01T12:00:00.000Z', 'Asia/Kolkata')).toBe('2026-01-01T17:30:00+05:30');
    expect(offsetMinutes(new Date(), 'UTC')).toBe(0);
  });

  it('turns a wall-clock time of a zone back into the instant', () => {
    expect(zonedToInstant({ year: 2026, month: 2, day: 1 }, 'Asia/Tokyo').toISOString()).toBe('2026-01-31T15:00:00.000Z');
    expect(zonedToInstant({ year: 2026, month: 7, day: 1, hour: 8 }, 'America/New_York').toISOString()).toBe('2026-07-01T12:00:00.000Z');
    // The hour summer time skips comes out just after the gap.
    expect(zonedToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });
});

import { describe, expect, it } from 'vitest';
import { calendarDate, parseInstant, parseRange, readInstant, TIME_BOUNDS } from '../../../functions/core/shared/time-input.js';
import { domainErrorOf } from '../employees/helpers.js';

describe('strict date and time input', () => {
  it('reads a UTC instant with or without 1–3 fraction digits', () => {
    expect(readInstant('2025-01-31T09:08:07Z')?.toISOString()).toBe('2025-01-31T09:08:07.000Z');
    expect(readInstant('2025-01-31T09:08:07.5Z')?.toISOString()).toBe('2025-01-31T09:08:07.500Z');
    expect(readInstant('2025-01-31T09:08:07.123Z')?.toISOString()).toBe('2025-01-31T09:08:07.123Z');
  });

  it('reads a date as the start of its UTC day, or its end where a range ends', () => {
    expect(readInstant('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(readInstant('2024-02-29', 'end')?.toISOString()).toBe('2024-02-29T23:59:59.999Z');
  });

  it.each([
    ['an expanded year', '+010000-01-01T00:00:00Z'],
    ['a negative expanded year', '-000001-01-01T00:00:00Z'],
    ['a year before the bounds', '0999-12-01T00:00:00Z'],
    ['a date before the bounds', '1999-12-31'],
    ['an instant after the bounds', '2100-01-01T00:00:00.001Z'],
    ['an offset', '2025-01-31T09:00:00+09:00'],
    ['a lower-case z', '2025-01-31T09:00:00z'],
    ['no zone', '2025-01-31T09:00:00'],
    ['four fraction digits', '2025-01-31T09:00:00.0000Z'],
    ['no seconds', '2025-01-31T09:00Z'],
    ['a space instead of T', '2025-01-31 09:00:00Z'],
    ['31 February', '2025-02-31'],
    ['29 February of a common year', '2025-02-29T00:00:00Z'],
    ['hour 24', '2025-01-31T24:00:00Z'],
    ['a leap second', '2025-06-30T23:59:60Z'],
    ['month 13', '2025-13-01'],
    ['slashes', '2025/01/31'],
    ['full-width digits', '２０２５-01-31'],
    ['a timestamp number', '1738300000000'],
    ['free text Date() accepts', 'January 31, 2025'],
    ['empty', ''],
    ['surrounding spaces', ' 2025-01-31'],
    ['something long', `2025-01-31T00:00:00${'0'.repeat(10_000)}Z`],
  ])('refuses %s', (_name, value) => {
    expect(readInstant(value)).toBeUndefined();
    const error = domainErrorOf(() => parseInstant(value, 'from'), 400, 'INVALID_DATE');
    expect(error.messages.ja).toContain('from');
    expect(error.details).toEqual({ field: 'from' });
  });

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 20250131, new Date(), ['2025-01-31']]) expect(readInstant(value)).toBeUndefined();
  });

  it('takes the bounds themselves', () => {
    expect(readInstant('2000-01-01T00:00:00Z')?.toISOString()).toBe(TIME_BOUNDS.earliest);
    expect(readInstant('2100-01-01')?.toISOString()).toBe(TIME_BOUNDS.latest);
  });

  it('knows the calendar', () => {
    expect(calendarDate(2000, 2, 29)).toBe('2000-02-29');
    expect(calendarDate(1900, 2, 29)).toBeUndefined();
    expect(calendarDate(2024, 4, 31)).toBeUndefined();
    expect(calendarDate(2024, 0, 1)).toBeUndefined();
    expect(calendarDate(50, 1, 1)).toBe('0050-01-01');
    expect(calendarDate(2024, 1.5, 1)).toBeUndefined();
  });

  describe('ranges', () => {
    it('gives both ends, a date in `to` meaning the end of that day', () => {
      const { from, to } = parseRange('2025-01-01', '2025-01-31', { maxDays: 366 });
      expect([from.toISOString(), to.toISOString()]).toEqual(['2025-01-01T00:00:00.000Z', '2025-01-31T23:59:59.999Z']);
    });

    it('refuses a range that runs backwards or is too long', () => {
      domainErrorOf(() => parseRange('2025-02-01', '2025-01-01T00:00:00Z', { maxDays: 366 }), 400, 'INVALID_RANGE');
      domainErrorOf(() => parseRange('2024-01-01', '2025-01-02', { maxDays: 366 }), 400, 'INVALID_RANGE');
      expect(() => parseRange('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', { maxDays: 366 })).not.toThrow();
    });

    it('names the bad end', () => {
      expect(domainErrorOf(() => parseRange('2025-01-01', '+010000-01-02T00:00:00Z', { maxDays: 366 }), 400, 'INVALID_DATE').details).toEqual({ field: 'to' });
    });
  });
});

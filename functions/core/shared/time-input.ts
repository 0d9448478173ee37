import { badRequest } from './errors.js';

/**
 * The one parser of dates and times that arrive in a request (the audit range today, the log view
 * later). Only two spellings are accepted, both plain UTC:
 *
 * - an instant `YYYY-MM-DDTHH:mm:ssZ`, optionally with 1–3 fraction digits (`…:ss.sssZ`);
 * - a date `YYYY-MM-DD` (the start of that UTC day, or its last millisecond where a range ends).
 *
 * Why so strict: `new Date()` also takes expanded years (`+010000-01-01`), years below 1000,
 * offsets and free text, and a range loop driven by such a value ran for hours. Every accepted
 * value is a real calendar date inside TIME_BOUNDS, so anything derived from it is bounded.
 */
export const TIME_BOUNDS = { earliest: '2000-01-01T00:00:00.000Z', latest: '2100-01-01T00:00:00.000Z' } as const;

const EARLIEST_MS = Date.parse(TIME_BOUNDS.earliest);
const LATEST_MS = Date.parse(TIME_BOUNDS.latest);
const DAY_MS = 86_400_000;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Long enough for every accepted spelling; longer input is refused before any regex runs. */
const MAX_INPUT = 24;

export type DateMeaning = 'start' | 'end';

/** `YYYY-MM-DD` when y-m-d names a day that exists in the calendar (no 2月30日), else undefined. */
export function calendarDate(y: number, m: number, d: number): string | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return undefined;
  const probe = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear puts them back.
  probe.setUTCFullYear(y);
  if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The instant a strict date or instant string names, or undefined when it is not one of the two
 * spellings, not a real date or time, or outside TIME_BOUNDS. A date alone means the first
 * millisecond of that UTC day, or its last one with `dateMeans: 'end'`.
 */
export function readInstant(value: unknown, dateMeans: DateMeaning = 'start'): Date | undefined {
  if (typeof value !== 'string' || value.length > MAX_INPUT) return undefined;
  let ms: number;
  const instant = INSTANT.exec(value);
  if (instant) {
    const [, y, mo, d, h, mi, s] = instant.map(Number) as number[];
    if (!calendarDate(y!, mo!, d!) || h! > 23 || mi! > 59 || s! > 59) return undefined;
    // `.5` is half a second, as in ISO 8601: pad on the right.
    const millis = instant[7] ? Number(instant[7].padEnd(3, '0')) : 0;
    ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, millis);
  } else {
    const date = DATE_ONLY.exec(value);
    if (!date) return undefined;
    const [, y, mo, d] = date.map(Number) as number[];
    if (!calendarDate(y!, mo!, d!)) return undefined;
    ms = Date.UTC(y!, mo! - 1, d!) + (dateMeans === 'end' ? DAY_MS - 1 : 0);
  }
  if (ms < EARLIEST_MS || ms > LATEST_MS) return undefined;
  return new Date(ms);
}

/** Like readInstant, but a value that is not one is a 400 `INVALID_DATE` naming `field`. */
export function parseInstant(value: unknown, field: string, dateMeans: DateMeaning = 'start'): Date {
  const at = readInstant(value, dateMeans);
  if (at) return at;
  throw badRequest(
    'INVALID_DATE',
    {
      ja: `${field} は 2025-01-31T09:00:00Z（UTC）または 2025-01-31 の形式で、${TIME_BOUNDS.earliest.slice(0, 10)} から ${TIME_BOUNDS.latest.slice(0, 10)} までの実在する日時を指定してください。`,
      en: `${field} must be a real date and time written as 2025-01-31T09:00:00Z (UTC) or 2025-01-31, between ${TIME_BOUNDS.earliest.slice(0, 10)} and ${TIME_BOUNDS.latest.slice(0, 10)}.`,
    },
    { field },
  );
}

/**
 * A time range from two request values: each parsed by parseInstant (a date alone in `to` means
 * the end of that day), `from` not after `to`, and at most `maxDays` long. Throws 400
 * `INVALID_DATE` or `INVALID_RANGE`.
 */
export function parseRange(from: unknown, to: unknown, { maxDays, fields = ['from', 'to'] }: { maxDays: number; fields?: [string, string] }): { from: Date; to: Date } {
  const start = parseInstant(from, fields[0], 'start');
  const end = parseInstant(to, fields[1], 'end');
  if (start > end) {
    throw badRequest('INVALID_RANGE', { ja: `${fields[0]} には ${fields[1]} より前の日時を指定してください。`, en: `${fields[0]} must not be after ${fields[1]}.` });
  }
  if (end.getTime() - start.getTime() > maxDays * DAY_MS) {
    throw badRequest('INVALID_RANGE', { ja: `期間は${maxDays}日以内で指定してください。`, en: `The range may span at most ${maxDays} days.` });
  }
  return { from: start, to: end };
}

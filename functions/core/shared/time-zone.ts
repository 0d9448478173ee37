/**
 * IANA time zones (a company shows its log in its own zone): checked with the runtime's own
 * time-zone data, and instants written in a zone with their offset. Pure: the web bundles it too.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

// Area/Location names as the IANA database spells them; anything else is refused unread.
const ZONE_NAME = /^(?:UTC|[A-Z][A-Za-z]+(?:\/[A-Za-z0-9][A-Za-z0-9_+-]*){1,2})$/;
const MAX_ZONE = 40;

/** True for a zone name the runtime knows (Asia/Tokyo, America/New_York, UTC). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_ZONE || !ZONE_NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
export function wallClock(at: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(formatterOf(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Minutes the zone is ahead of UTC at that instant (+540 for Asia/Tokyo). */
export function offsetMinutes(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** `+09:00` for +540 minutes. */
export function offsetText(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** An instant as ISO 8601 in a zone, with its offset: `2025-01-31T09:00:05+09:00`. */
export function zonedIso(iso: string, timeZone: string): string {
  const at = new Date(iso);
  const w = wallClock(at, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${offsetText(offsetMinutes(at, timeZone))}`;
}

/**
 * The instant a wall-clock time in a zone names. Where the wall clock repeats (the end of summer
 * time) the earlier instant; where it skips, the instant just after the gap.
 */
export function zonedToInstant(local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number; ms?: number }, timeZone: string): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0, local.ms ?? 0);
  // The zone's offsets a day either side hold every offset that time of day can have.
  const before = offsetMinutes(new Date(asUtc - 86_400_000), timeZone);
  const after = offsetMinutes(new Date(asUtc + 86_400_000), timeZone);
  const matches = [before, after]
    .map((offset) => asUtc - offset * 60_000)
    .filter((t) => asUtc - offsetMinutes(new Date(t), timeZone) * 60_000 === t)
    .sort((a, b) => a - b);
  // In a gap no instant matches: the wall clock read with the offset before the gap lands just after it.
  return new Date(matches[0] ?? asUtc - before * 60_000);
}

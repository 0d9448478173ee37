import { offsetMinutes, offsetText, wallClock, zonedToInstant } from '../../../functions/core/shared/time-zone';

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the company's clock shows it: 2026/01/31 09:00:05. */
export function formatZoned(iso: string, timeZone: string, seconds = true): string {
  const w = wallClock(new Date(iso), timeZone);
  return `${w.year}/${pad(w.month)}/${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}${seconds ? `:${pad(w.second)}` : ''}`;
}

/** The day (YYYY-MM-DD) an instant falls on in the zone: what a date input shows. */
export function zonedDay(iso: string, timeZone: string): string {
  const w = wallClock(new Date(iso), timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

const partsOf = (day: string) => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { year, month, day: date };
};

/** The first instant of a day in the zone. */
export const dayStart = (day: string, timeZone: string) => zonedToInstant(partsOf(day), timeZone).toISOString();

/** The last millisecond of a day in the zone. */
export function dayEnd(day: string, timeZone: string): string {
  const next = new Date(Date.UTC(partsOf(day).year, partsOf(day).month - 1, partsOf(day).day + 1));
  const nextDay = `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
  return new Date(zonedToInstant(partsOf(nextDay), timeZone).getTime() - 1).toISOString();
}

/** UTC+09:00, for labels that name the zone. */
export const zoneOffsetLabel = (timeZone: string) => `UTC${offsetText(offsetMinutes(new Date(), timeZone))}`;

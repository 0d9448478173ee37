import type { Clock } from '../shared/ports.js';

/** Something with a deadline, as the due index lists it. */
export interface DueItem {
  entity: string;
  deadline: string;
  attributes: Record<string, unknown>;
}

/** Port: items listed by the hour their deadline falls in, and where the last sweep stopped. */
export interface DueIndex {
  /** Items in the given hour buckets (yyyy-mm-ddThh) whose deadline is at or before `until`. */
  listDue(hours: string[], until: string): Promise<DueItem[]>;
  cursor(): Promise<string | undefined>;
  saveCursor(hour: string): Promise<void>;
}

/** Moves one expired item to its expired state; must be safe to run twice. */
export type Expirer = (item: DueItem, now: Date) => Promise<void>;

const FIRST_LOOKBACK_HOURS = 48;
const HOUR = 3600_000;

const hourOf = (d: Date) => d.toISOString().slice(0, 13);

/** Hour buckets from `from` (yyyy-mm-ddThh) up to and including `to`'s hour. */
export function hoursBetween(from: string, to: Date): string[] {
  const hours: string[] = [];
  for (let t = new Date(`${from}:00:00.000Z`).getTime(); t <= to.getTime(); t += HOUR) hours.push(hourOf(new Date(t)));
  return hours;
}

/**
 * The sweep: fired every minute by EventBridge Scheduler (locally by a timer). Expiry itself is
 * always checked at use time; the sweep only makes statuses, counts and filters show it.
 */
export function createSweeper({ index, expirers, clock }: { index: DueIndex; expirers: Record<string, Expirer>; clock: Clock }) {
  return {
    async sweep(): Promise<{ expired: number }> {
      const now = clock.now();
      const saved = await index.cursor();
      // A cursor ahead of the clock (the clock was set back) would skip everything due until then.
      const from = saved && saved <= hourOf(now) ? saved : hourOf(new Date(now.getTime() - FIRST_LOOKBACK_HOURS * HOUR));
      const due = await index.listDue(hoursBetween(from, now), now.toISOString());
      let expired = 0;
      for (const item of due) {
        const expire = expirers[item.entity];
        if (!expire) continue;
        await expire(item, now);
        expired++;
      }
      // The current hour may still gain due items; start there next time.
      await index.saveCursor(hourOf(now));
      return { expired };
    },
  };
}

import { systemClock, type Clock } from '../core/shared/ports.js';
import { createUlids } from '../core/shared/ulid.js';

let currentClock: Clock = systemClock;

/** The clock of every service and worker; the local runtime may swap it (tests move time without waiting). */
export const clock: Clock = { now: () => currentClock.now() };

/** Local runtime only. */
export function useClock(next: Clock): void {
  currentClock = next;
}

export const ids = createUlids(clock);

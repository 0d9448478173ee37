/** Time and identity sources, injected so tests control them. */
export interface Clock {
  now(): Date;
}
export interface Ids {
  /** A sortable unique id (time-ordered). */
  next(): string;
}

export const systemClock: Clock = { now: () => new Date() };

import { mapLimit } from '../shared/map-limit.js';

/** Claims sent at once when a chunk learns one by one which employees another job holds. */
const CLAIMS_AT_ONCE = 10;

/**
 * Claims a chunk's employees for its job: all in one all-or-nothing write where the store offers
 * one; when it does not, or any is refused (another job holds someone), one by one to learn which.
 * Answers, per item, whether this job holds it.
 */
export async function claimChunk<T>(items: readonly T[], all: (() => Promise<boolean>) | undefined, one: (item: T) => Promise<boolean>): Promise<boolean[]> {
  if (all && (await all())) return items.map(() => true);
  return mapLimit(items, CLAIMS_AT_ONCE, one);
}

/**
 * Merges streams of entries that are each sorted newest first by the same sort string (`<iso>#<id>`)
 * into one page, reading each stream only as far as the page needs. Pure: the DynamoDB streams
 * plug in as `StreamSource`s, and a unit test drives it with in-memory ones.
 *
 * Items read ÷ returned stays near 1: a stream is asked for its share of what the page still
 * lacks (its share grows where its filter lets fewer through), not for a whole page each; a
 * single stream is asked for one more than the page needs, so the page knows whether more follow.
 * What a page leaves unread is not remembered: the next page starts below its last entry, in every
 * stream, so a cursor is one position whatever the number of streams.
 */

/** A position: a stored item's sort string and its table key (what a cursor holds). */
export interface Position {
  sort: string;
  key: { pk: string; sk: string };
}

export interface MergeItem extends Position {
  id: string;
}

export interface StreamRead<T> {
  items: T[];
  /** Items the read examined (DynamoDB's ScannedCount: filtered ones count too). */
  scanned: number;
  /** Nothing is left below the last examined item. */
  done: boolean;
  /** The lowest position examined so far: required unless done (everything at or above it has been examined). */
  frontier?: Position;
}

export interface StreamSource<T extends MergeItem> {
  /** The next items, newest first, examining at most `limit`. */
  next(limit: number): Promise<StreamRead<T>>;
}

export interface MergedPage<T> {
  items: T[];
  /** Where the next page starts (exclusive), or undefined when nothing follows. */
  next?: Position;
  /** Items examined and queries made, for the bench's items-read ÷ returned. */
  read: number;
  queries: number;
}

/** DynamoDB reads at most 1 MB per query; more than this many small items would not come back anyway. */
const MAX_READ = 1000;

interface State<T extends MergeItem> {
  source: StreamSource<T>;
  buffer: T[];
  done: boolean;
  frontier?: Position;
  /** Share of examined items the stream's filter lets through, so far. */
  passRate: number;
}

export async function mergeStreams<T extends MergeItem>(sources: StreamSource<T>[], { limit, maxQueries }: { limit: number; maxQueries: number }): Promise<MergedPage<T>> {
  const states: State<T>[] = sources.map((source) => ({ source, buffer: [], done: false, passRate: 1 }));
  // Every stream is read at least once, so each has a frontier when the budget runs out.
  const budget = Math.max(maxQueries, sources.length);
  const items: T[] = [];
  let last: T | undefined;
  let read = 0;
  let queries = 0;

  const emit = (state: State<T>) => {
    const item = state.buffer.shift()!;
    // The same entry in two streams (a person who acted on their own account) is listed once.
    if (last?.sort !== item.sort) items.push(item);
    last = item;
  };
  const newest = () => {
    let best: State<T> | undefined;
    for (const s of states) if (s.buffer.length > 0 && (!best || s.buffer[0]!.sort > best.buffer[0]!.sort)) best = s;
    return best;
  };

  while (items.length < limit) {
    const best = newest();
    // A stream with nothing buffered holds something above `best` unless it has been read past it.
    const blocking = states.filter((s) => !s.done && s.buffer.length === 0 && (!s.frontier || !best || s.frontier.sort > best.buffer[0]!.sort));
    if (blocking.length === 0) {
      if (!best) break;
      emit(best);
      continue;
    }
    if (queries + blocking.length > budget) {
      // Out of queries: whatever is listed is complete; the next page starts below the highest
      // frontier, above which every stream has been read.
      const safe = blocking.reduce<Position | undefined>((hi, s) => (s.frontier && (!hi || s.frontier.sort > hi.sort) ? s.frontier : hi), undefined);
      return { items, next: safe && (!last || safe.sort < last.sort) ? safe : last, read, queries };
    }
    const lacking = limit - items.length;
    const live = states.filter((s) => !s.done).length;
    await Promise.all(
      blocking.map(async (s) => {
        const share = Math.ceil(lacking / live) + (live === 1 ? 1 : 0);
        const want = Math.min(MAX_READ, Math.max(1, Math.ceil(share / s.passRate)));
        const out = await s.source.next(want);
        queries += 1;
        read += out.scanned;
        s.buffer.push(...out.items);
        s.done = out.done;
        s.frontier = out.frontier;
        if (out.scanned > 0) s.passRate = Math.max(0.02, Math.min(1, (s.passRate + out.items.length / out.scanned) / 2));
      }),
    );
  }

  const more = states.some((s) => s.buffer.length > 0 || !s.done);
  return { items, next: more ? last : undefined, read, queries };
}

import { describe, expect, it } from 'vitest';
import { mergeStreams, type MergeItem, type StreamSource } from '../../../functions/adapters/dynamodb/merge-streams.js';

/** A stream over sorted items, with a filter applied while reading (items examined count as read). */
function stream(items: MergeItem[], keep: (i: MergeItem) => boolean = () => true, upper?: string): StreamSource<MergeItem> {
  const sorted = [...items].sort((a, b) => (a.sort < b.sort ? 1 : -1)).filter((i) => upper === undefined || i.sort < upper);
  let at = 0;
  return {
    async next(limit) {
      const examined = sorted.slice(at, at + limit);
      at += examined.length;
      const done = at >= sorted.length;
      const last = examined.at(-1);
      return { items: examined.filter(keep), scanned: examined.length, done, frontier: done || !last ? undefined : { sort: last.sort, key: last.key } };
    },
  };
}

const item = (n: number, tag = ''): MergeItem => {
  const sort = `2026-01-01T00:00:00.000Z#${String(n).padStart(8, '0')}${tag}`;
  return { id: `${n}${tag}`, sort, key: { pk: 'P', sk: sort } };
};
const range = (from: number, to: number, step = 1, tag = '') => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => item(from + i * step, tag));

/** Every page until the end, each page started below the last one's cursor. */
async function all(make: (upper?: string) => StreamSource<MergeItem>[], limit: number, maxQueries = 40) {
  const out: MergeItem[] = [];
  let upper: string | undefined;
  let read = 0;
  for (let page = 0; page < 1000; page++) {
    const p = await mergeStreams(make(upper), { limit, maxQueries });
    out.push(...p.items);
    read += p.read;
    if (!p.next) return { out, read, pages: page + 1 };
    upper = p.next.sort;
  }
  throw new Error('no end');
}

describe('merging newest-first streams', () => {
  it('lists the union newest first, each item once, across pages of any size', async () => {
    const a = range(1, 300, 3, 'a');
    const b = range(2, 300, 7, 'b');
    const c = range(5, 40, 1, 'c');
    const expected = [...a, ...b, ...c].sort((x, y) => (x.sort < y.sort ? 1 : -1)).map((i) => i.id);
    for (const limit of [1, 7, 100, 1000]) {
      const { out } = await all((u) => [stream(a, undefined, u), stream(b, undefined, u), stream(c, undefined, u)], limit);
      expect(out.map((i) => i.id), `limit ${limit}`).toEqual(expected);
    }
  });

  it('lists an item that is in two streams once (a person who acted on their own account)', async () => {
    const shared = range(1, 50, 5);
    const { out } = await all((u) => [stream([...shared, ...range(2, 50, 5, 'x')], undefined, u), stream([...shared, ...range(3, 50, 5, 'y')], undefined, u)], 4);
    expect(out.map((i) => i.id).filter((id) => !/[xy]/.test(id))).toEqual(shared.map((i) => i.id).reverse());
    expect(new Set(out.map((i) => i.id)).size).toBe(out.length);
  });

  it('reads about what it returns: at most twice, for one stream or a group’s two', async () => {
    const one = await mergeStreams([stream(range(1, 5000))], { limit: 100, maxQueries: 40 });
    expect(one.items).toHaveLength(100);
    expect(one.read / one.items.length).toBeLessThanOrEqual(1.02);
    // A group: successes and a few failures.
    const group = await mergeStreams([stream(range(1, 5000, 1, 's')), stream(range(3, 5000, 40, 'f'))], { limit: 100, maxQueries: 40 });
    expect(group.items).toHaveLength(100);
    expect(group.read / group.items.length).toBeLessThanOrEqual(2);
    // One person's history: as actor and as target.
    const user = await mergeStreams([stream(range(1, 3000, 2, 'a')), stream(range(2, 3000, 9, 't'))], { limit: 100, maxQueries: 40 });
    expect(user.read / user.items.length).toBeLessThanOrEqual(2);
  });

  it('fills a page from one busy stream among eleven quiet ones (the whole log: successful sign-ins and little else)', async () => {
    const quiet = Array.from({ length: 11 }, (_, k) => stream(range(k + 1, 5000, 700, `q${k}`)));
    const page = await mergeStreams([stream(range(1, 5000, 1, 'busy')), ...quiet], { limit: 100, maxQueries: 12 * 2 + 24 });
    expect(page.items).toHaveLength(100);
    expect(page.read / page.items.length).toBeLessThanOrEqual(3);
  });

  it('asks a filtered stream for more at a time, so a rare match does not cost a query per item', async () => {
    const page = await mergeStreams([stream(range(1, 20_000), (i) => Number(i.id) % 50 === 0)], { limit: 100, maxQueries: 40 });
    expect(page.items).toHaveLength(100);
    expect(page.queries).toBeLessThan(20);
  });

  it('ends a page early when its queries run out, and the next page carries on without a gap', async () => {
    const rare = (i: MergeItem) => Number(i.id.replace(/\D/g, '')) % 500 === 0;
    const data = range(1, 20_000);
    const first = await mergeStreams([stream(data, rare)], { limit: 100, maxQueries: 3 });
    expect(first.items.length).toBeLessThan(100);
    expect(first.next).toBeDefined();
    const { out } = await all((u) => [stream(data, rare, u)], 100, 3);
    expect(out.map((i) => i.id)).toEqual(data.filter(rare).reverse().map((i) => i.id));
  });

  it('with several streams out of budget, lists only what every stream has read past', async () => {
    const data = [range(1, 10_000, 1, 'a'), range(1, 10_000, 1, 'b')];
    const rareA = (i: MergeItem) => i.id.endsWith('a') && Number(i.id.slice(0, -1)) % 997 === 0;
    const rareB = (i: MergeItem) => i.id.endsWith('b') && Number(i.id.slice(0, -1)) % 13 === 0;
    const { out, pages } = await all((u) => [stream(data[0]!, rareA, u), stream(data[1]!, rareB, u)], 50, 8);
    expect(pages).toBeLessThan(60);
    const expected = [...data[0]!.filter(rareA), ...data[1]!.filter(rareB)].sort((x, y) => (x.sort < y.sort ? 1 : -1)).map((i) => i.id);
    expect(out.map((i) => i.id)).toEqual(expected);
  });

  it('says there is nothing more when every stream is read to its end', async () => {
    const p = await mergeStreams([stream(range(1, 10)), stream([])], { limit: 100, maxQueries: 40 });
    expect(p.items).toHaveLength(10);
    expect(p.next).toBeUndefined();
  });
});

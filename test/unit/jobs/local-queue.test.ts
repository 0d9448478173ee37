import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalQueue, DEAD_LETTER_RETRY_MS, type LocalQueue, type QueueStore, type SqsHandler, type StoredMessage } from '../../../functions/adapters/queue/local-queue.js';
import { DELIVERY_LIMIT } from '../../../functions/core/jobs/delivery.js';
import type { QueueMessage } from '../../../functions/core/jobs/queue.js';

/** The queue's table, in memory: what a crashed process leaves behind is what was saved. */
function memoryStore() {
  const items = new Map<string, StoredMessage>();
  const store: QueueStore = {
    load: async () => [...items.values()].map((m) => ({ ...m })),
    save: async (messages) => messages.forEach((m) => items.set(m.id, { ...m })),
    remove: async (id) => void items.delete(id),
  };
  return { store, items };
}

const chunk = (n: number): QueueMessage => ({ kind: 'pdf-issuance-chunk', companyId: 'c1', jobId: 'j1', chunk: n });
const bodies = (event: SQSEvent) => event.Records.map((r) => JSON.parse(r.body) as QueueMessage);

async function until(what: string, ok: () => boolean) {
  // A generous deadline: the queue's pump runs on timers, and the machine may be busy.
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const queues: LocalQueue[] = [];
afterEach(() => queues.splice(0).forEach((q) => q.stop()));

function queueWith(store: QueueStore, handlers: { jobs: SqsHandler; 'dead-letters'?: SqsHandler }, clock = { now: () => new Date('2026-04-01T00:00:00Z') }, concurrency = 5) {
  const queue = createLocalQueue({
    store,
    clock,
    concurrency,
    handlers: { jobs: async () => handlers.jobs, 'dead-letters': async () => handlers['dead-letters'] ?? (async () => {}) },
    retryDelaysMs: [1_000, 60_000],
  });
  queues.push(queue);
  return queue;
}

describe('the local job queue', () => {
  it('stores a message before sendAll resolves, delivers it, and removes it once handled', async () => {
    const { store, items } = memoryStore();
    const delivered: QueueMessage[] = [];
    const queue = queueWith(store, { jobs: async (e) => void delivered.push(...bodies(e)) });
    await queue.start();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const saved = store.save;
    store.save = async (m) => {
      await gate;
      return saved(m);
    };
    const sending = queue.sendAll([chunk(0), chunk(1)]);
    let resolved = false;
    void sending.then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(resolved).toBe(false);
    release();
    await sending;
    expect(items.size).toBe(2);
    await queue.idle();
    expect(delivered).toEqual([chunk(0), chunk(1)]);
    expect(items.size).toBe(0);
  });

  it('resumes on start what a process that died left in the store, also a message that was being delivered', async () => {
    const { store, items } = memoryStore();
    // The first process: its handler never returns (the process is killed mid-chunk).
    const first = queueWith(store, { jobs: () => new Promise(() => {}) }, undefined, 1);
    await first.start();
    await first.sendAll([chunk(0), chunk(1)]);
    await until('the first delivery began', () => [...items.values()].some((m) => m.receiveCount === 1));
    first.stop();

    const delivered: Array<[QueueMessage, string]> = [];
    const second = queueWith(store, { jobs: async (e) => void delivered.push(...e.Records.map((r) => [JSON.parse(r.body), r.attributes.ApproximateReceiveCount] as [QueueMessage, string])) });
    expect(await second.start()).toBe(2);
    await second.idle();
    // In the order they were sent; the interrupted one counts its second delivery.
    expect(delivered).toEqual([[chunk(0), '2'], [chunk(1), '1']]);
    expect(items.size).toBe(0);
  });

  it('hides a failed message for a while, then delivers it again; after the delivery limit it goes to the dead-letter consumer', async () => {
    const { store, items } = memoryStore();
    let now = Date.parse('2026-04-01T00:00:00Z');
    const clock = { now: () => new Date(now) };
    const receives: string[] = [];
    const deadLettered: Array<[QueueMessage, string]> = [];
    const queue = queueWith(
      store,
      {
        jobs: async (e) => {
          receives.push(e.Records[0]!.attributes.ApproximateReceiveCount);
          // A batch item failure, as the worker reports a chunk that threw.
          return { batchItemFailures: [{ itemIdentifier: e.Records[0]!.messageId }] };
        },
        'dead-letters': async (e) => void deadLettered.push([bodies(e)[0]!, e.Records[0]!.eventSourceARN]),
      },
      clock,
    );
    await queue.start();
    await queue.sendAll([chunk(7)]);
    await until('the first delivery', () => receives.length === 1);
    // Hidden: nothing comes back while the clock stands still.
    await new Promise((r) => setTimeout(r, 600));
    expect(receives).toEqual(['1']);
    for (let n = 2; n <= DELIVERY_LIMIT; n++) {
      now += 61_000;
      await until(`delivery ${n}`, () => receives.length === n);
    }
    now += 61_000;
    await queue.idle();
    expect(receives).toEqual(Array.from({ length: DELIVERY_LIMIT }, (_, i) => String(i + 1)));
    expect(deadLettered).toEqual([[chunk(7), expect.stringMatching(/:dead-letters$/)]]);
    expect(items.size).toBe(0);
  });

  it('keeps a dead-lettered message its consumer could not handle, and offers it again later', async () => {
    const { store, items } = memoryStore();
    let now = Date.parse('2026-04-01T00:00:00Z');
    let consumerWorks = false;
    let consumed = 0;
    const queue = queueWith(
      store,
      {
        jobs: async () => {
          throw new Error('broken chunk');
        },
        'dead-letters': async () => {
          consumed++;
          if (!consumerWorks) throw new Error('consumer down');
        },
      },
      { now: () => new Date(now) },
    );
    await queue.start();
    await queue.sendAll([chunk(3)]);
    await until('dead-lettered and offered once', () => {
      now += 61_000;
      return consumed === 1;
    });
    await until('the failure stored', () => [...items.values()].some((m) => m.queue === 'dead-letters' && m.hiddenForMs === DEAD_LETTER_RETRY_MS));
    consumerWorks = true;
    now += DEAD_LETTER_RETRY_MS + 1_000;
    await queue.idle();
    expect(consumed).toBe(2);
    expect(items.size).toBe(0);
  });

  it('delivers at most `concurrency` messages at once', async () => {
    const { store } = memoryStore();
    let running = 0;
    let most = 0;
    const queue = queueWith(
      store,
      {
        jobs: async () => {
          most = Math.max(most, ++running);
          await new Promise((r) => setTimeout(r, 30));
          running--;
        },
      },
      undefined,
      3,
    );
    await queue.start();
    await queue.sendAll(Array.from({ length: 10 }, (_, i) => chunk(i)));
    await queue.idle();
    expect(most).toBe(3);
  });

  it('delivers nothing before start (the runtime starts it once the API is up) and nothing after stop', async () => {
    const { store, items } = memoryStore();
    let delivered = 0;
    const queue = queueWith(store, { jobs: async () => void delivered++ });
    await queue.sendAll([chunk(0)]);
    await new Promise((r) => setTimeout(r, 300));
    expect([delivered, items.size]).toEqual([0, 1]);
    await queue.start();
    await queue.idle();
    queue.stop();
    await queue.sendAll([chunk(1)]);
    await new Promise((r) => setTimeout(r, 300));
    expect([delivered, items.size]).toEqual([1, 1]);
  });

  it('shares its slots between two jobs as SQS fair queues do: the second job runs beside the first one\'s backlog, not after it', async () => {
    const { store } = memoryStore();
    const order: string[] = [];
    const queue = queueWith(store, {
      jobs: async (e) => {
        for (const m of bodies(e)) order.push(`${(m as { jobId: string }).jobId}:${(m as { chunk: number }).chunk}`);
        await new Promise((r) => setTimeout(r, 5));
      },
    }, undefined, 2);
    const of = (jobId: string, n: number): QueueMessage => ({ kind: 'pdf-issuance-chunk', companyId: 'c1', jobId, chunk: n });
    // Both jobs are queued before the queue starts delivering: big's 10 chunks first, then small's 4.
    await queue.sendAll(Array.from({ length: 10 }, (_, n) => of('big', n)));
    await queue.sendAll(Array.from({ length: 4 }, (_, n) => of('small', n)));
    await queue.start();
    await until('every chunk delivered', () => order.length === 14);
    // Each job keeps its own order, and the slots alternate while both have chunks waiting.
    expect(order.filter((x) => x.startsWith('small')).map((x) => x.split(':')[1])).toEqual(['0', '1', '2', '3']);
    expect(order.slice(0, 8).filter((x) => x.startsWith('small'))).toHaveLength(4);
  });

  it('with more jobs than slots, gives every job the same slot time: jobs whose chunks are short are not starved by older jobs whose chunks wait long', async () => {
    const { store } = memoryStore();
    const order: string[] = [];
    // Slow chunks hold a slot 20 times longer, as a mail chunk waiting on the send rate holds it beside a PDF chunk.
    const queue = queueWith(store, {
      jobs: async (e) => {
        const m = bodies(e)[0] as { jobId: string; chunk: number };
        order.push(m.jobId);
        await new Promise((r) => setTimeout(r, m.jobId.startsWith('slow') ? 60 : 3));
      },
    }, { now: () => new Date() }, 2);
    const of = (jobId: string, n: number): QueueMessage => ({ kind: 'pdf-issuance-chunk', companyId: 'c1', jobId, chunk: n });
    // Four slow jobs are queued first, then four short ones: eight jobs, two slots.
    for (const j of ['slow1', 'slow2', 'slow3', 'slow4']) await queue.sendAll(Array.from({ length: 10 }, (_, n) => of(j, n)));
    for (const j of ['fast1', 'fast2', 'fast3', 'fast4']) await queue.sendAll(Array.from({ length: 10 }, (_, n) => of(j, n)));
    await queue.start();
    await until('every chunk delivered', () => order.length === 80);
    // Level shares of slot time: the short jobs' 40 chunks are done while the slow jobs have had
    // about one chunk each; by the order of their messages alone, all 40 slow chunks came first.
    const lastFast = order.lastIndexOf('fast4');
    expect(order.slice(0, lastFast).filter((j) => j.startsWith('slow')).length).toBeLessThan(20);
  });
});

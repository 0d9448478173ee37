import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { SEND_SETTLE_MINUTES } from '../../core/issuance/mail-issuance.js';
import { DELIVERY_LIMIT } from '../../core/jobs/delivery.js';
import { messageGroupOf, type JobQueue, type QueueMessage } from '../../core/jobs/queue.js';
import type { Clock } from '../../core/shared/ports.js';
import { inCallScope } from '../call-counter.js';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

/** The job queue and its dead-letter queue, as SQS has them. */
export type LocalQueueName = 'jobs' | 'dead-letters';

/** A message as the local queue keeps it, in memory and in its store. */
export interface StoredMessage {
  id: string;
  queue: LocalQueueName;
  body: string;
  /** Deliveries so far (SQS's ApproximateReceiveCount); counted as a delivery begins. */
  receiveCount: number;
  /** A failed delivery hides the message from `hiddenAt` (the service's clock) for `hiddenForMs`. */
  hiddenAt?: string;
  hiddenForMs?: number;
}

/** Port: where the local queue keeps its messages, so they outlive the process. */
export interface QueueStore {
  load(): Promise<StoredMessage[]>;
  save(messages: StoredMessage[]): Promise<void>;
  remove(id: string): Promise<void>;
}

/**
 * When a message that failed comes back, like SQS's visibility timeout (shortened): soon after a
 * first failure, a passing fault; then past the window in which a mail chunk waits for its sends
 * to settle.
 */
export const RETRY_DELAYS_MS = [1_000, (SEND_SETTLE_MINUTES + 1) * 60_000];
/** A dead-lettered message its consumer could not handle comes back after the dead-letter queue's visibility timeout. */
export const DEAD_LETTER_RETRY_MS = 30_000;
const PUMP_INTERVAL_MS = 200;

export interface LocalQueueOptions {
  store: QueueStore;
  /** The handlers SQS would invoke: the worker for the job queue, the consumer of the dead-letter queue. */
  handlers: Record<LocalQueueName, () => Promise<SqsHandler>>;
  /** The service's clock: a test that moves it moves the queue's waits too. */
  clock: Clock;
  concurrency: number;
  deliveryLimit?: number;
  retryDelaysMs?: readonly number[];
  log?: (line: string) => void;
}

export interface LocalQueue extends JobQueue {
  /** Loads what a previous run left (nothing was in flight: that process is gone) and starts delivering. Resolves to how many messages it resumed. */
  start(): Promise<number>;
  /** Resolves once no message is left, delivered or waiting. */
  idle(): Promise<void>;
  /** Delivers nothing more; what is left stays in the store for the next start. */
  stop(): void;
}

/**
 * The local stand-in for SQS with its dead-letter queue and the worker's event source: every
 * message is stored before `sendAll` resolves, delivered to the same handler with a bounded
 * concurrency, hidden for a while after a failed delivery, moved to the dead-letter queue after
 * `deliveryLimit` deliveries (as the stack's maxReceiveCount), and removed once handled. Messages
 * survive a crash of the process: the next start resumes them.
 */
export function createLocalQueue({ store, handlers, clock, concurrency, deliveryLimit = DELIVERY_LIMIT, retryDelaysMs = RETRY_DELAYS_MS, log = () => {} }: LocalQueueOptions): LocalQueue {
  const messages = new Map<string, StoredMessage>();
  const inFlight = new Set<string>();
  /** The job of each message (its fair-share group), read once from its body. */
  const groups = new Map<string, string>();
  const groupOf = (m: StoredMessage) => {
    let g = groups.get(m.id);
    if (g === undefined) {
      try {
        g = messageGroupOf(JSON.parse(m.body) as QueueMessage) ?? m.id;
      } catch {
        g = m.id;
      }
      groups.set(m.id, g);
    }
    return g;
  };
  /**
   * The slot time each job has had (ms of the service clock) and its last turn, for the fair
   * share below. A job seen anew starts level with the least-served job still queued, so neither
   * it nor an old job waits for the other to catch up.
   */
  const served = new Map<string, { ms: number; turn: number }>();
  const startedAt = new Map<string, number>();
  let turns = 0;
  let sequence = 0;
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let idleWaiters: Array<() => void> = [];

  const newId = () => `${String(Date.now()).padStart(15, '0')}-${String(++sequence).padStart(6, '0')}`;

  function visible(m: StoredMessage, now: number): boolean {
    if (inFlight.has(m.id)) return false;
    if (m.hiddenAt === undefined) return true;
    const from = Date.parse(m.hiddenAt);
    // A clock set back (a test resetting it) must not hide a message for longer than its wait.
    return now < from || now >= from + (m.hiddenForMs ?? 0);
  }

  async function persist(what: () => Promise<void>) {
    try {
      await what();
    } catch (error) {
      log(`local queue: could not store a message change: ${String(error)}`);
    }
  }

  async function deliver(m: StoredMessage) {
    m.receiveCount++;
    await persist(() => store.save([m]));
    const handler = await handlers[m.queue]();
    const event = {
      Records: [{ messageId: m.id, body: m.body, attributes: { ApproximateReceiveCount: String(m.receiveCount) }, eventSource: 'aws:sqs', eventSourceARN: `arn:aws:sqs:local:000000000000:${m.queue}` }],
    } as unknown as SQSEvent;
    let handled = false;
    try {
      const out = await inCallScope(m.queue === 'jobs' ? 'worker' : m.queue, () => handler(event), m.queue === 'jobs' ? groupOf(m) : undefined);
      handled = !out || out.batchItemFailures.length === 0;
    } catch (error) {
      log(`local queue: the handler of ${m.queue} threw: ${String(error)}`);
    }
    if (handled) {
      messages.delete(m.id);
      await persist(() => store.remove(m.id));
      return;
    }
    if (m.queue === 'jobs' && m.receiveCount >= deliveryLimit) {
      // As SQS's redrive policy: the next receive would pass maxReceiveCount.
      Object.assign(m, { queue: 'dead-letters', receiveCount: 0, hiddenAt: undefined, hiddenForMs: undefined });
      log(`local queue: message ${m.id} failed ${deliveryLimit} deliveries; moved to the dead-letter queue`);
    } else {
      const delay = m.queue === 'jobs' ? retryDelaysMs[Math.min(m.receiveCount, retryDelaysMs.length) - 1]! : DEAD_LETTER_RETRY_MS;
      Object.assign(m, { hiddenAt: clock.now().toISOString(), hiddenForMs: delay });
    }
    await persist(() => store.save([m]));
  }

  function pump() {
    if (!started) return;
    const now = clock.now().getTime();
    const ready = [...messages.values()].filter((m) => visible(m, now)).sort((a, b) => (a.id < b.id ? -1 : 1));
    // The slots are shared between jobs, as SQS fair queues share a queue between message groups:
    // each free slot goes to the job with the fewest chunks in flight, so a job started beside a
    // big one runs at once instead of after the big one's backlog. With more jobs than slots, most
    // jobs have none in flight; then the slot goes to the one that has had the least slot time
    // (the next in turn when level, its oldest message first), so every job gets the same share
    // of the slots over time, whatever its chunks wait on, and no kind of job starves another.
    const waiting = new Map<string, StoredMessage[]>();
    for (const m of ready) {
      const g = groupOf(m);
      const list = waiting.get(g);
      if (list) list.push(m);
      else waiting.set(g, [m]);
    }
    const running = new Map<string, number>();
    const attained = new Map<string, number>();
    for (const id of inFlight) {
      const m = messages.get(id);
      if (!m) continue;
      const g = groupOf(m);
      running.set(g, (running.get(g) ?? 0) + 1);
      attained.set(g, (attained.get(g) ?? 0) + Math.max(0, now - (startedAt.get(id) ?? now)));
    }
    const queued = new Set([...messages.values()].map(groupOf));
    for (const g of served.keys()) if (!queued.has(g)) served.delete(g);
    const least = Math.min(...[...served.values()].map((x) => x.ms));
    for (const g of waiting.keys()) if (!served.has(g)) served.set(g, { ms: Number.isFinite(least) ? least : 0, turn: 0 });
    const shareOf = (g: string) => served.get(g)!.ms + (attained.get(g) ?? 0);
    while (inFlight.size < concurrency && waiting.size > 0) {
      let pick: string | undefined;
      for (const [g, list] of waiting) {
        if (pick === undefined) { pick = g; continue; }
        const order =
          (running.get(g) ?? 0) - (running.get(pick) ?? 0) ||
          shareOf(g) - shareOf(pick) ||
          served.get(g)!.turn - served.get(pick)!.turn ||
          (list[0]!.id < waiting.get(pick)![0]!.id ? -1 : 1);
        if (order < 0) pick = g;
      }
      served.get(pick!)!.turn = ++turns;
      const list = waiting.get(pick!)!;
      const m = list.shift()!;
      if (list.length === 0) waiting.delete(pick!);
      running.set(pick!, (running.get(pick!) ?? 0) + 1);
      inFlight.add(m.id);
      startedAt.set(m.id, now);
      void deliver(m).finally(() => {
        const share = served.get(groupOf(m));
        if (share) share.ms += Math.max(0, clock.now().getTime() - (startedAt.get(m.id) ?? now));
        startedAt.delete(m.id);
        inFlight.delete(m.id);
        if (!messages.has(m.id)) groups.delete(m.id);
        settle();
        pump();
      });
    }
  }

  function settle() {
    if (messages.size > 0 || inFlight.size > 0) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters = [];
  }

  return {
    async sendAll(batch: QueueMessage[]) {
      const stored = batch.map((message): StoredMessage => ({ id: newId(), queue: 'jobs', body: JSON.stringify(message), receiveCount: 0 }));
      // Stored before the caller goes on: a job the API accepted keeps its chunks through a crash.
      await store.save(stored);
      for (const m of stored) messages.set(m.id, m);
      setImmediate(pump);
    },

    async start() {
      for (const m of await store.load()) messages.set(m.id, m);
      started = true;
      timer = setInterval(pump, PUMP_INTERVAL_MS);
      timer.unref();
      pump();
      return messages.size;
    },

    idle() {
      if (messages.size === 0 && inFlight.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    stop() {
      started = false;
      if (timer) clearInterval(timer);
    },
  };
}

import type { SQSEvent } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { COGNITO_QUOTAS, paceCognitoClient, retryThrottles } from '../../../functions/adapters/cognito/quota.js';
import { createUserPoolAdmin } from '../../../functions/adapters/cognito/user-pool.js';
import { jobCognito } from '../../../functions/adapters/aws-clients.js';
import { createLocalQueue, type QueueStore, type StoredMessage } from '../../../functions/adapters/queue/local-queue.js';
import type { Actor } from '../../../functions/core/access/actor.js';
import type { JobChunkMessage } from '../../../functions/core/jobs/job.js';
import { realSleep } from '../../../functions/core/mail/mailer.js';
import { systemClock } from '../../../functions/core/shared/ports.js';
import { ENV } from '../../../functions/shared/env.js';
import { installQuotaSimulator } from '../../bench/simulator/quota-simulator.js';
import { world } from './pdf-world.js';

// Issue 13's acceptance: two PDF jobs started at once share Cognito's UserCreation quota through
// the worker's real path (the local queue's five slots, the PDF worker, the paced user-pool
// adapter, the SDK client) against the bench's quota simulator, configured at twice the quota
// the simulator enforces. Neither job starves, and no employee fails because of a throttle.

process.env[ENV.userPoolId] = 'ap-northeast-1_quota';
process.env[ENV.cognitoEndpoint] = 'http://127.0.0.1:9';

const admin: Actor = { accountId: 'A', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '管理 者' };
const QUOTA = 50;
const PER_JOB = 200;

const simulator = installQuotaSimulator({ cognito: jobCognito() }, { cognito: { UserCreation: QUOTA }, latency: { medianMs: 30, sigma: 0.4, tailEvery: 100, tailFactor: 5 }, seed: 7 });
afterAll(() => simulator.uninstall());

function memoryStore(): QueueStore {
  const items = new Map<string, StoredMessage>();
  return {
    load: async () => [...items.values()],
    save: async (messages) => messages.forEach((m) => items.set(m.id, { ...m })),
    remove: async (id) => void items.delete(id),
  };
}

describe('two jobs at the quota', () => {
  it('share it: both progress side by side from the start, and nobody fails for a throttle', async () => {
    let throttles = 0;
    // The configured quota is twice what the simulated account has (a wrong setting, or the API's calls beside the job).
    paceCognitoClient(jobCognito(), { clock: systemClock, sleep: realSleep, quotas: { ...COGNITO_QUOTAS, UserCreation: 2 * QUOTA }, share: 1, onThrottle: () => throttles++ });
    const users = createUserPoolAdmin({ client: jobCognito, pace: retryThrottles({ clock: systemClock, sleep: realSleep }) });
    // Users created per job, as they are created (a job's progress moves only when a chunk ends).
    const created = { a: 0, b: 0 };
    const order: Array<'a' | 'b'> = [];
    const w = world(2 * PER_JOB, {
      credentials: {
        async setTemporaryPassword(id, companyId, password, hasUser) {
          await users.setPassword(id, companyId, password, false, hasUser);
          const job = Number(id.slice(1)) < PER_JOB ? 'a' : 'b';
          created[job]++;
          order.push(job);
        },
      },
    });
    const ids = [...w.employees.keys()];
    const a = await w.starter.start(admin, ids.slice(0, PER_JOB), false);
    const b = await w.starter.start(admin, ids.slice(PER_JOB), false);

    const queue = createLocalQueue({
      store: memoryStore(),
      clock: systemClock,
      concurrency: 5,
      handlers: {
        jobs: async () => async (event: SQSEvent) => {
          for (const r of event.Records) await w.worker.processChunk(JSON.parse(r.body) as JobChunkMessage);
        },
        'dead-letters': async () => async () => {},
      },
    });
    // Job a's chunks are queued first, all of them, then job b's: "started at once".
    await queue.sendAll(w.queue.splice(0));
    const started = Date.now();
    await queue.start();
    await queue.idle();
    queue.stop();
    const makespan = Date.now() - started;

    for (const job of [a, b]) {
      expect(w.jobsById.get(job.jobId)).toMatchObject({ state: 'done', counts: { succeeded: PER_JOB, failed: 0 } });
      // Every notice carries the password the (simulated) user pool holds.
      for (const page of w.files.get(w.jobsById.get(job.jobId)!.fileKey!)!) expect(simulator.passwordOf('ap-northeast-1_quota', `E${page.loginId.slice(4)}`)).toBe(page.temporaryPassword);
    }
    // The overload was real: the simulator throttled, and the limiter took it in.
    const throttled = simulator.stats.throttled.get('Cognito AdminCreateUser') ?? 0;
    expect(throttled).toBeGreaterThan(0);
    // Neither starved, judged by the order users were made (not by the clock: a busy machine slows
    // both alike): while both jobs still had users to make, every 50 in a row held at least 10 of each.
    const bothBusy = order.slice(0, Math.min(order.lastIndexOf('a'), order.lastIndexOf('b')) + 1);
    expect(bothBusy.length).toBeGreaterThan(PER_JOB);
    for (let i = 0; i + 50 <= bothBusy.length; i += 10) {
      const window = bothBusy.slice(i, i + 50);
      const ofA = window.filter((j) => j === 'a').length;
      expect(Math.min(ofA, 50 - ofA), `users ${i + 1}–${i + 50}: ${ofA} of job a`).toBeGreaterThanOrEqual(10);
    }
    // How close to the quota it ran is the bench's to measure (npm run bench -- --simulate-quotas).
    console.log(`two jobs, ${2 * PER_JOB} users at ${QUOTA}/s (configured ${2 * QUOTA}/s): ${(makespan / 1000).toFixed(1)} s, bound ${((2 * PER_JOB) / QUOTA).toFixed(1)} s; throttled ${throttled} of ${simulator.stats.attempts.get('Cognito AdminCreateUser')} requests (${throttles} seen by the limiter)`);
  });
});

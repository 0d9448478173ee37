import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV } from '../../functions/shared/env.js';
import { startApiServer } from './api-server.js';
import { demoEmployees, LOCAL_SUPPORT_LOGIN } from './demo-data.js';
import { ensureBucket, ensureQueueTable, ensureTable, ensureUserPool, LOCAL_NAMES } from './provision.js';
import { createFaultInjector, type Fault } from './faults.js';
import { seedCompany, seedSupport } from './seed.js';
import { startStandIns, type StandInPorts } from './stand-ins.js';

export interface KagiOptions {
  dataDir: string;
  port: number;
  standIns: StandInPorts;
  /** Delete the data folder first. */
  fresh?: boolean;
  /** Password of the demo sign-ins; generated (and kept in the data folder) when not given. */
  demoPassword?: string;
  sweepIntervalMs?: number;
  /** Tests: serve /__local/clock, /__local/sweep, /__local/idle and /__local/faults (see api-server.ts). */
  testControls?: boolean;
  /** Bench: DynamoDB Local in memory (nothing survives a stop). */
  dynamodbInMemory?: boolean;
  /** DynamoDB Local's Java heap (GiB; 1 unless told): the quota bench holds 100,000s of employees in memory. */
  dynamodbHeapGiB?: number;
  log?: (line: string) => void;
}

export interface RunningKagi {
  url: string;
  mailViewerUrl: string;
  endpoints: { dynamodb: string; s3: string; ses: string; cognito: string };
  userPoolId: string;
  clientId: string;
  demoPassword: string;
  /** Local only: waits until the local job queue is empty. */
  jobsIdle(): Promise<void>;
  stop(): Promise<void>;
}

function setEnv(key: keyof typeof ENV, value: string) {
  process.env[ENV[key]] = value;
}

function demoPasswordFor(dataDir: string, given: string | undefined): string {
  if (given) return given;
  const file = join(dataDir, 'demo-password.txt');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const generated = randomBytes(12).toString('base64url');
  writeFileSync(file, `${generated}\n`, { mode: 0o600 });
  return generated;
}

/**
 * The key material sealing TOTP secrets (Secrets Manager in AWS): a file in the data folder,
 * made on first start and kept, so second factors set up earlier still open after a restart.
 */
function totpKeyFor(dataDir: string): string {
  const file = join(dataDir, 'totp-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const generated = randomBytes(48).toString('base64url');
  writeFileSync(file, `${generated}\n`, { mode: 0o600 });
  return generated;
}

/**
 * The whole service on one machine: the AWS stand-ins, the table, bucket and user pool, demo
 * data, the local API Gateway serving the same handlers and the built site, the job queue and
 * the sweep timer.
 */
export async function startKagi(options: KagiOptions): Promise<RunningKagi> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.fresh) rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(options.dataDir, { recursive: true });

  const standIns = await startStandIns(options.dataDir, options.standIns, log, { dynamodbInMemory: options.dynamodbInMemory, dynamodbHeapGiB: options.dynamodbHeapGiB });
  try {
    process.env.AWS_REGION ??= 'ap-northeast-1';
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    // Lambda runs Node 22; the SDK's notice about Node 20 on this machine is noise here.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    setEnv('dynamodbEndpoint', standIns.endpoints.dynamodb);
    setEnv('s3Endpoint', standIns.endpoints.s3);
    setEnv('sesEndpoint', standIns.endpoints.ses);
    setEnv('cognitoEndpoint', standIns.endpoints.cognito);
    setEnv('tableName', LOCAL_NAMES.table);
    setEnv('filesBucket', LOCAL_NAMES.bucket);
    setEnv('auditDigestBucket', LOCAL_NAMES.digestBucket);
    setEnv('queueUrl', 'in-process');
    setEnv('mailFrom', 'no-reply@kagi.local');
    setEnv('sesConfigurationSet', 'kagi-local');
    // aws-ses-v2-local has no quota; a production-like rate unless the environment says otherwise.
    process.env[ENV.sesSendRate] ??= '100';
    setEnv('publicBaseUrl', `http://127.0.0.1:${options.port}`);
    setEnv('totpKey', totpKeyFor(options.dataDir));

    await Promise.all([ensureTable(), ensureQueueTable(), ensureBucket([`http://127.0.0.1:${options.port}`, `http://localhost:${options.port}`])]);
    const { userPoolId, clientId } = await ensureUserPool();
    setEnv('userPoolId', userPoolId);
    setEnv('userPoolClientId', clientId);

    // Jobs run in this process, through the same worker and dead-letter handlers SQS would invoke,
    // from a queue kept in DynamoDB Local: chunks queued when the process died are resumed.
    const { createLocalQueue } = await import('../../functions/adapters/queue/local-queue.js');
    const { createLocalQueueStore } = await import('../../functions/adapters/queue/local-queue-store.js');
    const { useLocalQueue } = await import('../../functions/adapters/queue/job-queue.js');
    const { WORKER_CONCURRENCY } = await import('../../functions/core/jobs/queue.js');
    const { clock, useClock } = await import('../../functions/wiring/clock.js');
    // Every chunk runs in this one process, so the worker's paced senders are shared by all of them,
    // and a chunk more in flight costs only its wait. Twice SQS's slots keep every quota busy when
    // jobs of several kinds share them: with 5 slots and 20 jobs, PDF chunks held a single slot at
    // times and left Cognito idle while that chunk drew its pages (about 45 employees a second
    // against 50). The share stays the whole quota either way.
    const localChunks = 2 * WORKER_CONCURRENCY;
    process.env[ENV.chunksPerProcess] = String(localChunks);
    const queue = createLocalQueue({
      store: createLocalQueueStore(LOCAL_NAMES.queueTable),
      handlers: {
        jobs: async () => (await import('../../functions/jobs/worker.js')).handler,
        'dead-letters': async () => (await import('../../functions/jobs/dead-letters.js')).handler,
      },
      clock,
      concurrency: localChunks,
      log,
    });
    useLocalQueue(queue);

    // SES publishes delivery events through the configuration set; locally the same events
    // (mailbox-simulator behaviour) go to the same handler, one after another as EventBridge would.
    const { onMailSent } = await import('../../functions/adapters/ses/mailer.js');
    const { simulatedEvents } = await import('./ses-events.js');
    const { inCallScope } = await import('../../functions/adapters/call-counter.js');
    let mailEvents = Promise.resolve();
    onMailSent((sent) => {
      const events = sent.flatMap((s) => simulatedEvents(s, process.env[ENV.sesConfigurationSet] ?? '', clock.now()));
      // Its own function in AWS: its calls are not the worker's.
      mailEvents = mailEvents.then(() =>
        inCallScope('mail-events', async () => {
          const { handler } = await import('../../functions/jobs/mail-events.js');
          for (const event of events) await handler(event).catch((error: unknown) => log(`mail event failed: ${String(error)}`));
        }),
      );
    });
    // The EventBridge bus of clock events (PC logon client): a JSONL file in the data folder.
    const { createLocalClockBus } = await import('./clock-bus.js');
    const { useLocalClockBus } = await import('../../functions/adapters/eventbridge/clock-bus.js');
    const clockEvents = createLocalClockBus(join(options.dataDir, 'clock-events.jsonl'));
    useLocalClockBus(clockEvents);
    let clockOffsetMs = 0;
    if (options.testControls) useClock({ now: () => new Date(Date.now() + clockOffsetMs) });
    const { dynamo, s3, cognito, ses } = await import('../../functions/adapters/aws-clients.js');
    const faults = options.testControls ? createFaultInjector([dynamo(), s3(), cognito(), ses()]) : undefined;

    // EventBridge Scheduler's one-time schedules (registration-password expiry): fired by the timer below.
    const { createLocalSchedules } = await import('./schedules.js');
    const { useLocalSchedules } = await import('../../functions/adapters/scheduler/one-time.js');
    const localSchedules = createLocalSchedules(join(options.dataDir, 'schedules.json'), async (payload) =>
      inCallScope('registration-expiry', async () => (await import('../../functions/jobs/registration-expiry.js')).handler(payload)),
    );
    useLocalSchedules(localSchedules.schedules);
    const runSchedules = () => localSchedules.runDue(clock.now());

    const demoPassword = demoPasswordFor(options.dataDir, options.demoPassword);
    if (await seedCompany('demo', '株式会社デモ', demoEmployees(), demoPassword)) log('Demo data created: company demo (株式会社デモ).');
    // A support operator to try the support console with (bin/create-support.ts makes them in AWS).
    await seedSupport(LOCAL_SUPPORT_LOGIN, 'サポート担当', demoPassword, { permanent: true });

    const api = await startApiServer({
      port: options.port,
      webDir: join(import.meta.dirname, '..', '..', 'web', 'dist'),
      webConfig: { apiBaseUrl: '' },
      ...(options.testControls
        ? {
            controls: {
              setClockOffset: (ms: number) => void (clockOffsetMs = ms),
              setFaults: (list: Fault[]) => faults!.set(list),
              clockEvents: () => clockEvents.published(),
              sweep: async () => ({ ...(await (await import('../../functions/jobs/sweep.js')).handler()), schedules: await runSchedules() }),
              idle: async () => {
                await queue.idle();
                await mailEvents;
              },
            },
          }
        : {}),
      jwt: {
        issuer: `${standIns.endpoints.cognito}/${userPoolId}`,
        audience: clientId,
        jwksUrl: `${standIns.endpoints.cognito}/${userPoolId}/.well-known/jwks.json`,
      },
    });

    const resumed = await queue.start();
    if (resumed > 0) log(`Resumed ${resumed} queued job message(s) left by the previous run.`);

    const { handler: sweep } = await import('../../functions/jobs/sweep.js');
    const timer = setInterval(() => {
      sweep().catch((error: unknown) => log(`sweep failed: ${String(error)}`));
      runSchedules().catch((error: unknown) => log(`schedule failed: ${String(error)}`));
    }, options.sweepIntervalMs ?? 60_000);
    timer.unref();

    return {
      url: api.url,
      mailViewerUrl: standIns.endpoints.ses,
      endpoints: standIns.endpoints,
      userPoolId,
      clientId,
      demoPassword,
      jobsIdle: () => queue.idle(),
      async stop() {
        clearInterval(timer);
        queue.stop();
        await api.close();
        await standIns.stop();
      },
    };
  } catch (e) {
    await standIns.stop();
    throw e;
  }
}

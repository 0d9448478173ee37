import { WORKER_CONCURRENCY } from '../../core/jobs/queue.js';
import type { Clock } from '../../core/shared/ports.js';
import { createRateLimiter, underQuota, type RateLimiter, type Sleep } from '../../core/shared/rate-limiter.js';
import { optionalEnv } from '../../shared/env.js';

/**
 * Cognito user pools' request-rate quotas (requests a second, per account and Region, shared by
 * every user pool), as the quota page of the developer guide lists them by category. A customer
 * with a raised quota sets `KAGI_COGNITO_QUOTAS`, e.g. `UserCreation=100,UserUpdate=50`.
 * The bench's quota simulator (test/bench/simulator) reads the same table.
 * Source: https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html ("Amazon Cognito
 * user pools API operation categories and request rate quotas"; the rates are per account and
 * Region, for all its user pools, as that page says). On 2026-12-02 the stored copy we could read
 * stopped before the category table, so the rates and categories were not re-checked against it.
 */
export const COGNITO_QUOTAS = {
  UserCreation: 50,
  UserUpdate: 25,
  UserRead: 120,
  UserAuthentication: 120,
  UserPoolRead: 15,
} as const;
export type CognitoCategory = keyof typeof COGNITO_QUOTAS;

/** The category each operation kagi calls is counted in. */
export const COGNITO_CATEGORY: Readonly<Record<string, CognitoCategory>> = {
  AdminCreateUser: 'UserCreation',
  SignUp: 'UserCreation',
  AdminSetUserPassword: 'UserUpdate',
  AdminEnableUser: 'UserUpdate',
  AdminDisableUser: 'UserUpdate',
  AdminGetUser: 'UserRead',
  InitiateAuth: 'UserAuthentication',
  AdminInitiateAuth: 'UserAuthentication',
  RespondToAuthChallenge: 'UserAuthentication',
  DescribeUserPool: 'UserPoolRead',
  DescribeUserPoolClient: 'UserPoolRead',
};

/** Cognito's throttle, as the SDK surfaces it once its own retries gave up. */
export const isCognitoThrottle = (e: unknown) => e instanceof Error && (e.name === 'TooManyRequestsException' || e.name === 'ThrottlingException');

/** The configured quotas: the documented defaults, with `KAGI_COGNITO_QUOTAS` over them. */
export function cognitoQuotas(raw = optionalEnv('cognitoQuotas')): Record<CognitoCategory, number> {
  const quotas: Record<CognitoCategory, number> = { ...COGNITO_QUOTAS };
  for (const part of (raw ?? '').split(',')) {
    const [name, value] = part.split('=').map((x) => x.trim());
    if (name && name in quotas && Number(value) > 0) quotas[name as CognitoCategory] = Number(value);
  }
  return quotas;
}

/** Runs one Cognito call of a category under its quota (see paceCognitoClient). */
export type CognitoPace = <T>(category: CognitoCategory, call: () => Promise<T>) => Promise<T>;

export interface CognitoPacerOptions {
  clock: Clock;
  sleep: Sleep;
  quotas?: Record<CognitoCategory, number>;
  /**
   * This process's share of the account's quota. Why a share and not a DynamoDB-backed bucket:
   * the job queue's event source runs at most WORKER_CONCURRENCY workers at once, each on one
   * chunk, so quota × chunks-this-process-runs ÷ WORKER_CONCURRENCY summed over every instance
   * never passes the quota, costs no call, and needs no hot item that every call would update.
   * What it gives up — the rate of the workers that sit idle at the end of a job — is the tail of
   * one chunk. Locally one process runs all WORKER_CONCURRENCY chunks, so its share is the whole
   * quota. The limiter's adaptation covers what the share cannot know of (the API's own calls, a
   * quota configured higher than the account has).
   */
  share?: number;
  /** Told of every throttled attempt (the SDK's retries included). */
  onThrottle?: (category: CognitoCategory) => void;
}

/**
 * A limiter starts with a fifth of a second's worth of calls, not a full second's: configured
 * above the real quota (a wrong setting, the API's calls beside the job), a full bucket opens
 * with a burst the service throttles wholesale; at the quota it costs under a second per process.
 */
const START_SECONDS = 0.2;

/** The share of this process: chunks it runs at once ÷ chunks the deployment runs at once. */
export function workerShare(): number {
  return Math.min(1, Number(optionalEnv('chunksPerProcess') ?? 1) / WORKER_CONCURRENCY);
}

type Next = (args: unknown) => Promise<unknown>;
interface Stack {
  add(mw: (next: Next, context: { commandName?: string }) => Next, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void;
}

/**
 * Paces a Cognito client: one limiter per quota category, shared by every chunk this process
 * runs. The middleware sits inside the SDK's retry loop, so every attempt — the SDK's own
 * retries of a throttle too — waits its turn, and every throttle and every success reaches the
 * limiter that adapts to them. Only the job workers' client is paced; the API's stays direct.
 */
export function paceCognitoClient<C extends { middlewareStack: unknown }>(client: C, { clock, sleep, quotas = cognitoQuotas(), share = workerShare(), onThrottle }: CognitoPacerOptions): C & { limiters: Record<CognitoCategory, RateLimiter> } {
  const limiters = Object.fromEntries(
    (Object.keys(quotas) as CognitoCategory[]).map((c) => [c, createRateLimiter({ ratePerSecond: quotas[c] * share, clock, sleep, startSeconds: START_SECONDS })]),
  ) as Record<CognitoCategory, RateLimiter>;
  (client.middlewareStack as Stack).add(
    (next, context) => async (args) => {
      const category = COGNITO_CATEGORY[String(context.commandName ?? '').replace(/Command$/, '')];
      const limiter = category ? limiters[category] : undefined;
      if (!limiter) return next(args);
      await limiter.take();
      const takenAt = clock.now().getTime();
      try {
        const out = await next(args);
        limiter.succeeded(1, takenAt);
        return out;
      } catch (e) {
        if (isCognitoThrottle(e)) {
          limiter.throttled(takenAt);
          onThrottle?.(category!);
        } else if (e instanceof Error && '$metadata' in e) {
          // A real answer (UsernameExists, UserNotFound …) was still a call the service took.
          limiter.succeeded(1, takenAt);
        }
        throw e;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'kagiQuotaPacer' },
  );
  return Object.assign(client, { limiters });
}

/**
 * Calls of a paced client that stay throttled after the SDK's own retries are tried again after
 * a backoff, until a real answer; past `maxWaitMs` QuotaWaitExceeded fails the chunk (the queue
 * runs it again), never the employee.
 */
export function retryThrottles({ clock, sleep }: { clock: Clock; sleep: Sleep }): CognitoPace {
  return (category, call) => underQuota(call, { isThrottle: isCognitoThrottle, clock, sleep, name: `Cognito ${category}` });
}

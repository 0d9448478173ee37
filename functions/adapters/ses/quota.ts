import { WORKER_CONCURRENCY } from '../../core/jobs/queue.js';
import { createSendLimiter, type Sleep } from '../../core/mail/mailer.js';
import type { Clock } from '../../core/shared/ports.js';
import type { RateLimiter } from '../../core/shared/rate-limiter.js';
import { optionalEnv, sesSendRate } from '../../shared/env.js';

/**
 * This process's share of the account's SES send rate (recipients a second): the chunks it runs
 * at once ÷ the chunks the deployment runs at once, as for Cognito (adapters/cognito/quota.ts
 * says why a share rather than a DynamoDB-backed bucket).
 */
export function sesSendShare(): number {
  return (sesSendRate() / WORKER_CONCURRENCY) * Math.min(WORKER_CONCURRENCY, Number(optionalEnv('chunksPerProcess') ?? 1));
}

let shared: RateLimiter | undefined;

/**
 * The process's one limiter of the SES send rate, shared by every chunk and job that sends: made
 * at the first call from `KAGI_SES_SEND_RATE`. Its `configure` takes a new rate (the bench sets
 * it above the simulated account's, to measure how fast the limiter finds the real one).
 */
export function sesSendLimiter({ clock, sleep }: { clock: Clock; sleep: Sleep }): RateLimiter {
  shared ??= createSendLimiter({ ratePerSecond: sesSendShare(), clock, sleep });
  return shared;
}

import { createJobStore } from '../adapters/dynamodb/job-store.js';
import { jobQueue } from '../adapters/queue/job-queue.js';
import { createJobFiles } from '../adapters/s3/job-files.js';
import { createRegistrationExpiry, type RegistrationExpiryPayload } from '../core/registration/issuance.js';
import { logger } from '../shared/logger.js';

const expiry = createRegistrationExpiry({ jobs: createJobStore(), files: createJobFiles(), queue: jobQueue() });

/** Invoked by a batch's one-time EventBridge Scheduler schedule (locally: by the runtime's timer). */
export async function handler(event: RegistrationExpiryPayload): Promise<{ chunks: number }> {
  if (event?.kind !== 'registration-expiry' || typeof event.companyId !== 'string' || typeof event.jobId !== 'string' || (event.phase !== 'expire' && event.phase !== 'reset')) {
    logger.warn('Not a registration-expiry event; ignored');
    return { chunks: 0 };
  }
  const result = await expiry.run(event);
  logger.info('Registration passwords expire', { jobId: event.jobId, phase: event.phase, ...result });
  return result;
}

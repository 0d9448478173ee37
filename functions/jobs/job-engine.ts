import { getEmployees } from '../adapters/dynamodb/employee-store.js';
import { createImportStore } from '../adapters/dynamodb/import-store.js';
import { createClaimRelease } from '../adapters/dynamodb/employee-claims.js';
import { createJobStore } from '../adapters/dynamodb/job-store.js';
import { createJobWatch } from '../adapters/dynamodb/job-watch.js';
import { createUnsentMarkerRelease } from '../adapters/dynamodb/mail-store.js';
import { jobQueue } from '../adapters/queue/job-queue.js';
import { createImportRowsFile } from '../adapters/s3/import-rows-file.js';
import { createAuditExportEnding } from '../core/audit/export.js';
import { createImportEnding } from '../core/imports/ending.js';
import { createBulkJobEnding, type HeldByJob } from '../core/jobs/ending.js';
import { createJobEngine, type JobEnding } from '../core/jobs/engine.js';
import type { QueuedJobKind } from '../core/jobs/job.js';
import { clock } from '../wiring/clock.js';
import { logger } from '../shared/logger.js';

/**
 * How each kind of job ends when its chunks never ran: what its rows are, and what it holds on
 * employees that must be let go. A kind of job is added here, or it does not compile.
 */
function jobEndings(): Record<QueuedJobKind, JobEnding> {
  const jobs = createJobStore();
  const bulk = (...held: HeldByJob[]) => createBulkJobEnding({ jobs, employees: getEmployees, held });
  const passwordClaims = createClaimRelease('password');
  const unsentMails = createUnsentMarkerRelease();
  return {
    'pdf-issuance': bulk(passwordClaims),
    'passcode-issuance': bulk(createClaimRelease('passcode')),
    'mail-request': bulk(passwordClaims, unsentMails),
    'mail-notice': bulk(passwordClaims, unsentMails),
    // Its chunks that never ran drew no password (only a recorded chunk stores hashes): only the claims go.
    'registration-codes': bulk(createClaimRelease('registration')),
    'audit-export': createAuditExportEnding({ jobs }),
    // A chunk's moves are written only with its record: a chunk that never ran holds nothing.
    'group-assignment': bulk(),
    'employee-import': createImportEnding({ imports: createImportStore(), rowsFile: createImportRowsFile() }),
  };
}

/** The job engine of the worker, the dead-letter consumer and the sweep. */
export const jobEngine = () => createJobEngine({ watch: createJobWatch(), endings: jobEndings(), queue: jobQueue(), clock, log: logger });

import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createJobStore } from '../adapters/dynamodb/job-store.js';
import { createIssuanceTargets } from '../adapters/dynamodb/issuance-targets.js';
import { createUserPoolAdmin } from '../adapters/cognito/user-pool.js';
import { paceCognitoClient, retryThrottles } from '../adapters/cognito/quota.js';
import { jobCognito } from '../adapters/clients/cognito.js';
import { createJobFiles } from '../adapters/s3/job-files.js';
import { createPdfIssuanceWorker } from '../core/issuance/pdf-issuance.js';
import type { QueueMessage } from '../core/jobs/queue.js';
import { clock, ids } from '../wiring/clock.js';
import { importService } from '../wiring/employees.js';
import { registrationUrls } from '../wiring/registration.js';
import { settingsService } from '../wiring/settings.js';
import { requireEnv } from '../shared/env.js';
import { logger } from '../shared/logger.js';
import { createNoticeFile } from './pdf/notice-file.js';
import { createPasscodeNoticeFile } from './pdf/passcode-file.js';
import { createPasscodeIssuanceWorker } from '../core/issuance/passcode-issuance.js';
import { createPasscodeJobStore, createPasscodeTargets } from '../adapters/dynamodb/passcode-store.js';
import { createMailIssuanceWorker } from '../core/issuance/mail-issuance.js';
import { createLinkStore, createMailHistory } from '../adapters/dynamodb/mail-store.js';
import { createSesMailer } from '../adapters/ses/mailer.js';
import { sesSendLimiter, sesSendShare } from '../adapters/ses/quota.js';
import { createPacedMailer, realSleep } from '../core/mail/mailer.js';
import { createRegistrationWorker } from '../core/registration/issuance.js';
import { createCsvLinks, createRegistrationJobStore, createRegistrationTargets } from '../adapters/dynamodb/registration-store.js';
import { oneTimeSchedules } from '../adapters/scheduler/one-time.js';
import { createLetterFile } from './pdf/letter-file.js';
import { createAuditExportWorker } from '../core/audit/export.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import type { QueuedJobKind } from '../core/jobs/job.js';
import { jobEngine } from './job-engine.js';
import { createGroupAssignmentWorker } from '../core/groups/assignment.js';
import { createAssignmentJobStore, createAssignmentReads } from '../adapters/dynamodb/group-store.js';

const imports = importService();
// Issue 13: every Cognito call of the workers keeps to this process's share of the account's quotas.
paceCognitoClient(jobCognito(), { clock, sleep: realSleep });
const users = createUserPoolAdmin({ client: jobCognito, pace: retryThrottles({ clock, sleep: realSleep }) });
const settings = settingsService();
const issuance = createPdfIssuanceWorker({
  publicBaseUrl: requireEnv('publicBaseUrl'),
  jobs: createJobStore(),
  targets: createIssuanceTargets(),
  credentials: { setTemporaryPassword: (accountId, companyId, password, hasUser) => users.setPassword(accountId, companyId, password, false, hasUser) },
  notices: createNoticeFile(),
  files: createJobFiles(),
  settings: (companyId) => settings.current(companyId),
  clock,
  ids,
});
const passcodes = createPasscodeIssuanceWorker({
  jobs: createPasscodeJobStore(),
  targets: createPasscodeTargets(),
  notices: createPasscodeNoticeFile(),
  files: createJobFiles(),
  clock,
  ids,
});

const mail = createMailIssuanceWorker({
  jobs: createJobStore(),
  targets: createIssuanceTargets(),
  history: createMailHistory(),
  links: createLinkStore(),
  credentials: {
    setTemporaryPassword: (accountId, companyId, password, hasUser) => users.setPassword(accountId, companyId, password, false, hasUser),
    // Reissue (A) only revokes accounts that were issued, so they have their user.
    revokePassword: (accountId, companyId) => users.revokePassword(accountId, companyId, true),
  },
  mailer: createSesMailer(),
  settings: (companyId) => settings.current(companyId),
  publicBaseUrl: requireEnv('publicBaseUrl'),
  // Chunks run side by side: each keeps to its share of the account's rate, and the chunks this
  // process runs at once (one per Lambda instance; all of them in the local process) share one sender.
  sendRatePerSecond: sesSendShare(),
  limiter: sesSendLimiter({ clock, sleep: realSleep }),
  clock,
  ids,
  sleep: realSleep,
});

const registration = createRegistrationWorker({
  publicBaseUrl: requireEnv('publicBaseUrl'),
  jobs: createRegistrationJobStore(),
  targets: createRegistrationTargets(),
  urls: registrationUrls(),
  letters: createLetterFile(),
  files: createJobFiles(),
  csvLinks: createCsvLinks(),
  schedules: oneTimeSchedules(),
  // The CSV link mail keeps to the same SES send rate as the issuance jobs' mails (one limiter).
  mailer: createPacedMailer({ mailer: createSesMailer(), limiter: sesSendLimiter({ clock, sleep: realSleep }), ratePerSecond: sesSendShare(), clock, sleep: realSleep }),
  settings: (companyId) => settings.current(companyId),
  clock,
  ids,
});
const auditExport = createAuditExportWorker({ reader: createAuditStore(), jobs: createJobStore(), files: createJobFiles(), clock, ids });

const groupAssignment = createGroupAssignmentWorker({ jobs: createAssignmentJobStore(), reads: createAssignmentReads(), clock, ids });

const engine = jobEngine();

/** How each kind of job ends once every chunk is recorded (its file, its audit entry). */
const finishers: Record<QueuedJobKind, (companyId: string, jobId: string) => Promise<void>> = {
  'employee-import': imports.finish,
  'pdf-issuance': issuance.finish,
  'passcode-issuance': passcodes.finish,
  'mail-request': mail.finish,
  'mail-notice': mail.finish,
  'registration-codes': registration.finish,
  'audit-export': auditExport.finish,
  'group-assignment': groupAssignment.finish,
};

async function run(message: QueueMessage): Promise<void> {
  switch (message.kind) {
    case 'job-finish':
      return finishers[message.job.kind](message.job.companyId, message.job.jobId);
    case 'employee-import-chunk':
      return imports.processChunk(message);
    case 'pdf-issuance-chunk':
      return issuance.processChunk(message);
    case 'passcode-issuance-chunk':
      return passcodes.processChunk(message);
    case 'mail-request-chunk':
    case 'mail-notice-chunk':
      return mail.processChunk(message);
    case 'registration-codes-chunk':
      return registration.processChunk(message);
    case 'registration-expiry-chunk':
      return registration.expireChunk(message);
    case 'audit-export-chunk':
      return auditExport.processChunk(message);
    case 'group-assignment-chunk':
      return groupAssignment.processChunk(message);
    default:
      throw new Error(`Unknown job kind ${String((message as { kind?: unknown }).kind)}`);
  }
}

/**
 * One SQS message = one chunk of a job (or the end of one). A failed chunk is reported back and
 * delivered again by SQS; after DELIVERY_LIMIT deliveries it goes to the dead-letter queue.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await engine.deliver(JSON.parse(record.body) as QueueMessage, run);
    } catch (error) {
      logger.error('Chunk failed', { error: error as Error, messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createJobStore } from '../adapters/dynamodb/job-store.js';
import { createIssuanceTargets } from '../adapters/dynamodb/issuance-targets.js';
import { createUserPoolAdmin } from '../adapters/cognito/user-pool.js';
import { createJobFiles } from '../adapters/s3/job-files.js';
import { createPdfIssuanceWorker } from '../core/issuance/pdf-issuance.js';
import type { QueueMessage } from '../core/jobs/queue.js';
import { clock, ids, importService, settingsService } from '../http/composition.js';
import { requireEnv } from '../shared/env.js';
import { logger } from '../shared/logger.js';
import { createNoticeFile } from './pdf/notice-file.js';
import { createPasscodeNoticeFile } from './pdf/passcode-file.js';
import { createPasscodeIssuanceWorker } from '../core/issuance/passcode-issuance.js';
import { createPasscodeJobStore, createPasscodeTargets } from '../adapters/dynamodb/passcode-store.js';

const imports = importService();
const users = createUserPoolAdmin();
const settings = settingsService();
const issuance = createPdfIssuanceWorker({
  jobs: createJobStore(),
  targets: createIssuanceTargets(),
  credentials: { setTemporaryPassword: (accountId, companyId, password) => users.setPassword(accountId, companyId, password, false) },
  notices: createNoticeFile(`${requireEnv('publicBaseUrl')}/login`),
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

async function run(message: QueueMessage): Promise<void> {
  switch (message.kind) {
    case 'employee-import-chunk':
      return imports.processChunk(message);
    case 'pdf-issuance-chunk':
      return issuance.processChunk(message);
    case 'passcode-issuance-chunk':
      return passcodes.processChunk(message);
    default:
      throw new Error(`Unknown job kind ${String((message as { kind?: unknown }).kind)}`);
  }
}

/** One SQS message = one chunk of a job. A failed chunk is reported back and redelivered by SQS. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await run(JSON.parse(record.body) as QueueMessage);
    } catch (error) {
      logger.error('Chunk failed', { error: error as Error, messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

import { createSweeper } from '../core/sweep/sweeper.js';
import { StoreConflict } from '../core/shared/store-errors.js';
import { ENTITY } from '../adapters/dynamodb/keys.js';
import { createDueIndex } from '../adapters/dynamodb/due-index.js';
import { createImportStore } from '../adapters/dynamodb/import-store.js';
import { createImportRowsFile } from '../adapters/s3/import-rows-file.js';
import { chunkCount } from '../core/imports/employee-import.js';
import { auditCloser } from '../wiring/audit.js';
import { clock } from '../wiring/clock.js';
import { logger } from '../shared/logger.js';
import { expireLink } from '../adapters/dynamodb/verification-store.js';
import { watchedJob } from '../adapters/dynamodb/job-watch.js';
import { jobEngine } from './job-engine.js';

const imports = createImportStore();
const engine = jobEngine();
const rowsFile = createImportRowsFile();

const sweeper = createSweeper({
  index: createDueIndex(),
  clock,
  expirers: {
    /** An import preview nobody committed: mark it expired and drop its staged rows. */
    [ENTITY.employeeImport]: async ({ attributes }) => {
      const companyId = String(attributes.companyId);
      const importId = String(attributes.importId);
      try {
        await imports.transition(companyId, importId, 'previewed', 'expired');
      } catch (e) {
        if (!(e instanceof StoreConflict)) throw e;
        return;
      }
      await rowsFile.remove(companyId, importId, chunkCount({ progress: { done: 0, total: Number(attributes.progressTotal ?? 0) }, chunkRows: attributes.chunkRows === undefined ? undefined : Number(attributes.chunkRows) }));
    },
    /** A job with no sign of life for STALL_AFTER_MS: its chunks that never ran end as unprocessed, and the job ends. */
    [ENTITY.jobWatch]: async ({ attributes }, now) => {
      const job = watchedJob(attributes);
      // Its chunks were lost: someone should find out why (the worker-errors alarm counts this line).
      if (await engine.endStalled(job, now)) logger.error('Stalled job ended: its chunks that never ran are recorded as unprocessed', { ...job });
    },
    /** A verification link past its deadline: 認証待ち → 有効期限切れ, if it is still the newest. */
    [ENTITY.verificationLink]: async ({ attributes }, now) => {
      await expireLink(String(attributes.companyId), String(attributes.employeeId), String(attributes.digest), now);
    },
  },
});

/**
 * The daily close gets what is left of a run after expiry: the schedule fires every minute, and a
 * run that stays inside the minute never overlaps the next.
 */
const closer = auditCloser(40_000);

/** Invoked by the EventBridge Scheduler schedule (locally: by the runtime's timer). */
export async function handler(): Promise<{ expired: number; sealed: number }> {
  const result = await sweeper.sweep();
  if (result.expired > 0) logger.info('Sweep expired items', result);
  const closed = await closer.close();
  if (closed.sealed > 0) logger.info('Audit days sealed', closed);
  return { ...result, sealed: closed.sealed };
}

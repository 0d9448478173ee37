import type { EmployeeInput } from '../employees/employee.js';
import type { ImportIssue } from '../employees/csv/import-preview.js';
import type { StopReason } from '../jobs/job.js';

export type { ImportIssue };

export type ImportState = 'previewed' | 'committing' | 'done' | 'failed' | 'cancelled' | 'expired';

/** One previewed row as it will be saved. */
export interface ImportRow {
  line: number;
  value: EmployeeInput;
  /**
   * The preview found no employee with this code. The worker then writes it as a create without
   * reading first: the create's conditions refuse it if one appeared since, and it is read and
   * retried. Absent in rows saved before the field existed: read first.
   */
  create?: true;
}

/** A CSV import: the preview, then the background commit with its progress. */
export interface EmployeeImport {
  importId: string;
  companyId: string;
  state: ImportState;
  encoding: 'utf-8' | 'shift_jis';
  total: number;
  creates: number;
  updates: number;
  errorCount: number;
  warningCount: number;
  /** The first MAX_LISTED_ISSUES of each. */
  errors: ImportIssue[];
  warnings: ImportIssue[];
  progress: { done: number; total: number };
  succeeded: number;
  failed: number;
  /** The first MAX_LISTED_ISSUES rows that could not be saved at commit. */
  failedRows: ImportIssue[];
  createdBy: string;
  createdAt: string;
  /** A preview left alone this long is swept away. */
  expiresAt: string;
  finishedAt?: string;
  /** Why the job engine ended the commit early (the rows it never reached are failed rows). */
  stopReason?: StopReason;
  /** Rows per chunk, fixed at the preview (its rows are saved in chunks). Absent: LEGACY_CHUNK_ROWS. */
  chunkRows?: number;
}

export const MAX_LISTED_ISSUES = 300;
/**
 * A usual row is 3 items (the employee, its code's and its login ID's claims), so 33 rows and the
 * pack's counter update fill a transaction of 100, and 297 rows make 9 full ones. Each chunk also
 * costs about 8 calls of its own (its read, rows file, record, heartbeat, queue message): at 100
 * rows a chunk, its fourth transaction carried one row and those calls were 1 in 6 of the
 * import's; 10,000 rows are now 34 chunks, not 100 (in AWS, 34 worker invocations).
 */
export const CHUNK_ROWS = 297;
/** Rows per chunk of a preview saved before CHUNK_ROWS changed (its record has no chunkRows). */
export const LEGACY_CHUNK_ROWS = 100;
export const PREVIEW_VALID_HOURS = 24;

export const chunkRowsOf = (record: Pick<EmployeeImport, 'chunkRows'>) => record.chunkRows ?? LEGACY_CHUNK_ROWS;
/** How many chunks an import's rows are in. */
export const chunkCount = (record: Pick<EmployeeImport, 'chunkRows' | 'progress'>) => Math.ceil(record.progress.total / chunkRowsOf(record));

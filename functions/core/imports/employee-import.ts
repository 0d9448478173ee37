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
}

export const MAX_LISTED_ISSUES = 300;
export const CHUNK_ROWS = 100;
export const PREVIEW_VALID_HOURS = 24;

export const chunkCount = (rows: number) => Math.ceil(rows / CHUNK_ROWS);

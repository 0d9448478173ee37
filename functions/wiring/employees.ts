import { createEmployeeService } from '../core/employees/service.js';
import { createExportService } from '../core/employees/export-service.js';
import { createImportService } from '../core/imports/service.js';
import { createUserPoolAdmin } from '../adapters/cognito/user-pool.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createEmployeeStore } from '../adapters/dynamodb/employee-store.js';
import { createImportStore } from '../adapters/dynamodb/import-store.js';
import { createImportTarget } from '../adapters/dynamodb/import-target.js';
import { jobQueue } from '../adapters/queue/job-queue.js';
import { createImportRowsFile } from '../adapters/s3/import-rows-file.js';
import { clock, ids } from './clock.js';

/** 社員一覧 and the account's own profile: employees and their Cognito users. */
export const employeeService = () => createEmployeeService({ store: createEmployeeStore(), identity: createUserPoolAdmin(), clock, ids });

/** The CSV import: its preview and commit (the API), its chunks and ending (the worker). */
export const importService = () =>
  createImportService({
    imports: createImportStore(),
    rowsFile: createImportRowsFile(),
    target: createImportTarget(),
    queue: jobQueue(),
    audit: createAuditStore(),
    clock,
    ids,
  });

export const exportService = () => createExportService({ source: createImportTarget(), audit: createAuditStore(), clock, ids });

import { createAuditExportService } from '../core/audit/export.js';
import { createSavedSearchService } from '../core/audit/saved-searches.js';
import { createAuditCloser, createAuditVerifier } from '../core/audit/seal.js';
import { createAuditService } from '../core/audit/service.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createAuditCounter } from '../adapters/dynamodb/audit-count.js';
import { createAuditSealStore, createCloseProgress } from '../adapters/dynamodb/audit-seal-store.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { listCompanies } from '../adapters/dynamodb/company-list.js';
import { createGroupDirectory } from '../adapters/dynamodb/group-directory.js';
import { createJobStore } from '../adapters/dynamodb/job-store.js';
import { createSavedSearchStore } from '../adapters/dynamodb/saved-search-store.js';
import { jobQueue } from '../adapters/queue/job-queue.js';
import { createAuditDigestFiles } from '../adapters/s3/audit-digests.js';
import { clock, ids } from './clock.js';
import { settingsService } from './settings.js';

/** ログ表示: search (admins and viewers); export, saved searches, verify and the daily close below. */
export const auditService = () => {
  const directory = createAccountDirectory();
  const settings = settingsService();
  const groups = createGroupDirectory();
  return createAuditService({
    reader: createAuditStore(),
    counter: createAuditCounter(),
    accounts: { accountIdByLogin: async (companyId, loginId) => (await directory.employeeByLoginId(companyId, loginId))?.id },
    settings: (companyId) => settings.current(companyId),
    // A member's own history is shown in their group's time zone (issue 12, item 9).
    userZone: async (companyId, accountId) => (await groups.groupOfEmployee(companyId, accountId))?.timeZone,
    clock,
  });
};

export const auditExportService = () => createAuditExportService({ prepare: auditService().prepare, jobs: createJobStore(), queue: jobQueue(), clock, ids });

export const savedSearchService = () => createSavedSearchService({ store: createSavedSearchStore(), clock, ids });

const auditSeals = () => createAuditSealStore(createAuditDigestFiles());

export const auditVerifier = () => {
  const settings = settingsService();
  return createAuditVerifier({ store: auditSeals(), settings: (companyId) => settings.current(companyId), audit: createAuditStore(), clock, ids });
};

/** The daily close of every company's log (the sweep), within `budgetMs` a run. */
export const auditCloser = (budgetMs: number) =>
  createAuditCloser({ store: auditSeals(), companies: { page: listCompanies }, progress: createCloseProgress(), clock, budgetMs });

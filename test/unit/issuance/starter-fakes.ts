import type { EmployeeIdDirectory } from '../../../functions/core/jobs/launch.js';

/**
 * The worker tests start jobs for ids that exist when the job starts and may be gone (deleted)
 * by the time a chunk runs: that is how a worker meets a `not-found` employee.
 */
export const everyIdExisted: EmployeeIdDirectory = { existing: async (_companyId, ids) => new Set(ids) };

import { createGroupAssignmentStarter, type MatchingEmployees } from '../core/groups/assignment.js';
import { createGroupService } from '../core/groups/service.js';
import { createEmployeeIdDirectory, createEmployeeStore } from '../adapters/dynamodb/employee-store.js';
import { createAssignmentJobStore, createGroupStore } from '../adapters/dynamodb/group-store.js';
import { jobQueue } from '../adapters/queue/job-queue.js';
import { clock, ids } from './clock.js';

/** グループ設定: the groups, and the bulk job that moves employees into or out of one. */
export const groupService = () => createGroupService({ store: createGroupStore(), clock, ids });

export const groupAssignmentStarter = () => {
  const employees = createEmployeeStore();
  /** Everyone a list filter matches: the list's own query, page after page (its cursor), up to `max`. */
  const matching: MatchingEmployees = async (companyId, filter, max) => {
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await employees.list(companyId, { ...filter, limit: 200, cursor });
      found.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && found.length < max);
    return found.slice(0, max);
  };
  return createGroupAssignmentStarter({ jobs: createAssignmentJobStore(), groups: createGroupStore(), directory: createEmployeeIdDirectory(), matching, queue: jobQueue(), clock, ids });
};

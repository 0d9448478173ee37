import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Employee } from '../../core/employees/employee.js';
import type { AssignmentJobStore, AssignmentReads } from '../../core/groups/assignment.js';
import { GroupConflict, groupNameKey, type GroupConflictReason, type GroupRecord, type GroupStore } from '../../core/groups/service.js';
import { dynamo } from '../clients/dynamodb.js';
import { employeeFromItem } from './employee-store.js';
import { groupOfItem } from './group-directory.js';
import { memberCountUpdate } from './group-members.js';
import { createJobStore, recordChunk } from './job-store.js';
import { ENTITY, GROUP_PREFIX, groupsPk, keys } from './keys.js';
import { auditPut, tableName, transact, type TransactItem } from './table.js';

// A company's groups share one partition (keys.ts): the group items (GROUP#<gid>), a claim per
// name key (GROUPNAME#<key>: names are unique per company) and the count of groups (#GROUPCOUNT),
// so a create, a rename and a delete each keep all three right in one transaction.
const nameKey = (companyId: string, name: string) => keys.groupName(companyId, groupNameKey(name));
const countKey = (companyId: string) => keys.groupCount(companyId);

/** A stored group with its member count; an item that is only a stray count (no name) is none. */
function recordOfItem(item: Record<string, unknown>): GroupRecord | undefined {
  if (typeof item.name !== 'string') return undefined;
  return { ...groupOfItem(item), memberCount: Math.max(0, Number(item.memberCount ?? 0)) };
}

function groupItem(g: GroupRecord): Record<string, unknown> {
  return {
    ...keys.group(g.companyId, g.groupId), entity: ENTITY.group, companyId: g.companyId, name: g.name, firstFactor: g.firstFactor, secondFactor: g.secondFactor,
    timeZone: g.timeZone, language: g.language, createdAt: g.createdAt, updatedAt: g.updatedAt, version: g.version, memberCount: g.memberCount,
  };
}

const namePut = (g: GroupRecord): TransactItem => ({
  Put: { TableName: tableName(), Item: { ...nameKey(g.companyId, g.name), entity: ENTITY.unique, groupId: g.groupId }, ConditionExpression: 'attribute_not_exists(pk)' },
});
const nameDelete = (g: GroupRecord): TransactItem => ({
  Delete: { TableName: tableName(), Key: nameKey(g.companyId, g.name), ConditionExpression: 'attribute_not_exists(pk) OR groupId = :gid', ExpressionAttributeValues: { ':gid': g.groupId } },
});

/** A group write in one transaction; a refused condition becomes the GroupConflict its item meant (`reasons[i]`). */
const groupWrite = (items: TransactItem[], reasons: Array<GroupConflictReason | undefined>): Promise<void> =>
  transact(items, reasons, (reason) => new GroupConflict(reason ?? 'version'));

export function createGroupStore(): GroupStore {
  const db = dynamo();
  return {
    async list(companyId) {
      const groups: GroupRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          // Consistent: a group made a moment ago is one an assignment chunk must find.
          new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)', ExpressionAttributeValues: { ':pk': groupsPk(companyId), ':g': GROUP_PREFIX }, ExclusiveStartKey: startKey, ConsistentRead: true }),
        );
        for (const item of out.Items ?? []) {
          const g = recordOfItem(item);
          if (g) groups.push(g);
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return groups;
    },

    async get(companyId, groupId) {
      if (!groupId || groupId.length > 64) return undefined;
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.group(companyId, groupId), ConsistentRead: true }));
      return out.Item ? recordOfItem(out.Item) : undefined;
    },

    async create(group, max, audit) {
      await groupWrite(
        [
          { Put: { TableName: tableName(), Item: groupItem(group), ConditionExpression: 'attribute_not_exists(pk)' } },
          namePut(group),
          {
            Update: {
              TableName: tableName(), Key: countKey(group.companyId), UpdateExpression: 'ADD #groups :one',
              ConditionExpression: 'attribute_not_exists(#groups) OR #groups < :max', ExpressionAttributeNames: { '#groups': 'groups' }, ExpressionAttributeValues: { ':one': 1, ':max': max },
            },
          },
          auditPut(audit),
        ],
        ['name', 'name', 'limit', undefined],
      );
    },

    async update(before, after, audit) {
      const renamed = groupNameKey(before.name) !== groupNameKey(after.name);
      const items: TransactItem[] = [
        {
          Update: {
            TableName: tableName(), Key: keys.group(after.companyId, after.groupId),
            UpdateExpression: `SET #name = :name, firstFactor = :first, #timeZone = :tz, #language = :lang, updatedAt = :at, #version = :next${after.secondFactor ? ', secondFactor = :second' : ''}${after.secondFactor ? '' : ' REMOVE secondFactor'}`,
            ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
            ExpressionAttributeNames: { '#name': 'name', '#timeZone': 'timeZone', '#language': 'language', '#version': 'version' },
            ExpressionAttributeValues: {
              ':name': after.name, ':first': after.firstFactor, ':tz': after.timeZone, ':lang': after.language, ':at': after.updatedAt, ':next': after.version, ':expected': before.version,
              ...(after.secondFactor ? { ':second': after.secondFactor } : {}),
            },
          },
        },
        ...(renamed ? [nameDelete(before), namePut(after)] : []),
        auditPut(audit),
      ];
      await groupWrite(items, ['version', ...(renamed ? (['name', 'name'] as const) : []), undefined]);
    },

    async remove(before, audit) {
      await groupWrite(
        [
          {
            Delete: {
              TableName: tableName(), Key: keys.group(before.companyId, before.groupId),
              // The count is moved with every member's groupId: a delete racing an assignment cannot strand anyone.
              ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(memberCount) OR memberCount <= :zero)',
              ExpressionAttributeValues: { ':zero': 0 },
            },
          },
          nameDelete(before),
          { Update: { TableName: tableName(), Key: countKey(before.companyId), UpdateExpression: 'ADD #groups :minus', ExpressionAttributeNames: { '#groups': 'groups' }, ExpressionAttributeValues: { ':minus': -1 } } },
          auditPut(audit),
        ],
        ['members', undefined, undefined, undefined],
      );
    },
  };
}

/** Employees by id as they are now (consistent reads: a chunk writes on the versions it read). */
async function currentEmployees(companyId: string, ids: string[]): Promise<Employee[]> {
  const found: Employee[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
      [tableName()]: { Keys: ids.slice(i, i + 100).map((id) => keys.employee(companyId, id)), ConsistentRead: true },
    };
    while (request && Object.keys(request).length > 0) {
      const out = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(out.Responses?.[tableName()] ?? []).map(employeeFromItem));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

export function createAssignmentReads(): AssignmentReads {
  const store = createGroupStore();
  return { employees: currentEmployees, groups: (companyId) => store.list(companyId) };
}

/** The job store of group assignment: a chunk's moves, audit entries and member counts in its record. */
export function createAssignmentJobStore(): AssignmentJobStore {
  const jobs = createJobStore();
  return {
    create: jobs.create,
    get: jobs.get,
    targets: jobs.targets,
    chunkDone: jobs.chunkDone,
    claimFinalize: jobs.claimFinalize,
    releaseFinalize: jobs.releaseFinalize,
    complete: jobs.complete,

    async recordAssignmentChunk(companyId, jobId, chunk, { to, moves, audits, results, at }) {
      const moved: TransactItem[] = moves.map((m) => ({
        Update: {
          TableName: tableName(), Key: keys.employee(companyId, m.employeeId),
          UpdateExpression: `SET #version = :next, updatedAt = :at${to !== null ? ', groupId = :to' : ' REMOVE groupId'}`,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleted) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':next': m.version + 1, ':expected': m.version, ':at': at, ...(to !== null ? { ':to': to } : {}) },
        },
      }));
      const leaving = new Map<string, number>();
      for (const m of moves) if (m.from) leaving.set(m.from, (leaving.get(m.from) ?? 0) + 1);
      const counts: TransactItem[] = [
        ...(to !== null && moves.length > 0 ? [memberCountUpdate(companyId, to, moves.length, true)] : []),
        ...[...leaving].map(([groupId, n]) => memberCountUpdate(companyId, groupId, -n)),
      ];
      return recordChunk(companyId, jobId, chunk, results, moves, false, [...moved, ...audits.map(auditPut), ...counts], undefined);
    },
  };
}

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { FACTORS, GROUP_LANGUAGES, type Factor, type Group, type GroupDirectory, type GroupLanguage } from '../../core/groups/group.js';
import { DEFAULT_TIME_ZONE } from '../../core/shared/time-zone.js';
import { dynamo } from '../clients/dynamodb.js';
import { GROUP_PREFIX, keys } from './keys.js';
import { tableName } from './table.js';

const isFactor = (v: unknown): v is Factor => (FACTORS as readonly unknown[]).includes(v);
const isLanguage = (v: unknown): v is GroupLanguage => (GROUP_LANGUAGES as readonly unknown[]).includes(v);

/** A stored group item as the domain's Group; the one reader of its attributes. */
export function groupOfItem(item: Record<string, unknown>): Group {
  return {
    groupId: String(item.sk).slice(GROUP_PREFIX.length),
    companyId: String(item.companyId),
    name: String(item.name),
    firstFactor: isFactor(item.firstFactor) ? item.firstFactor : 'password',
    ...(isFactor(item.secondFactor) ? { secondFactor: item.secondFactor } : {}),
    timeZone: typeof item.timeZone === 'string' ? item.timeZone : DEFAULT_TIME_ZONE,
    language: isLanguage(item.language) ? item.language : 'ja',
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    version: Number(item.version ?? 1),
  };
}

export async function getGroup(companyId: string, groupId: string): Promise<Group | undefined> {
  const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.group(companyId, groupId) }));
  return out.Item ? groupOfItem(out.Item) : undefined;
}

/** The group of an employee: the employee item's `groupId`, then the group item. */
export function createGroupDirectory(): GroupDirectory {
  return {
    async groupOfEmployee(companyId, employeeId) {
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.employee(companyId, employeeId), ProjectionExpression: 'groupId' }));
      const groupId = out.Item?.groupId;
      return typeof groupId === 'string' ? getGroup(companyId, groupId) : undefined;
    },
  };
}

import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Company } from '../../core/companies/company.js';
import { dynamo } from '../clients/dynamodb.js';
import { COMPANIES_PK, keys } from './keys.js';
import { GSI1 } from './table-def.js';
import { tableName } from './table.js';

/** Every company, in id order, a page at a time: what the daily close of the audit log walks. */
export async function listCompanies(after: string | undefined, limit: number): Promise<{ companies: Array<Pick<Company, 'id' | 'createdAt'>>; more: boolean }> {
  const out = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: GSI1,
      KeyConditionExpression: after ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': COMPANIES_PK, ...(after ? { ':after': after } : {}) },
      ProjectionExpression: 'id, createdAt',
      Limit: limit,
    }),
  );
  return { companies: (out.Items ?? []).map((i) => ({ id: String(i.id), createdAt: String(i.createdAt) })), more: out.LastEvaluatedKey !== undefined };
}

/** Puts a company made before the list existed on it (idempotent). */
export async function ensureListed(companyId: string): Promise<void> {
  const { gsi1pk, gsi1sk } = keys.companyList(companyId);
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.company(companyId),
      UpdateExpression: 'SET gsi1pk = :pk, gsi1sk = :sk',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':pk': gsi1pk, ':sk': gsi1sk },
    }),
  );
}

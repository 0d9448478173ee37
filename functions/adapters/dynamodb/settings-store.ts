import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CompanySettings, SettingsStore } from '../../core/companies/settings.js';
import { dynamo } from '../clients/dynamodb.js';
import { keys } from './keys.js';
import { auditPut, tableName, transact } from './table.js';
import { rememberRetention } from './audit-retention.js';

/** Settings live on the company item, as one map attribute. */
export function createSettingsStore(): SettingsStore {
  return {
    async get(companyId) {
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.company(companyId), ConsistentRead: true, ProjectionExpression: 'id, settings' }));
      if (!out.Item) return undefined;
      return (out.Item.settings as Partial<CompanySettings> | undefined) ?? {};
    },
    async save(companyId, settings, audit) {
      await transact(
        [
          {
            Update: {
              TableName: tableName(),
              Key: keys.company(companyId),
              UpdateExpression: 'SET settings = :s',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':s': settings },
            },
          },
          auditPut(audit),
        ],
        ['exists'],
      );
      rememberRetention(companyId, settings.auditRetentionDays);
    },
  };
}

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SavedSearch, SavedSearchStore } from '../../core/audit/saved-searches.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys, SAVED_SEARCH_PREFIX } from './keys.js';
import { auditPut, tableName, transact } from './table.js';

const searchOf = (item: Record<string, unknown>): SavedSearch => ({
  searchId: String(item.searchId),
  name: String(item.name),
  conditions: (item.conditions as SavedSearch['conditions']) ?? {},
  createdAt: String(item.createdAt),
  updatedAt: String(item.updatedAt),
});

/**
 * Saved searches live beside their admin (the employee's partition), with a count item so that
 * the limit holds however many saves arrive at once: the count and the search change together.
 */
export function createSavedSearchStore(): SavedSearchStore {
  const put = (companyId: string, accountId: string, s: SavedSearch) => ({
    ...keys.savedSearch(companyId, accountId, s.searchId),
    entity: ENTITY.savedSearch,
    ...s,
  });
  return {
    async list(companyId, accountId) {
      const out = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.savedSearchCount(companyId, accountId).pk, ':prefix': SAVED_SEARCH_PREFIX },
          ScanIndexForward: false,
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).map(searchOf);
    },

    async create(companyId, accountId, search, max, audit) {
      await transact(
        [
          {
            Update: {
              TableName: tableName(),
              Key: keys.savedSearchCount(companyId, accountId),
              UpdateExpression: 'SET entity = :entity ADD n :one',
              ConditionExpression: 'attribute_not_exists(n) OR n < :max',
              ExpressionAttributeValues: { ':entity': ENTITY.savedSearchCount, ':one': 1, ':max': max },
            },
          },
          { Put: { TableName: tableName(), Item: put(companyId, accountId, search), ConditionExpression: 'attribute_not_exists(pk)' } },
          auditPut(audit),
        ],
        ['state', 'exists'],
      );
    },

    async update(companyId, accountId, search, audit) {
      try {
        await transact(
          [{ Put: { TableName: tableName(), Item: put(companyId, accountId, search), ConditionExpression: 'attribute_exists(pk)' } }, auditPut(audit)],
          ['state'],
        );
        return true;
      } catch (e) {
        if (e instanceof StoreConflict && e.reason === 'state') return false;
        throw e;
      }
    },

    async remove(companyId, accountId, searchId, audit) {
      try {
        await transact(
          [
            { Delete: { TableName: tableName(), Key: keys.savedSearch(companyId, accountId, searchId), ConditionExpression: 'attribute_exists(pk)' } },
            { Update: { TableName: tableName(), Key: keys.savedSearchCount(companyId, accountId), UpdateExpression: 'ADD n :minus', ExpressionAttributeValues: { ':minus': -1 } } },
            auditPut(audit),
          ],
          ['state'],
        );
        return true;
      } catch (e) {
        if (e instanceof StoreConflict && e.reason === 'state') return false;
        throw e;
      }
    },
  };
}

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { initialSignInState, type SignInState } from '../../core/auth/lockout.js';
import type { SignInStateStore } from '../../core/auth/service.js';
import { dynamo } from '../aws-clients.js';
import { ENTITY, keys } from './keys.js';
import { auditPut, tableName, transact } from './table.js';

const STATE_FIELDS = ['consecutiveFailures', 'lockLevel', 'lockedUntil', 'lastSignInAt', 'previousSignInAt'] as const;

export function createSignInStateStore(): SignInStateStore {
  return {
    async get(companyId, accountId) {
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.signInState(companyId, accountId), ConsistentRead: true }));
      if (!out.Item) return { state: initialSignInState(), version: 0 };
      const state = Object.fromEntries(STATE_FIELDS.filter((f) => out.Item![f] !== undefined).map((f) => [f, out.Item![f]])) as unknown as SignInState;
      return { state, version: Number(out.Item.version) };
    },
    async save(companyId, accountId, state, expectedVersion, audit) {
      await transact(
        [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.signInState(companyId, accountId), entity: ENTITY.signInState, ...state, version: expectedVersion + 1 },
              ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
              ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':v': expectedVersion },
            },
          },
          auditPut(audit),
        ],
        ['state'],
      );
    },
  };
}

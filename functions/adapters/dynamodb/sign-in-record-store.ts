import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SignInRecordStore } from '../../core/auth/service.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { tableName } from './table.js';

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Sign-in times and the sign-out watermark of an account. Both writes are single unconditional
 * (or self-resolving) updates: any number of concurrent sign-ins of one account all succeed.
 */
export function createSignInRecordStore(): SignInRecordStore {
  return {
    async get(companyId, accountId) {
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.signInState(companyId, accountId), ConsistentRead: true }));
      const item = out.Item ?? {};
      const signedOutAt = typeof item.signedOutAt === 'number' ? item.signedOutAt : undefined;
      return {
        ...(text(item.lastSignInAt) ? { lastSignInAt: text(item.lastSignInAt) } : {}),
        ...(text(item.previousSignInAt) ? { previousSignInAt: text(item.previousSignInAt) } : {}),
        ...(signedOutAt !== undefined ? { signedOutAt } : {}),
      };
    },

    async recordSignIn(companyId, accountId, at) {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.signInState(companyId, accountId),
          // The first sign-in has no previous one: NULL, read back as absent.
          UpdateExpression: 'SET previousSignInAt = if_not_exists(lastSignInAt, :none), lastSignInAt = :at, entity = :entity',
          ExpressionAttributeValues: { ':none': null, ':at': at, ':entity': ENTITY.signInState },
        }),
      );
    },

    async recordSignOut(companyId, accountId, issuedUpTo) {
      try {
        await dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.signInState(companyId, accountId),
            UpdateExpression: 'SET signedOutAt = :t, entity = :entity',
            ConditionExpression: 'attribute_not_exists(signedOutAt) OR signedOutAt < :t',
            ExpressionAttributeValues: { ':t': issuedUpTo, ':entity': ENTITY.signInState },
          }),
        );
      } catch (e) {
        // A later sign-out already raised it further.
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
    },
  };
}

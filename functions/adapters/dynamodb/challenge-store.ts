import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChallengeStore, PendingChallenge } from '../../core/auth/service.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { tableName } from './table.js';

export function createChallengeStore(): ChallengeStore {
  return {
    async put(digest, challenge, expiresAt) {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.challenge(digest), entity: ENTITY.challenge, ...challenge, expiresAt: expiresAt.toISOString(), expiresAtEpoch: Math.ceil(expiresAt.getTime() / 1000) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async get(digest, now) {
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.challenge(digest), ConsistentRead: true }));
      // TTL deletes late; expiry is decided here, at use.
      if (!out.Item || new Date(String(out.Item.expiresAt)) <= now) return undefined;
      const { kind, companyId, accountId, loginId, providerSession, sealedTokens, deviceId, factorsPassed } = out.Item as unknown as PendingChallenge;
      // Challenges written before the second factor existed are new-password ones.
      return { kind: kind ?? 'new-password', companyId, accountId, loginId, providerSession, sealedTokens, deviceId, factorsPassed };
    },
    async take(digest) {
      try {
        await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.challenge(digest), ConditionExpression: 'attribute_exists(pk)' }));
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },
  };
}

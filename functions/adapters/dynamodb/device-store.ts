import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Device, DeviceStore, EnrollmentKey } from '../../core/client/devices.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { GSI1 } from './table-def.js';
import { auditPut, tableName, transact } from './table.js';

/** A company's list is read newest first, at most this many (the screen shows them all on one page). */
const LIST_MAX = 1000;

const get = async (key: { pk: string; sk: string }) => (await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

const keyOf = (item: Record<string, unknown>): EnrollmentKey => ({
  keyId: String(item.keyId),
  companyId: String(item.companyId),
  createdAt: String(item.createdAt),
  createdBy: String(item.createdBy),
  ...(typeof item.expiresAt === 'string' ? { expiresAt: item.expiresAt } : {}),
  ...(typeof item.revokedAt === 'string' ? { revokedAt: item.revokedAt } : {}),
});

const deviceOf = (item: Record<string, unknown>): Device => ({
  deviceId: String(item.deviceId),
  companyId: String(item.companyId),
  hostname: String(item.hostname),
  authentication: item.authentication === true,
  enrolledAt: String(item.enrolledAt),
  keyId: String(item.keyId),
  ...(typeof item.lastSeenAt === 'string' ? { lastSeenAt: item.lastSeenAt } : {}),
  ...(typeof item.revokedAt === 'string' ? { revokedAt: item.revokedAt } : {}),
});

async function listOf(gsi1pk: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo().send(
      new QueryCommand({ TableName: tableName(), IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': gsi1pk }, ScanIndexForward: false, ExclusiveStartKey: start, Limit: LIST_MAX - items.length }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start && items.length < LIST_MAX);
  return items;
}

/** Marks the item behind an id's pointer revoked, with the audit entry; false when there is none to revoke. */
async function revokeBehind(pointer: { pk: string; sk: string }, target: (digest: string) => { pk: string; sk: string }, at: string, audit: Parameters<typeof auditPut>[0]): Promise<boolean> {
  const ref = await get(pointer);
  if (!ref) return false;
  try {
    await transact(
      [
        {
          Update: {
            TableName: tableName(),
            Key: target(String(ref.digest)),
            UpdateExpression: 'SET revokedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':at': at },
          },
        },
        auditPut(audit),
      ],
      ['state'],
    );
    return true;
  } catch (e) {
    if (e instanceof StoreConflict) return false;
    throw e;
  }
}

/**
 * Enrollment keys and devices. Each lives under the digest of its secret (the one read a client
 * request costs), listed per company through gsi1, with a pointer by id for the admin's revoke.
 */
export function createDeviceStore(): DeviceStore {
  return {
    async putKey(digest, key, audit) {
      await transact(
        [
          { Put: { TableName: tableName(), Item: { ...keys.enrollmentKey(digest), ...keys.enrollmentKeyList(key.companyId, key.createdAt, key.keyId), entity: ENTITY.enrollmentKey, ...key }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName(), Item: { ...keys.enrollmentKeyById(key.companyId, key.keyId), entity: ENTITY.enrollmentKeyRef, digest }, ConditionExpression: 'attribute_not_exists(pk)' } },
          auditPut(audit),
        ],
        ['exists', 'exists'],
      );
    },
    async keys(companyId) {
      return (await listOf(keys.enrollmentKeyList(companyId, '', '').gsi1pk)).map(keyOf);
    },
    async keyByDigest(digest) {
      const item = await get(keys.enrollmentKey(digest));
      return item ? keyOf(item) : undefined;
    },
    revokeKey: (companyId, keyId, at, audit) => revokeBehind(keys.enrollmentKeyById(companyId, keyId), keys.enrollmentKey, at, audit),

    async enroll(keyDigest, credentialDigest, device, now, audit) {
      await transact(
        [
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: keys.enrollmentKey(keyDigest),
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt) AND (attribute_not_exists(expiresAt) OR expiresAt > :now)',
              ExpressionAttributeValues: { ':now': now },
            },
          },
          { Put: { TableName: tableName(), Item: { ...keys.device(credentialDigest), ...keys.deviceList(device.companyId, device.enrolledAt, device.deviceId), entity: ENTITY.device, ...device }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName(), Item: { ...keys.deviceById(device.companyId, device.deviceId), entity: ENTITY.deviceRef, digest: credentialDigest }, ConditionExpression: 'attribute_not_exists(pk)' } },
          auditPut(audit),
        ],
        ['state', 'exists', 'exists'],
      );
    },
    async deviceByCredential(digest) {
      // Strongly consistent: a device revoked a moment ago is refused at once.
      const item = await get(keys.device(digest));
      return item ? deviceOf(item) : undefined;
    },
    async devices(companyId) {
      return (await listOf(keys.deviceList(companyId, '', '').gsi1pk)).map(deviceOf);
    },
    revokeDevice: (companyId, deviceId, at, audit) => revokeBehind(keys.deviceById(companyId, deviceId), keys.device, at, audit),

    async touch(credentialDigest, at, staleBefore) {
      try {
        await dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.device(credentialDigest),
            UpdateExpression: 'SET lastSeenAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastSeenAt) OR lastSeenAt <= :stale)',
            ExpressionAttributeValues: { ':at': at, ':stale': staleBefore },
          }),
        );
      } catch (e) {
        // Another request of the same device wrote it within the minute: nothing to do.
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
    },
  };
}

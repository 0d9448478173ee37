import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { countDeltas } from '../../core/issuance/counts.js';
import type { PrivateAddressLink, PrivateAddressStore } from '../../core/registration/private-address.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { counterUpdate } from './status-counters.js';
import { auditPut, linkUse, tableName, transact } from './table.js';

// The private address lives in `#PRIVATE` beside its employee (read only by the owner's routes);
// the digest of the newest pending change sits on the same item, and the new address only in its
// link item until the link is confirmed.

async function getItem(key: { pk: string; sk: string }) {
  return (await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
}

const linkTtl = (expiresAt: string) => Math.ceil(Date.parse(expiresAt) / 1000) + 86_400;

export function createPrivateAddressStore(): PrivateAddressStore {
  return {
    async current(companyId, employeeId) {
      const item = await getItem(keys.privateEmail(companyId, employeeId));
      if (!item) return undefined;
      return {
        ...(typeof item.address === 'string' ? { address: item.address } : {}),
        ...(typeof item.verifiedAt === 'string' ? { verifiedAt: item.verifiedAt } : {}),
        ...(typeof item.pendingDigest === 'string' ? { pendingDigest: item.pendingDigest } : {}),
      };
    },

    async link(digest) {
      const item = await getItem(keys.link(digest));
      if (!item || item.entity !== ENTITY.privateEmailLink) return undefined;
      const link: PrivateAddressLink = {
        digest: String(item.digest), companyId: String(item.companyId), employeeId: String(item.employeeId), address: String(item.address),
        createdAt: String(item.createdAt), expiresAt: String(item.expiresAt),
      };
      if (typeof item.usedAt === 'string') link.usedAt = item.usedAt;
      return link;
    },

    async start(link, entry) {
      await transact(
        [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.link(link.digest), entity: ENTITY.privateEmailLink, ...link, expiresAtEpoch: linkTtl(link.expiresAt) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            // Newest only: the item may not exist yet (no address so far); the digest makes it.
            Update: {
              TableName: tableName(),
              Key: keys.privateEmail(link.companyId, link.employeeId),
              UpdateExpression: 'SET entity = :e, pendingDigest = :d',
              ExpressionAttributeValues: { ':e': ENTITY.privateEmail, ':d': link.digest },
            },
          },
          auditPut(entry),
        ],
        ['exists'],
      );
    },

    async confirm({ link, wasRegistered, at, audit }) {
      // アカウント発行 and the rest stay as they are: only 私用メールアドレス moves, and only from 無.
      const same = { password: 'unissued', verification: 'none' } as const;
      const counter = wasRegistered ? undefined : counterUpdate(link.companyId, countDeltas({ ...same, privateEmail: 'no' }, { ...same, privateEmail: 'yes' }));
      try {
        await transact(
          [
            linkUse(link.digest, at),
            {
              Update: {
                TableName: tableName(),
                Key: keys.privateEmail(link.companyId, link.employeeId),
                UpdateExpression: 'SET address = :a, verifiedAt = :at REMOVE pendingDigest',
                ConditionExpression: 'pendingDigest = :d',
                ExpressionAttributeValues: { ':a': link.address, ':at': at, ':d': link.digest },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.employee(link.companyId, link.employeeId),
                UpdateExpression: 'SET privateEmailRegistered = :t',
                // A deleted employee left the counters; the state read decides the counter move.
                ConditionExpression: wasRegistered
                  ? 'attribute_exists(pk) AND attribute_not_exists(deleted) AND privateEmailRegistered = :t'
                  : 'attribute_exists(pk) AND attribute_not_exists(deleted) AND NOT (privateEmailRegistered = :t)',
                ExpressionAttributeValues: { ':t': true },
              },
            },
            auditPut(audit),
            ...(counter ? [counter] : []),
          ],
          ['state', 'state', 'state'],
        );
        return true;
      } catch (e) {
        if (e instanceof StoreConflict) return false;
        throw e;
      }
    },
  };
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkStore, MailHistory, MailRecord } from '../../core/issuance/mail-issuance.js';
import type { StoredLink } from '../../core/mail/token.js';
import type { HeldByJob } from '../../core/jobs/ending.js';
import { mapLimit } from '../../core/shared/map-limit.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { tableName } from './table.js';

const MAIL_FIELDS = [
  'mailId', 'companyId', 'employeeId', 'kind', 'address', 'to', 'subject', 'sentAt', 'state', 'messageId', 'delivery', 'events', 'jobId', 'linkDigest', 'linkExpiresAt', 'passwordExpiresAt',
] as const;

export function mailFromItem(item: Record<string, unknown>): MailRecord {
  const record = Object.fromEntries(MAIL_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as MailRecord;
  record.events ??= [];
  return record;
}

/** The write of a send marker: new, or taking over the dead attempt that was read (and nothing newer). */
export function markerPut(record: MailRecord, replacing?: string) {
  return {
    TableName: tableName(),
    Item: { ...keys.mail(record.companyId, record.employeeId, record.mailId), entity: ENTITY.mail, ...record },
    ConditionExpression: replacing ? '#state = :sending AND sentAt = :was' : 'attribute_not_exists(pk)',
    ...(replacing ? { ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':sending': 'sending', ':was': replacing } } : {}),
  };
}

/** メール送信履歴: one item per mail in the employee's partition, sorted by mailId (a ULID). */
export function createMailHistory(): MailHistory {
  const db = dynamo();
  return {
    async getMany(companyId, wanted) {
      const found: MailRecord[] = [];
      for (let i = 0; i < wanted.length; i += 100) {
        let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
          [tableName()]: { Keys: wanted.slice(i, i + 100).map((w) => keys.mail(companyId, w.employeeId, w.mailId)), ConsistentRead: true },
        };
        while (request && Object.keys(request).length > 0) {
          const out = await db.send(new BatchGetCommand({ RequestItems: request }));
          found.push(...(out.Responses?.[tableName()] ?? []).map(mailFromItem));
          request = out.UnprocessedKeys as typeof request;
        }
      }
      return found;
    },

    async begin(record, replacing) {
      try {
        await db.send(new PutCommand(markerPut(record, replacing)));
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },

    async settle(record, result) {
      await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.mail(record.companyId, record.employeeId, record.mailId),
          UpdateExpression: result.state === 'sent' ? 'SET #state = :s, messageId = :mid' : 'SET #state = :s, delivery = :s',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':s': result.state, ...(result.state === 'sent' ? { ':mid': result.messageId } : {}) },
        }),
      );
    },

    async list(companyId, employeeId) {
      const items: MailRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mail)',
            ExpressionAttributeValues: { ':pk': keys.employee(companyId, employeeId).pk, ':mail': 'MAIL#' },
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(out.Items ?? []).map(mailFromItem));
        startKey = out.LastEvaluatedKey;
      } while (startKey && items.length < 200);
      return items;
    },
  };
}

export function linkItem(link: StoredLink): Record<string, unknown> {
  const key = keys.link(link.digest);
  return { ...key, entity: ENTITY.verificationLink, ...link, ...keys.due(link.expiresAt, key.pk), expiresAtEpoch: Math.ceil(Date.parse(link.expiresAt) / 1000) + 30 * 86_400 };
}

/** Verification links by token digest; each is listed in the due index for the sweep. */
export function createLinkStore(): LinkStore {
  const db = dynamo();
  return {
    async putAll(links) {
      for (let i = 0; i < links.length; i += 25) {
        let request: Record<string, unknown[]> | undefined = { [tableName()]: links.slice(i, i + 25).map((l) => ({ PutRequest: { Item: linkItem(l) } })) };
        while (request && Object.keys(request).length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: request as never }));
          request = out.UnprocessedItems as typeof request;
        }
      }
    },
    async get(digest) {
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.link(digest), ConsistentRead: true }));
      if (!out.Item) return undefined;
      const { digest: d, companyId, employeeId, address, createdAt, expiresAt, usedAt } = out.Item;
      return { digest: String(d), companyId: String(companyId), employeeId: String(employeeId), address: Number(address), createdAt: String(createdAt), expiresAt: String(expiresAt), ...(usedAt ? { usedAt: String(usedAt) } : {}) };
    },
  };
}

/**
 * A mail job's send markers of employees it never mailed (no sign from SES that it took the mail)
 * become failed attempts in メール送信履歴, instead of staying 送信中.
 */
export function createUnsentMarkerRelease(): HeldByJob {
  return {
    async release(companyId, jobId, employeeIds) {
      await mapLimit(employeeIds, 10, async (employeeId) => {
        try {
          await dynamo().send(
            new UpdateCommand({
              TableName: tableName(),
              Key: keys.mail(companyId, employeeId, jobId),
              UpdateExpression: 'SET #state = :failed, delivery = :failed',
              ConditionExpression: '#state = :sending AND attribute_not_exists(messageId) AND (attribute_not_exists(events) OR size(events) = :none)',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':failed': 'failed', ':sending': 'sending', ':none': 0 },
            }),
          );
        } catch (e) {
          if (!(e instanceof ConditionalCheckFailedException)) throw e;
        }
      });
    },
  };
}

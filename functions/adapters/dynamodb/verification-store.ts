import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LinkHoldingEmployee, VerificationStore } from '../../core/issuance/mail-verification.js';
import { countDeltas } from '../../core/issuance/counts.js';
import { transition, type IssuanceState } from '../../core/issuance/status.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { createAccountDirectory } from './account-directory.js';
import { createAuditStore } from './audit-store.js';
import { employeeFromItem, lastMailAttribute } from './employee-store.js';
import { keys } from './keys.js';
import { counterUpdate } from './status-counters.js';
import { auditPut, tableName, transact } from './table.js';

async function linkHolder(companyId: string, employeeId: string): Promise<LinkHoldingEmployee | undefined> {
  const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.employee(companyId, employeeId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const e: LinkHoldingEmployee = employeeFromItem(out.Item);
  if (typeof out.Item.verificationTokenDigest === 'string') e.verificationTokenDigest = out.Item.verificationTokenDigest;
  if (out.Item.verificationAddress !== undefined) e.verificationAddress = Number(out.Item.verificationAddress);
  return e;
}

export function createVerificationStore(): VerificationStore {
  const directory = createAccountDirectory();
  const audit = createAuditStore();
  return {
    company: (companyId) => directory.company(companyId),
    employee: linkHolder,
    audit: (entry) => audit.write(entry),
    async verify({ link, employeeId, from, next, at, passwordExpiresAt, noticeMailId, audit: entry }) {
      const counter = counterUpdate(link.companyId, countDeltas(from, next));
      try {
        await transact(
          [
            {
              Update: {
                TableName: tableName(),
                Key: keys.link(link.digest),
                // Used once; it leaves the due index, nothing is left to expire.
                UpdateExpression: 'SET usedAt = :at REMOVE gsi1pk, gsi1sk',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :at',
                ExpressionAttributeValues: { ':at': at },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.employee(link.companyId, employeeId),
                UpdateExpression:
                  'SET passwordStatus = :p, verificationStatus = :v, passwordIssuedAt = :at, temporaryPasswordExpiresAt = :until, verifiedAt = :at, #lastMail = :mail ADD verifiedAddresses :slot REMOVE verificationTokenDigest',
                ConditionExpression: 'verificationTokenDigest = :digest AND passwordStatus = :fp AND verificationStatus = :fv',
                ExpressionAttributeNames: { '#lastMail': lastMailAttribute(link.address) },
                ExpressionAttributeValues: {
                  ':mail': noticeMailId,
                  ':p': next.password, ':v': next.verification, ':at': at, ':until': passwordExpiresAt, ':slot': new Set([link.address]),
                  ':digest': link.digest, ':fp': from.password, ':fv': from.verification,
                },
              },
            },
            auditPut(entry),
            ...(counter ? [counter] : []),
          ],
          ['state', 'state'],
        );
        return true;
      } catch (e) {
        if (e instanceof StoreConflict) return false;
        throw e;
      }
    },
  };
}

/**
 * The sweep's move of a link past its deadline: 認証待ち → 有効期限切れ, only while the link is
 * still the employee's newest and pending. Safe to run twice; a superseded or used link does nothing.
 */
export async function expireLink(companyId: string, employeeId: string, digest: string, now: Date): Promise<boolean> {
  const e = await linkHolder(companyId, employeeId);
  if (!e || e.verificationTokenDigest !== digest) return false;
  const from: IssuanceState = { password: e.passwordStatus ?? 'unissued', verification: e.verificationStatus ?? 'none' };
  const moved = transition(from, { type: 'link-expired' });
  if (!moved.ok) return false;
  const counter = counterUpdate(companyId, countDeltas(from, moved.next));
  try {
    await transact(
      [
        {
          Update: {
            TableName: tableName(),
            Key: keys.employee(companyId, employeeId),
            UpdateExpression: 'SET verificationStatus = :v',
            ConditionExpression: 'verificationTokenDigest = :digest AND passwordStatus = :fp AND verificationStatus = :fv AND verificationExpiresAt <= :now',
            ExpressionAttributeValues: { ':v': moved.next.verification, ':digest': digest, ':fp': from.password, ':fv': from.verification, ':now': now.toISOString() },
          },
        },
        ...(counter ? [counter] : []),
      ],
      ['state'],
    );
    return true;
  } catch (e) {
    if (e instanceof StoreConflict) return false;
    throw e;
  }
}

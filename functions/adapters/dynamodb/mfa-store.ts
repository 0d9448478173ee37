import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { countDeltas, mfaCountedOf } from '../../core/issuance/counts.js';
import type { MfaOwner } from '../../core/mfa/mfa-lock.js';
import type { CountedAccount, MfaRecord, MfaStore } from '../../core/mfa/service.js';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { EmployeeStatuses } from '../../core/employees/employee.js';
import { dynamo } from '../clients/dynamodb.js';
import { counterUpdate } from './status-counters.js';
import { ENTITY, keys } from './keys.js';
import { TABLE_DEF } from './table-def.js';
import { auditPut, tableName, transact, type TransactItem } from './table.js';

const epoch = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

function recordOf(item: Record<string, unknown>): MfaRecord {
  const codes = item.backupCodes && typeof item.backupCodes === 'object' ? (item.backupCodes as Record<string, unknown>) : {};
  return {
    status: item.status === 'active' ? 'active' : 'pending',
    ...(typeof item.sealedSecret === 'string' ? { sealedSecret: item.sealedSecret } : {}),
    ...(typeof item.pendingSecret === 'string' ? { pendingSecret: item.pendingSecret } : {}),
    ...(typeof item.pendingExpiresAt === 'string' ? { pendingExpiresAt: item.pendingExpiresAt } : {}),
    ...(typeof item.lastStep === 'number' ? { lastStep: item.lastStep } : {}),
    ...(typeof item.activatedAt === 'string' ? { activatedAt: item.activatedAt } : {}),
    backupCodes: Object.fromEntries(Object.entries(codes).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
}

async function conditional(command: UpdateCommand): Promise<boolean> {
  try {
    await dynamo().send(command);
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/**
 * The account item's 2段階認証 status moving from `from` to `to`, with the counter change, on the
 * account kind the service read. The version moves too, so an admin's edit read before this
 * (whose counter change assumed the old status) is refused rather than counted twice.
 */
function accountStatusItems(owner: MfaOwner, account: CountedAccount | undefined, from: EmployeeStatuses['mfaStatus'], to: EmployeeStatuses['mfaStatus']): TransactItem[] {
  if (owner.kind !== 'employee' || !account) return [];
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: keys.employee(owner.companyId, owner.accountId),
        UpdateExpression: 'SET mfaStatus = :to, #version = #version + :one REMOVE mfaLocked',
        ConditionExpression: 'attribute_exists(pk) AND (accountKind = :kind OR (attribute_not_exists(accountKind) AND :kind = :internal))',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':to': to, ':one': 1, ':kind': account.kind, ':internal': 'internal' },
      },
    },
  ];
  const base = { password: 'unissued', verification: 'none' } as const;
  const counter = counterUpdate(
    owner.companyId,
    countDeltas({ ...base, mfa: mfaCountedOf({ accountKind: account.kind, mfaStatus: from }) }, { ...base, mfa: mfaCountedOf({ accountKind: account.kind, mfaStatus: to }) }),
  );
  if (counter) items.push(counter);
  return items;
}

/** Second factors, one item per owner (an account of a company, or a support operator). */
export function createMfaStore(): MfaStore {
  const ttl = TABLE_DEF.ttlAttribute;
  return {
    async get(owner) {
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.mfa(owner), ConsistentRead: true }));
      return out.Item ? recordOf(out.Item) : undefined;
    },

    async putPending(owner, sealed, expiresAt, audit) {
      await transact(
        [
          {
            Update: {
              TableName: tableName(),
              Key: keys.mfa(owner),
              // A setup nobody confirms is housekeeping for TTL; it never signs anyone in either way.
              UpdateExpression: `SET entity = :entity, #status = :pending, pendingSecret = :secret, pendingExpiresAt = :expires, ${ttl} = :ttl`,
              ConditionExpression: 'attribute_not_exists(#status) OR #status <> :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':entity': ENTITY.mfa, ':pending': 'pending', ':active': 'active', ':secret': sealed, ':expires': expiresAt, ':ttl': epoch(expiresAt) },
            },
          },
          auditPut(audit),
        ],
        ['state'],
      );
    },

    async activate(owner, change, audit, account) {
      const items: TransactItem[] = [
        {
          Update: {
            TableName: tableName(),
            Key: keys.mfa(owner),
            UpdateExpression: `SET #status = :active, sealedSecret = :secret, lastStep = :step, backupCodes = :codes, activatedAt = :at REMOVE pendingSecret, pendingExpiresAt, ${ttl}`,
            ConditionExpression: '#status = :pending AND pendingSecret = :secret',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active', ':pending': 'pending', ':secret': change.pendingSecret, ':step': change.step, ':codes': change.backupCodes, ':at': change.at },
          },
        },
        ...accountStatusItems(owner, account, 'none', 'active'),
        auditPut(audit),
      ];
      await transact(items, ['state', 'state']);
    },

    acceptStep: (owner, step) =>
      conditional(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.mfa(owner),
          UpdateExpression: 'SET lastStep = :step',
          ConditionExpression: '#status = :active AND (attribute_not_exists(lastStep) OR lastStep < :step)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':step': step, ':active': 'active' },
        }),
      ),

    consumeBackupCode: (owner, slot, hash) =>
      conditional(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.mfa(owner),
          UpdateExpression: 'REMOVE backupCodes.#slot',
          ConditionExpression: '#status = :active AND backupCodes.#slot = :hash',
          ExpressionAttributeNames: { '#status': 'status', '#slot': slot },
          ExpressionAttributeValues: { ':active': 'active', ':hash': hash },
        }),
      ),

    async replaceBackupCodes(owner, codes, audit) {
      await transact(
        [
          {
            Update: {
              TableName: tableName(),
              Key: keys.mfa(owner),
              UpdateExpression: 'SET backupCodes = :codes',
              ConditionExpression: '#status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':codes': codes, ':active': 'active' },
            },
          },
          auditPut(audit),
        ],
        ['state'],
      );
    },

    async remove(owner, audit, account) {
      const current = await this.get(owner);
      const wasActive = current?.status === 'active';
      const items: TransactItem[] = [
        {
          Delete: {
            TableName: tableName(),
            Key: keys.mfa(owner),
            // What was read is what goes: a factor confirmed meanwhile is not removed unseen.
            ConditionExpression: wasActive ? '#status = :active' : 'attribute_not_exists(#status) OR #status <> :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active' },
          },
        },
        ...(wasActive ? accountStatusItems(owner, account, 'active', 'none') : []),
        auditPut(audit),
      ];
      await transact(items, ['state', 'state']);
      return wasActive;
    },

    async markLocked(owner, locked) {
      if (owner.kind !== 'employee') return;
      await conditional(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.employee(owner.companyId, owner.accountId),
          UpdateExpression: locked ? 'SET mfaLocked = :true' : 'REMOVE mfaLocked',
          ConditionExpression: 'attribute_exists(pk)',
          ...(locked ? { ExpressionAttributeValues: { ':true': true } } : {}),
        }),
      );
    },
  };
}

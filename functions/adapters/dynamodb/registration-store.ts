import { createHash } from 'node:crypto';
import { BatchGetCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RegistrationKeyStore } from '../../core/registration/admin.js';
import type { CsvLinks, RegistrationJobStore, RegistrationTargets } from '../../core/registration/issuance.js';
import type { RegistrationDirectory, RegistrationLink, RegistrationStore } from '../../core/registration/service.js';
import { nextJapanDay, type RegistrationStatus } from '../../core/registration/status.js';
import { countDeltas, type CountedState } from '../../core/issuance/counts.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { createAccountDirectory } from './account-directory.js';
import { createAuditStore } from './audit-store.js';
import { getEmployees } from './employee-store.js';
import { createJobStore, recordChunk } from './job-store.js';
import { ENTITY, keys } from './keys.js';
import { counterUpdate, sumDeltas } from './status-counters.js';
import { claimUpdate } from './employee-claims.js';
import { auditPut, linkUse, tableName, transact, updateAllIf, updateIf, type TransactItem } from './table.js';

// Self-registration (DESIGN.md §5b) in the one table. The employee item carries what lists and
// counters read (registrationStatus, registrationExpiresAt, registrationLocked,
// privateEmailRegistered) and the batch its password belongs to (registrationJob); the hash
// lives in `#REGPASS` beside it, the verified private address in `#PRIVATE` (read only for its
// owner), and a pending address only in its link item until the link is used.

/** Read in place of a missing company, employee or record: no item has it. */
const DECOY = '~decoy';

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

async function getItem(key: { pk: string; sk: string }) {
  return (await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
}

const registrationOnly = (status: RegistrationStatus): CountedState => ({ password: 'unissued', verification: 'none', registration: status });

export function createRegistrationKeyStore(): RegistrationKeyStore {
  return {
    async current(companyId) {
      const out = await dynamo().send(
        new GetCommand({ TableName: tableName(), Key: keys.company(companyId), ConsistentRead: true, ProjectionExpression: 'registrationKey, registrationKeyRotatedAt' }),
      );
      const key = out.Item?.registrationKey;
      return typeof key === 'string' ? { key, rotatedAt: String(out.Item?.registrationKeyRotatedAt ?? '') } : undefined;
    },
    async replace(companyId, previous, next, audit) {
      const items: TransactItem[] = [
        {
          Update: {
            TableName: tableName(),
            Key: keys.company(companyId),
            UpdateExpression: 'SET registrationKey = :k, registrationKeyRotatedAt = :at',
            ConditionExpression: previous ? 'attribute_exists(pk) AND registrationKey = :prev' : 'attribute_exists(pk) AND attribute_not_exists(registrationKey)',
            ExpressionAttributeValues: { ':k': next.key, ':at': next.at, ...(previous ? { ':prev': previous } : {}) },
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.registrationKey(sha256(next.key)), entity: ENTITY.registrationKey, companyId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(previous ? [{ Delete: { TableName: tableName(), Key: keys.registrationKey(sha256(previous)) } }] : []),
        ...(audit ? [auditPut(audit)] : []),
      ];
      try {
        await transact(items, ['state', 'exists']);
        return true;
      } catch (e) {
        if (e instanceof StoreConflict) return false;
        throw e;
      }
    },
  };
}

export function createCsvLinks(): CsvLinks {
  return {
    async put(link) {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.link(link.digest), entity: ENTITY.csvLink, ...link, expiresAtEpoch: Math.ceil(Date.parse(link.expiresAt) / 1000) + 86_400 },
        }),
      );
    },
    async get(digest) {
      const item = await getItem(keys.link(digest));
      if (!item || item.entity !== ENTITY.csvLink) return undefined;
      return {
        digest: String(item.digest), companyId: String(item.companyId), jobId: String(item.jobId), accountId: String(item.accountId), createdAt: String(item.createdAt), expiresAt: String(item.expiresAt),
      };
    },
  };
}

export function createRegistrationTargets(): RegistrationTargets {
  const directory = createAccountDirectory();
  return {
    company: (companyId) => directory.company(companyId),
    employees: (companyId, ids) => getEmployees(companyId, ids),
    claim: (companyId, employeeId, jobId, at) => updateIf(claimUpdate('registration', companyId, employeeId, jobId, at)),
    claimAll: (companyId, jobId, at, employeeIds) => updateAllIf(employeeIds.map((id) => claimUpdate('registration', companyId, id, jobId, at))),
  };
}

/** The job store, with a chunk record that writes registration passwords, and the batch's expiry. */
export function createRegistrationJobStore(): RegistrationJobStore {
  const base = createJobStore();
  return {
    ...base,
    async finishChunk(companyId, jobId, chunk, { issued, results, hasPart }) {
      const writes = issued.flatMap((s): TransactItem[] => [
        {
          Update: {
            TableName: tableName(),
            Key: keys.employee(companyId, s.employeeId),
            UpdateExpression:
              'SET registrationStatus = :issued, registrationExpiresAt = :until, registrationJob = :job, registrationLocked = :f REMOVE registrationClaim, registrationClaimAt',
            // Deleted since the chunk read it: the deletion took it out of the counters, so the
            // chunk must not move them; it runs again and finds the employee gone (excluded).
            ConditionExpression: 'registrationClaim = :job AND attribute_not_exists(deleted)',
            ExpressionAttributeValues: { ':issued': 'issued', ':until': s.expiresAt, ':job': jobId, ':f': false },
          },
        },
        {
          // A fresh record: the old password, and any link made with it, die with the reissue.
          Put: {
            TableName: tableName(),
            Item: { ...keys.registrationPassword(companyId, s.employeeId), entity: ENTITY.registrationPassword, hash: s.hash, jobId, issuedAt: s.issuedAt, expiresAt: s.expiresAt },
          },
        },
        // Reissue = unlock (README, Security): the failure counter of the employee's scope goes in the same write.
        { Delete: { TableName: tableName(), Key: keys.failureCounter(s.unlockKey) } },
      ]);
      const counter = counterUpdate(companyId, sumDeltas(issued.map((s) => countDeltas(registrationOnly(s.from), registrationOnly('issued')))));
      return recordChunk(companyId, jobId, chunk, results, issued, hasPart, writes, counter);
    },

    async moveExpired(companyId, jobId, employeeIds, phase, now) {
      const [from, to] = phase === 'expire' ? (['issued', 'expired'] as const) : (['expired', 'unissued'] as const);
      const items: Array<Record<string, unknown>> = [];
      for (let i = 0; i < employeeIds.length; i += 100) {
        let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string; ConsistentRead: boolean }> | undefined = {
          [tableName()]: { Keys: employeeIds.slice(i, i + 100).map((id) => keys.employee(companyId, id)), ProjectionExpression: 'id, registrationJob, registrationStatus, registrationExpiresAt', ConsistentRead: true },
        };
        while (request && Object.keys(request).length > 0) {
          const out = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
          items.push(...(out.Responses?.[tableName()] ?? []));
          request = out.UnprocessedKeys as typeof request;
        }
      }
      const nowIso = now.toISOString();
      const due = items.filter((i) => {
        if (i.registrationJob !== jobId || i.registrationStatus !== from || typeof i.registrationExpiresAt !== 'string') return false;
        const at = phase === 'expire' ? i.registrationExpiresAt : nextJapanDay(i.registrationExpiresAt);
        return at <= nowIso;
      });
      let moved = 0;
      for (const item of due) {
        const employeeId = String(item.id);
        const counter = counterUpdate(companyId, countDeltas(registrationOnly(from), registrationOnly(to)));
        try {
          await transact(
            [
              {
                Update: {
                  TableName: tableName(),
                  Key: keys.employee(companyId, employeeId),
                  UpdateExpression: phase === 'expire' ? 'SET registrationStatus = :to' : 'SET registrationStatus = :to REMOVE registrationExpiresAt, registrationJob, registrationLocked',
                  // A deleted employee left the counters with its status: the expiry moves neither.
                  ConditionExpression: 'registrationJob = :job AND registrationStatus = :from AND registrationExpiresAt <= :now AND attribute_not_exists(deleted)',
                  ExpressionAttributeValues: { ':to': to, ':job': jobId, ':from': from, ':now': nowIso },
                },
              },
              // The hash has nothing left to check once 未発行 again.
              ...(phase === 'reset' ? [{ Delete: { TableName: tableName(), Key: keys.registrationPassword(companyId, employeeId), ConditionExpression: 'attribute_not_exists(pk) OR jobId = :job', ExpressionAttributeValues: { ':job': jobId } } }] : []),
              ...(counter ? [counter] : []),
            ],
            ['state', 'state'],
          );
          moved += 1;
        } catch (e) {
          // Registered or issued again meanwhile: the newer state stands.
          if (!(e instanceof StoreConflict)) throw e;
        }
      }
      return moved;
    },
  };
}

function linkFromItem(item: Record<string, unknown>): RegistrationLink {
  return {
    digest: String(item.digest), companyId: String(item.companyId), employeeId: String(item.employeeId), jobId: String(item.jobId), address: String(item.address),
    createdAt: String(item.createdAt), expiresAt: String(item.expiresAt), ...(item.usedAt ? { usedAt: String(item.usedAt) } : {}),
  };
}

export function createRegistrationDirectory(): RegistrationDirectory {
  const directory = createAccountDirectory();
  return {
    async companyByKey(companyKey) {
      const ref = await getItem(keys.registrationKey(sha256(companyKey)));
      // An unknown key costs the same two reads as a known one.
      const company = await directory.company(ref ? String(ref.companyId) : DECOY);
      return ref ? company : undefined;
    },
    company: (companyId) => directory.company(companyId),
    async employeeByCode(companyId, employeeCode) {
      const ref = employeeCode ? await getItem(keys.employeeCode(companyId ?? DECOY, employeeCode)) : undefined;
      const employee = await directory.employee(companyId ?? DECOY, ref ? String(ref.employeeId) : DECOY);
      return ref && companyId ? employee : undefined;
    },
    employee: (companyId, employeeId) => directory.employee(companyId, employeeId),
    async password(companyId, employeeId) {
      const item = await getItem(keys.registrationPassword(companyId ?? DECOY, employeeId ?? DECOY));
      if (!item || !companyId || !employeeId || typeof item.hash !== 'string') return undefined;
      return {
        hash: item.hash, jobId: String(item.jobId), expiresAt: String(item.expiresAt),
        ...(item.linkDigest ? { linkDigest: String(item.linkDigest) } : {}), ...(item.usedAt ? { usedAt: String(item.usedAt) } : {}),
      };
    },
    async link(digest) {
      const item = await getItem(keys.link(digest));
      return item && item.entity === ENTITY.registrationLink ? linkFromItem(item) : undefined;
    },
  };
}

export function createRegistrationStore(): RegistrationStore {
  const audit = createAuditStore();
  return {
    async startLink(link, entry) {
      try {
        await transact(
          [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.link(link.digest), entity: ENTITY.registrationLink, ...link, expiresAtEpoch: Math.ceil(Date.parse(link.expiresAt) / 1000) + 86_400 },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              // Newest only: an earlier pending link (and its address) no longer counts.
              Update: {
                TableName: tableName(),
                Key: keys.registrationPassword(link.companyId, link.employeeId),
                UpdateExpression: 'SET linkDigest = :d',
                ConditionExpression: 'jobId = :job AND attribute_not_exists(usedAt)',
                ExpressionAttributeValues: { ':d': link.digest, ':job': link.jobId },
              },
            },
            auditPut(entry),
          ],
          ['exists', 'state'],
        );
        return true;
      } catch (e) {
        if (e instanceof StoreConflict) return false;
        throw e;
      }
    },

    async complete({ link, from, at, audit: entry }) {
      const next = { password: 'issued', verification: 'verified', privateEmail: 'yes', registration: 'used' } as const;
      const counter = counterUpdate(link.companyId, countDeltas({ ...from, privateEmail: 'no' }, next));
      try {
        await transact(
          [
            linkUse(link.digest, at),
            {
              Update: {
                TableName: tableName(),
                Key: keys.registrationPassword(link.companyId, link.employeeId),
                UpdateExpression: 'SET usedAt = :at',
                ConditionExpression: 'linkDigest = :d AND jobId = :job AND attribute_not_exists(usedAt) AND expiresAt > :at',
                ExpressionAttributeValues: { ':at': at, ':d': link.digest, ':job': link.jobId },
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.employee(link.companyId, link.employeeId),
                UpdateExpression:
                  'SET passwordStatus = :p, verificationStatus = :v, registrationStatus = :r, privateEmailRegistered = :t, passwordIssuedAt = :at REMOVE registrationLocked, temporaryPasswordExpiresAt, verificationTokenDigest',
                ConditionExpression: 'passwordStatus = :fp AND verificationStatus = :fv AND registrationStatus = :fr AND registrationJob = :job AND NOT (privateEmailRegistered = :t)',
                ExpressionAttributeValues: {
                  ':p': next.password, ':v': next.verification, ':r': next.registration, ':t': true, ':at': at, ':fp': from.password, ':fv': from.verification, ':fr': from.registration, ':job': link.jobId,
                },
              },
            },
            { Put: { TableName: tableName(), Item: { ...keys.privateEmail(link.companyId, link.employeeId), entity: ENTITY.privateEmail, address: link.address, verifiedAt: at } } },
            auditPut(entry),
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

    async markLocked(companyId, employeeId, entry) {
      try {
        await transact(
          [
            {
              Update: {
                TableName: tableName(),
                Key: keys.employee(companyId, employeeId),
                UpdateExpression: 'SET registrationLocked = :t',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':t': true },
              },
            },
            auditPut(entry),
          ],
          ['state'],
        );
      } catch (e) {
        if (!(e instanceof StoreConflict)) throw e;
      }
    },

    audit: (entry) => audit.write(entry),
  };
}

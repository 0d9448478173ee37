import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PasscodeJobStore, PasscodeTargets } from '../../core/issuance/passcode-issuance.js';
import type { PasscodeStore, TimeclockDirectory } from '../../core/timeclock/service.js';
import { countDeltas } from '../../core/issuance/counts.js';
import { dynamo } from '../clients/dynamodb.js';
import { createAccountDirectory } from './account-directory.js';
import { getEmployees, queryEmployeeList } from './employee-store.js';
import { createJobStore, recordChunk } from './job-store.js';
import { ENTITY, keys } from './keys.js';
import { counterUpdate, sumDeltas } from './status-counters.js';
import { auditPut, tableName, transact, type TransactItem } from './table.js';
import { StoreConflict } from '../../core/shared/store-errors.js';

// Passcodes: the employee item carries what the lists show (passcodeStatus, counted;
// passcodeLocked, for ロック中) and the claim of a running issuance job; the `#PASSCODE` item
// beside it holds the salted hash, the failure count and the lock, with a version for the
// conditional writes of concurrent attempts. A reissue replaces that item whole.

/** Same as PDF issuance: a claim older than this belongs to a job that died for good. */
const STALE_CLAIM_MINUTES = 30;

export function createPasscodeStore(): PasscodeStore {
  return {
    async get(companyId, employeeId) {
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.passcode(companyId, employeeId), ConsistentRead: true }));
      const item = out.Item;
      if (!item || typeof item.hash !== 'string') return undefined;
      return { hash: item.hash, failures: Number(item.failures ?? 0), locked: item.locked === true, version: Number(item.version ?? 0) };
    },
    async save(companyId, employeeId, expected, next, audit) {
      const items: TransactItem[] = [
        {
          Update: {
            TableName: tableName(),
            Key: keys.passcode(companyId, employeeId),
            UpdateExpression: 'SET failures = :f, locked = :l, version = :nv',
            // The hash too: a reissue between read and write must never be locked by the old passcode's attempt.
            ConditionExpression: 'version = :v AND #hash = :h',
            ExpressionAttributeNames: { '#hash': 'hash' },
            ExpressionAttributeValues: { ':f': next.failures, ':l': next.locked, ':nv': expected.version + 1, ':v': expected.version, ':h': expected.hash },
          },
        },
        auditPut(audit),
      ];
      if (next.locked !== expected.locked) {
        items.push({
          Update: {
            TableName: tableName(),
            Key: keys.employee(companyId, employeeId),
            UpdateExpression: 'SET passcodeLocked = :l',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':l': next.locked },
          },
        });
      }
      await transact(items, ['state', undefined, 'state']);
    },
  };
}

/** The time clock names an employee by company code and employee code. */
export function createTimeclockDirectory(): TimeclockDirectory {
  const directory = createAccountDirectory();
  return {
    companyByCode: (code) => directory.companyByCode(code),
    async employeeByCode(companyId, employeeCode) {
      if (!employeeCode) return undefined;
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.employeeCode(companyId, employeeCode), ConsistentRead: true }));
      return out.Item ? directory.employee(companyId, String(out.Item.employeeId)) : undefined;
    },
  };
}

/** The conditional write that claims an employee's passcode for a job (see PasscodeTargets.claim). */
function passcodeClaim(companyId: string, employeeId: string, jobId: string, expected: string, at: string) {
  const stale = new Date(Date.parse(at) - STALE_CLAIM_MINUTES * 60_000).toISOString();
  return {
    TableName: tableName(),
    Key: keys.employee(companyId, employeeId),
    UpdateExpression: 'SET passcodeClaim = :job, passcodeClaimAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND passcodeStatus = :expected AND (attribute_not_exists(passcodeClaim) OR passcodeClaim = :job OR passcodeClaimAt < :stale)',
    ExpressionAttributeValues: { ':job': jobId, ':at': at, ':expected': expected, ':stale': stale },
  };
}

export function createPasscodeTargets(): PasscodeTargets {
  const directory = createAccountDirectory();
  return {
    company: (companyId) => directory.company(companyId),
    employees: (companyId, ids) => getEmployees(companyId, ids),

    async unissuedIds(companyId) {
      // The disabled are included, so the job counts what the counters (and the button) count;
      // the worker reports them as not issued.
      const items = await queryEmployeeList(companyId, { filter: 'passcodeStatus = :u OR attribute_not_exists(passcodeStatus)', values: { ':u': 'unissued' }, projection: 'id' });
      return items.map((i) => String(i.id));
    },

    async claim(companyId, employeeId, jobId, expected, at) {
      try {
        await dynamo().send(new UpdateCommand(passcodeClaim(companyId, employeeId, jobId, expected, at)));
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },

    async claimAll(companyId, jobId, at, claims) {
      if (claims.length === 0) return true;
      if (claims.length > 100) return false;
      try {
        await transact(claims.map((c) => ({ Update: passcodeClaim(companyId, c.employeeId, jobId, c.expected, at) })), claims.map(() => 'state' as const));
        return true;
      } catch (e) {
        if (e instanceof StoreConflict) return false;
        throw e;
      }
    },
  };
}

/** The job store, with a chunk record that writes passcode records and 発行済. */
export function createPasscodeJobStore(): PasscodeJobStore {
  const base = createJobStore();
  return {
    ...base,
    async finishChunk(companyId, jobId, chunk, { issued, results, hasPart }) {
      const writes = issued.flatMap((s): TransactItem[] => [
        {
          Update: {
            TableName: tableName(),
            Key: keys.employee(companyId, s.employeeId),
            UpdateExpression: 'SET passcodeStatus = :issued, passcodeIssuedAt = :at, passcodeLocked = :f REMOVE passcodeClaim, passcodeClaimAt',
            ConditionExpression: 'passcodeClaim = :job',
            ExpressionAttributeValues: { ':issued': 'issued', ':at': s.issuedAt, ':f': false, ':job': jobId },
          },
        },
        {
          // A fresh record: the old passcode, its failures and its lock are gone with it.
          Put: {
            TableName: tableName(),
            Item: { ...keys.passcode(companyId, s.employeeId), entity: ENTITY.passcode, hash: s.hash, failures: 0, locked: false, version: 1, issuedAt: s.issuedAt, jobId },
          },
        },
      ]);
      const counter = counterUpdate(companyId, sumDeltas(issued.map((s) => countDeltas({ password: 'unissued', verification: 'none', passcode: s.from }, { password: 'unissued', verification: 'none', passcode: 'issued' }))));
      return recordChunk(companyId, jobId, chunk, results, issued, hasPart, writes, counter);
    },
  };
}

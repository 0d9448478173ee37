import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PasscodeJobStore, PasscodeTargets } from '../../core/issuance/passcode-issuance.js';
import type { PasscodeStore, TimeclockDirectory } from '../../core/timeclock/service.js';
import { countDeltas } from '../../core/issuance/counts.js';
import { dynamo } from '../clients/dynamodb.js';
import { createAccountDirectory } from './account-directory.js';
import { getEmployees, queryEmployeeList } from './employee-store.js';
import { createJobStore, recordChunk } from './job-store.js';
import { ENTITY, keys } from './keys.js';
import { counterUpdate, sumDeltas } from './status-counters.js';
import { claimUpdate } from './employee-claims.js';
import { auditPut, tableName, transact, updateAllIf, updateIf, type TransactItem } from './table.js';

// Passcodes: the employee item carries what the lists show (passcodeStatus, counted;
// passcodeLocked, for ロック中) and the claim of a running issuance job; the `#PASSCODE` item
// beside it holds the salted hash, the failure count and the lock, with a version for the
// conditional writes of concurrent attempts. A reissue replaces that item whole.


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

    claim: (companyId, employeeId, jobId, expected, at) => updateIf(claimUpdate('passcode', companyId, employeeId, jobId, at, expected)),
    claimAll: (companyId, jobId, at, claims) => updateAllIf(claims.map((c) => claimUpdate('passcode', companyId, c.employeeId, jobId, at, c.expected))),
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

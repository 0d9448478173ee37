import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FirstSignInRecorder } from '../../core/auth/service.js';
import type { IssuanceTargets, UnissuedEmployee, UnissuedEmployees } from '../../core/issuance/pdf-issuance.js';
import { dynamo } from '../clients/dynamodb.js';
import { createAccountDirectory } from './account-directory.js';
import { getEmployees, queryEmployeeList } from './employee-store.js';
import { keys } from './keys.js';
import { tableName, transact } from './table.js';
import { counterUpdate } from './status-counters.js';
import { countDeltas } from '../../core/issuance/counts.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import type { HeldByJob } from '../../core/jobs/ending.js';
import { mapLimit } from '../../core/shared/map-limit.js';

const PARALLEL_RELEASES = 10;

/** A claim older than this belongs to a job that died for good; another job may take it over. */
const STALE_CLAIM_MINUTES = 30;

/** The conditional write that claims an employee for a job (see IssuanceTargets.claim). */
export function claimUpdate(companyId: string, employeeId: string, jobId: string, expected: string, at: string) {
  const stale = new Date(Date.parse(at) - STALE_CLAIM_MINUTES * 60_000).toISOString();
  return {
    TableName: tableName(),
    Key: keys.employee(companyId, employeeId),
    UpdateExpression: 'SET issuanceClaim = :job, issuanceClaimAt = :at',
    ConditionExpression: 'attribute_exists(pk) AND passwordStatus = :expected AND (attribute_not_exists(issuanceClaim) OR issuanceClaim = :job OR issuanceClaimAt < :stale)',
    ExpressionAttributeValues: { ':job': jobId, ':at': at, ':expected': expected, ':stale': stale },
  };
}

export function createIssuanceTargets(): IssuanceTargets {
  const directory = createAccountDirectory();
  return {
    company: (companyId) => directory.company(companyId),
    employees: (companyId, ids) => getEmployees(companyId, ids),
    async claim(companyId, employeeId, jobId, expected, at) {
      try {
        await dynamo().send(new UpdateCommand(claimUpdate(companyId, employeeId, jobId, expected, at)));
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
        await transact(claims.map((c) => ({ Update: claimUpdate(companyId, c.employeeId, jobId, c.expected, at) })), claims.map(() => 'state' as const));
        return true;
      } catch (e) {
        if (e instanceof StoreConflict) return false;
        throw e;
      }
    },
  };
}

/** パスワード一括発行: only what the starters need of the employees at 未発行. */
export function createUnissuedEmployees(): UnissuedEmployees {
  return {
    async unissued(companyId) {
      const items = await queryEmployeeList(companyId, {
        filter: 'passwordStatus = :u OR attribute_not_exists(passwordStatus)',
        values: { ':u': 'unissued' },
        projection: 'id, email1, email2, email3',
      });
      return items.map((item): UnissuedEmployee => ({ id: String(item.id), email1: String(item.email1 ?? ''), email2: String(item.email2 ?? ''), email3: String(item.email3 ?? '') }));
    },
  };
}

/** The first sign-in's status move, only while the status is still what the sign-in read. */
export function createFirstSignInRecorder(): FirstSignInRecorder {
  return {
    async record(companyId, accountId, from, to) {
      const counter = counterUpdate(companyId, countDeltas(from, to));
      try {
        await transact(
          [
            {
              Update: {
                TableName: tableName(),
                Key: keys.employee(companyId, accountId),
                UpdateExpression: 'SET passwordStatus = :p, verificationStatus = :v',
                ConditionExpression: 'passwordStatus = :fp AND verificationStatus = :fv',
                ExpressionAttributeValues: { ':p': to.password, ':v': to.verification, ':fp': from.password, ':fv': from.verification },
              },
            },
            ...(counter ? [counter] : []),
          ],
          ['state'],
        );
      } catch (e) {
        // Changed meanwhile (a reissue): the newer status stands.
        if (!(e instanceof StoreConflict)) throw e;
      }
    },
  };
}

/**
 * Lets go of a job's claims on employees (`password`: issuance by PDF or mail; `passcode`), only
 * where that job still holds them.
 */
export function createClaimRelease(claim: 'password' | 'passcode'): HeldByJob {
  const [holder, since] = claim === 'passcode' ? ['passcodeClaim', 'passcodeClaimAt'] : ['issuanceClaim', 'issuanceClaimAt'];
  return {
    async release(companyId, jobId, employeeIds) {
      await mapLimit(employeeIds, PARALLEL_RELEASES, async (employeeId) => {
        try {
          await dynamo().send(
            new UpdateCommand({
              TableName: tableName(),
              Key: keys.employee(companyId, employeeId),
              UpdateExpression: `REMOVE ${holder}, ${since}`,
              ConditionExpression: `${holder} = :job`,
              ExpressionAttributeValues: { ':job': jobId },
            }),
          );
        } catch (e) {
          if (!(e instanceof ConditionalCheckFailedException)) throw e;
        }
      });
    },
  };
}

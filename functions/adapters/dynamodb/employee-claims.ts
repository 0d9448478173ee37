import type { HeldByJob } from '../../core/jobs/ending.js';
import { mapLimit } from '../../core/shared/map-limit.js';
import { keys } from './keys.js';
import { tableName, updateIf } from './table.js';

/**
 * The attributes by which a job holds an employee, per kind of claim: PDF and mail issuance share
 * one (both set the password); a claimed status must still be what the job read.
 */
const CLAIMS = {
  password: { holder: 'issuanceClaim', since: 'issuanceClaimAt', status: 'passwordStatus' },
  passcode: { holder: 'passcodeClaim', since: 'passcodeClaimAt', status: 'passcodeStatus' },
  registration: { holder: 'registrationClaim', since: 'registrationClaimAt', status: undefined },
} as const;
export type ClaimKind = keyof typeof CLAIMS;

/** A claim older than this belongs to a job that died for good; another job may take it over. */
const STALE_CLAIM_MINUTES = 30;

const PARALLEL_RELEASES = 10;

/**
 * The conditional write that claims an employee for a job: refused while another, live job holds
 * it (the same job may claim again: a retried chunk), or when its status is no longer `expected`.
 */
export function claimUpdate(kind: ClaimKind, companyId: string, employeeId: string, jobId: string, at: string, expected?: string) {
  const { holder, since, status } = CLAIMS[kind];
  const stale = new Date(Date.parse(at) - STALE_CLAIM_MINUTES * 60_000).toISOString();
  const statusHolds = status && expected !== undefined ? ` AND ${status} = :expected` : '';
  return {
    TableName: tableName(),
    Key: keys.employee(companyId, employeeId),
    UpdateExpression: `SET ${holder} = :job, ${since} = :at`,
    ConditionExpression: `attribute_exists(pk)${statusHolds} AND (attribute_not_exists(${holder}) OR ${holder} = :job OR ${since} < :stale)`,
    ExpressionAttributeValues: { ':job': jobId, ':at': at, ':stale': stale, ...(statusHolds ? { ':expected': expected } : {}) },
  };
}

/** Lets go of a job's claims (its chunks that never ran), only where that job still holds them. */
export function createClaimRelease(kind: ClaimKind): HeldByJob {
  const { holder, since } = CLAIMS[kind];
  return {
    async release(companyId, jobId, employeeIds) {
      await mapLimit(employeeIds, PARALLEL_RELEASES, (employeeId) =>
        updateIf({
          TableName: tableName(),
          Key: keys.employee(companyId, employeeId),
          UpdateExpression: `REMOVE ${holder}, ${since}`,
          ConditionExpression: `${holder} = :job`,
          ExpressionAttributeValues: { ':job': jobId },
        }),
      );
    },
  };
}

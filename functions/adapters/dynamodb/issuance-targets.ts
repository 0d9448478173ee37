import type { FirstSignInRecorder } from '../../core/auth/service.js';
import type { IssuanceTargets, UnissuedEmployee, UnissuedEmployees } from '../../core/issuance/pdf-issuance.js';
import { createAccountDirectory } from './account-directory.js';
import { getEmployees, queryEmployeeList } from './employee-store.js';
import { keys } from './keys.js';
import { tableName, transact, updateAllIf, updateIf } from './table.js';
import { counterUpdate } from './status-counters.js';
import { countDeltas } from '../../core/issuance/counts.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import { claimUpdate } from './employee-claims.js';

export function createIssuanceTargets(): IssuanceTargets {
  const directory = createAccountDirectory();
  return {
    company: (companyId) => directory.company(companyId),
    employees: (companyId, ids) => getEmployees(companyId, ids),
    claim: (companyId, employeeId, jobId, expected, at) => updateIf(claimUpdate('password', companyId, employeeId, jobId, at, expected)),
    claimAll: (companyId, jobId, at, claims) => updateAllIf(claims.map((c) => claimUpdate('password', companyId, c.employeeId, jobId, at, c.expected))),
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

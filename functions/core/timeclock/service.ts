import type { AuditEntry, RequestOrigin } from '../audit/audit-entry.js';
import type { AuditLog } from '../auth/service.js';
import type { Company } from '../companies/company.js';
import { fullName, type Employee } from '../employees/employee.js';
import { decoySecretHash, verifySecretHash } from '../shared/slow-hash.js';
import { afterPasscodeFailure, afterPasscodeSuccess, type PasscodeAttempts } from '../issuance/passcode-lock.js';
import { DomainError, unauthorized } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { StoreConflict } from '../shared/store-errors.js';

/** A stored passcode: its salted hash, its failure count and lock, and a version for conditional writes. */
export interface PasscodeRecord extends PasscodeAttempts {
  hash: string;
  version: number;
}

/** Port: companies and employees as the time clock names them. */
export interface TimeclockDirectory {
  companyByCode(code: string): Promise<Company | undefined>;
  employeeByCode(companyId: string, employeeCode: string): Promise<Employee | undefined>;
}

/** Port: the passcode records of employees. */
export interface PasscodeStore {
  get(companyId: string, employeeId: string): Promise<PasscodeRecord | undefined>;
  /**
   * Writes `next` on the record `expected` was read as (same version), with the attempt's audit
   * entry and, when the lock changes, the employee's ロック中 flag, in one transaction. Throws
   * StoreConflict when the record moved on (a concurrent attempt, a reissue).
   */
  save(companyId: string, employeeId: string, expected: PasscodeRecord, next: PasscodeAttempts, audit: AuditEntry): Promise<void>;
}

/** The slow hash, replaceable in tests; by default scrypt (passcode-hash.ts). */
export interface PasscodeHashes {
  verify(passcode: string, hash: string): Promise<boolean>;
  /** The hash an unknown employee or an unissued passcode is checked against, for equal work. */
  decoy(): Promise<string>;
}

const SCRYPT_HASHES: PasscodeHashes = { verify: verifySecretHash, decoy: decoySecretHash };

export interface TimeclockDeps {
  hashes?: PasscodeHashes;
  directory: TimeclockDirectory;
  passcodes: PasscodeStore;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
}

export interface VerifiedEmployee {
  employeeCode: string;
  name: string;
}

const SAVE_ATTEMPTS = 3;

const INVALID = () =>
  unauthorized('PASSCODE_INVALID', {
    ja: '会社コード、社員コード、またはパスコードが正しくありません。',
    en: 'The company code, employee code or passcode is incorrect.',
  });

const LOCKED = () =>
  new DomainError(423, 'PASSCODE_LOCKED', {
    ja: 'パスコードは続けて誤入力されたためロックされています。管理者にパスコードの再発行を依頼してください。',
    en: 'This passcode is locked after repeated wrong entries. Ask your administrator to reissue it.',
  });

/**
 * The web time clock's passcode check (`POST /api/timeclock/verify`).
 *
 * No enumeration: an unknown company or employee, a disabled one and an unissued passcode all
 * answer 401 PASSCODE_INVALID, like a wrong passcode, after the same scrypt work (against a
 * decoy hash). 423 PASSCODE_LOCKED is answered only to the RIGHT passcode of a locked record;
 * a wrong one answers 401 like everything else (and the fifth failure, which locks, answers
 * 401 too: it was wrong). So a guesser can tell a locked employee from an unknown one only by
 * guessing its passcode, which the reissue that lifts the lock replaces anyway, while the
 * employee standing at the clock typing their own passcode learns that it is locked and whom
 * to ask. Attempts on an unknown company are not audited: there is no tenant to log them under.
 */
export function createTimeclockService({ directory, passcodes, audit, clock, ids, hashes = SCRYPT_HASHES }: TimeclockDeps) {
  const entry = (company: Company, employeeCode: string, employee: Employee | undefined, result: AuditEntry['result'], reason: AuditEntry['reason'], origin: RequestOrigin, detail?: AuditEntry['detail']): AuditEntry => ({
    id: ids.next(),
    companyId: company.id,
    at: clock.now().toISOString(),
    actor: employee?.loginId ?? employeeCode,
    actorAccountId: employee?.id,
    action: 'timeclock.verify',
    target: employeeCode,
    targetAccountId: employee?.id,
    result,
    reason,
    sourceIp: origin.sourceIp,
    ...(detail ? { detail } : {}),
  });

  return {
    async verify(input: { companyCode: string; employeeCode: string; passcode: string }, origin: RequestOrigin): Promise<VerifiedEmployee> {
      const company = await directory.companyByCode(input.companyCode.trim());
      const employeeCode = input.employeeCode.trim();
      const employee = company ? await directory.employeeByCode(company.id, employeeCode) : undefined;
      const usable = employee !== undefined && !employee.deleted && employee.enabled;

      for (let attempt = 1; ; attempt++) {
        const record = company && usable && employee.passcodeStatus === 'issued' ? await passcodes.get(company.id, employee.id) : undefined;
        // The hash work happens on every path, so timing does not tell the cases apart.
        const matches = await hashes.verify(input.passcode, record?.hash ?? (await hashes.decoy()));
        if (!company) throw INVALID();
        if (!record) {
          const reason = !employee || employee.deleted ? 'unknown-employee' : !employee.enabled ? 'disabled' : 'unissued';
          await audit.write(entry(company, employeeCode, employee?.deleted ? undefined : employee, 'failure', reason, origin));
          throw INVALID();
        }
        if (record.locked) {
          await audit.write(entry(company, employeeCode, employee, 'failure', 'locked', origin));
          throw matches ? LOCKED() : INVALID();
        }
        const next = matches ? afterPasscodeSuccess(record) : afterPasscodeFailure(record);
        const auditEntry = matches
          ? entry(company, employeeCode, employee, 'success', undefined, origin)
          : entry(company, employeeCode, employee, 'failure', next.locked ? 'bad-passcode-locked' : 'bad-passcode', origin, { failures: next.failures });
        try {
          if (next.failures === record.failures && next.locked === record.locked) await audit.write(auditEntry);
          else await passcodes.save(company.id, employee!.id, record, next, auditEntry);
        } catch (e) {
          // Another attempt or a reissue got there first: judge this one again on the new record.
          if (e instanceof StoreConflict && attempt < SAVE_ATTEMPTS) continue;
          throw e;
        }
        if (!matches) throw INVALID();
        return { employeeCode: employee!.employeeCode, name: fullName(employee!) };
      }
    },
  };
}

export type TimeclockService = ReturnType<typeof createTimeclockService>;

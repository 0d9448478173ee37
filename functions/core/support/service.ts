import { requireSupport, type Actor } from '../access/actor.js';
import type { Company } from '../companies/company.js';
import { fullName, type Employee } from '../employees/employee.js';
import type { Lock } from '../guard/failure-lock.js';
import type { MfaOwner } from '../mfa/mfa-lock.js';
import { notFound } from '../shared/errors.js';

/** Port: companies and their accounts as the support console finds them. */
export interface SupportDirectory {
  companyByCode(code: string): Promise<Company | undefined>;
  company(id: string): Promise<Company | undefined>;
  employee(companyId: string, id: string): Promise<Employee | undefined>;
  employeeByLoginId(companyId: string, loginId: string): Promise<Employee | undefined>;
  /** Accounts whose code, name or kana contain `q` (the employee list's search). */
  search(companyId: string, q: string, limit: number): Promise<Employee[]>;
}

/** Port: what support may do to a second factor. */
export interface SupportMfa {
  lockOf(owner: MfaOwner): Promise<Lock | undefined>;
  unlock(owner: MfaOwner, operator: Actor): Promise<void>;
  reset(owner: MfaOwner, operator: Actor): Promise<void>;
}

/** One account as the console shows it: who, and the state of its second factor. Never a secret. */
export interface SupportAccountView {
  id: string;
  employeeCode: string;
  name: string;
  loginId: string;
  role: Employee['role'];
  accountKind: Employee['accountKind'];
  enabled: boolean;
  mfaStatus: Employee['mfaStatus'];
  /** none, a growing wait (until), or the hard lock only support lifts. */
  mfaLock: { kind: 'none' } | { kind: 'delay'; until: string } | { kind: 'hard' };
}

const SEARCH_LIMIT = 20;

const COMPANY_NOT_FOUND = notFound({ ja: 'この会社コードの会社はありません。', en: 'No company has this code.' });
const ACCOUNT_NOT_FOUND = notFound({ ja: 'アカウントが見つかりません。', en: 'Account not found.' });

/**
 * The support console (サポート): find a company and an account, then lift the lock of its
 * second factor or reset it. Support operators only; every action lands in the company's log.
 */
export function createSupportService({ directory, mfa }: { directory: SupportDirectory; mfa: SupportMfa }) {
  const ownerOf = (e: Employee): MfaOwner => ({ kind: 'employee', companyId: e.companyId, accountId: e.id });

  async function viewOf(e: Employee): Promise<SupportAccountView> {
    const lock = await mfa.lockOf(ownerOf(e));
    return {
      id: e.id,
      employeeCode: e.employeeCode,
      name: fullName(e),
      loginId: e.loginId,
      role: e.role,
      accountKind: e.accountKind,
      enabled: e.enabled,
      mfaStatus: e.mfaStatus ?? 'none',
      mfaLock: lock ?? { kind: 'none' },
    };
  }

  async function mustAccount(companyId: string, accountId: string): Promise<Employee> {
    const employee = await directory.employee(companyId, accountId);
    if (!employee || employee.deleted || employee.companyId !== companyId) throw ACCOUNT_NOT_FOUND;
    return employee;
  }

  return {
    async findCompany(actor: Actor, code: string): Promise<Pick<Company, 'id' | 'code' | 'name'>> {
      requireSupport(actor);
      const company = await directory.companyByCode(code.trim());
      if (!company) throw COMPANY_NOT_FOUND;
      return { id: company.id, code: company.code, name: company.name };
    },

    /** Accounts of a company by exact login ID, or by code, name or kana. */
    async accounts(actor: Actor, companyId: string, q: string): Promise<SupportAccountView[]> {
      requireSupport(actor);
      if (!(await directory.company(companyId))) throw COMPANY_NOT_FOUND;
      const text = q.trim();
      if (text === '') return [];
      const [byLogin, found] = await Promise.all([directory.employeeByLoginId(companyId, text), directory.search(companyId, text, SEARCH_LIMIT)]);
      const all = [...(byLogin && !byLogin.deleted ? [byLogin] : []), ...found.filter((e) => e.id !== byLogin?.id)].slice(0, SEARCH_LIMIT);
      return Promise.all(all.map(viewOf));
    },

    async unlock(actor: Actor, companyId: string, accountId: string): Promise<SupportAccountView> {
      requireSupport(actor);
      const employee = await mustAccount(companyId, accountId);
      await mfa.unlock(ownerOf(employee), actor);
      return viewOf({ ...employee, mfaLocked: false });
    },

    async resetMfa(actor: Actor, companyId: string, accountId: string): Promise<SupportAccountView> {
      requireSupport(actor);
      const employee = await mustAccount(companyId, accountId);
      await mfa.reset(ownerOf(employee), actor);
      return viewOf({ ...employee, mfaStatus: 'none', mfaLocked: false });
    },
  };
}

export type SupportService = ReturnType<typeof createSupportService>;

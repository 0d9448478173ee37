import { requireAdmin, requireReader, type Actor } from '../access/actor.js';
import type { AttendanceLink } from '../attendance/clock.js';
import { fullName, type Employee, type Role } from '../employees/employee.js';
import type { GroupLanguage } from '../groups/group.js';
import type { MfaOwner } from '../mfa/mfa-lock.js';
import { conflict, DomainError, notFound } from '../shared/errors.js';
import type { Company } from './company.js';
import type { CompanySettings } from './settings.js';

/** 企業情報: what an admin reads about the company (nothing here is edited on that page). */
export interface CompanyInfo {
  id: string;
  code: string;
  name: string;
  attendanceLink: AttendanceLink;
  adminMayDeleteMfa: boolean;
  language: GroupLanguage;
  timeZone: string;
}

/** 管理者設定: one admin or viewer of the company. */
export interface StaffMember {
  id: string;
  employeeCode: string;
  name: string;
  loginId: string;
  role: Exclude<Role, 'employee'>;
  enabled: boolean;
}

/** Port: the company, its settings, its admins and viewers (few: one bounded read), and one employee. */
export interface CompanyAdminDirectory {
  company(companyId: string): Promise<Company | undefined>;
  settings(companyId: string): Promise<CompanySettings>;
  /** The company's admins and viewers (every live account whose role is not employee). */
  staff(companyId: string): Promise<Employee[]>;
  employee(companyId: string, id: string): Promise<Employee | undefined>;
}

/** Port: the second-factor service's admin deletion (core/mfa). */
export interface AdminMfaRemoval {
  removeByAdmin(owner: MfaOwner, admin: Actor, target: string): Promise<boolean>;
}

export const MFA_DELETE_NOT_ALLOWED = new DomainError(403, 'MFA_DELETE_NOT_ALLOWED', {
  ja: 'この会社では、管理者は認証情報を削除できません。サポートにご依頼ください。',
  en: 'In this company, admins cannot delete authenticator registrations. Ask support.',
});
const NO_FACTOR = conflict('MFA_NOT_ACTIVE', { ja: 'この社員は2段階認証を設定していません。', en: 'This employee has no second factor.' });
const EMPLOYEE_NOT_FOUND = notFound({ ja: '社員が見つかりません。', en: 'Employee not found.' });

/** 企業情報 and 管理者設定 (read-only), and 認証情報の削除 where the company allows it. */
export function createCompanyAdminService({ directory, mfa }: { directory: CompanyAdminDirectory; mfa: AdminMfaRemoval }) {
  return {
    async info(actor: Actor): Promise<CompanyInfo> {
      requireReader(actor);
      const [company, s] = await Promise.all([directory.company(actor.companyId), directory.settings(actor.companyId)]);
      if (!company) throw notFound();
      return { id: company.id, code: company.code, name: company.name, attendanceLink: s.attendanceLink, adminMayDeleteMfa: s.adminMayDeleteMfa, language: s.language, timeZone: s.timeZone };
    },

    /** Admins first, then viewers, each by employee code. */
    async staff(actor: Actor): Promise<StaffMember[]> {
      requireReader(actor);
      const found = await directory.staff(actor.companyId);
      return found
        .filter((e): e is Employee & { role: StaffMember['role'] } => !e.deleted && e.companyId === actor.companyId && e.role !== 'employee')
        .map((e) => ({ id: e.id, employeeCode: e.employeeCode, name: fullName(e), loginId: e.loginId, role: e.role, enabled: e.enabled }))
        .sort((a, b) => (a.role === b.role ? (a.employeeCode < b.employeeCode ? -1 : 1) : a.role === 'admin' ? -1 : 1));
    },

    /** 認証情報の削除: admins only, and only where support turned 「管理者による認証情報の削除を許可する」 on. */
    async deleteMfa(actor: Actor, employeeId: string): Promise<{ mfaStatus: 'none' }> {
      requireAdmin(actor);
      // Who first (an id that names nobody of this company is a 404 whatever the setting), then whether it is allowed.
      const [employee, s] = await Promise.all([directory.employee(actor.companyId, employeeId), directory.settings(actor.companyId)]);
      if (!employee || employee.deleted || employee.companyId !== actor.companyId) throw EMPLOYEE_NOT_FOUND;
      if (!s.adminMayDeleteMfa) throw MFA_DELETE_NOT_ALLOWED;
      const removed = await mfa.removeByAdmin({ kind: 'employee', companyId: actor.companyId, accountId: employee.id }, actor, employee.employeeCode);
      if (!removed) throw NO_FACTOR;
      return { mfaStatus: 'none' };
    },
  };
}

export type CompanyAdminService = ReturnType<typeof createCompanyAdminService>;

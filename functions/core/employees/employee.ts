import type { RegistrationStatus } from '../registration/status.js';

/** Roles an account can hold. `viewer` reads admin screens; `admin` is ユーザー管理者. */
export const ROLES = ['employee', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * 従業員・管理アカウント (`internal`: employees, and admins/viewers, who are employees with a role)
 * or 外部アカウント (`external`: partners and contractors, never forced to use a second factor).
 */
export const ACCOUNT_KINDS = ['internal', 'external'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** The fields an admin edits (form, CSV). Mail addresses are slots 1–3; slot 1 is the default target. */
export interface EmployeeInput {
  employeeCode: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  office: string;
  department: string;
  /** YYYY-MM-DD, or empty. */
  birthDate: string;
  email1: string;
  email2: string;
  email3: string;
  /** Empty means "generate one". */
  loginId: string;
  role: Role;
  accountKind: AccountKind;
  enabled: boolean;
}

/** Issuance statuses (DESIGN.md §5), changed only by issuance, never by editing the employee. */
export interface EmployeeStatuses {
  passwordStatus: 'unissued' | 'issuing' | 'issued' | 'reissuing';
  verificationStatus: 'none' | 'pending' | 'expired' | 'verified_pending_login' | 'verified' | 'not_applicable';
  passcodeStatus: 'unissued' | 'issued';
  /** 私用メールアドレス 有: the employee registered a private address (the address itself lives apart, seen only by its owner). */
  privateEmailRegistered: boolean;
  /** 私用メールアドレス登録用パスワード (DESIGN.md §5b). */
  registrationStatus: RegistrationStatus;
  /** 2段階認証: set up (and confirmed) or not. Changed only by the account itself and support. */
  mfaStatus: 'none' | 'active';
}

export const INITIAL_STATUSES: EmployeeStatuses = {
  passwordStatus: 'unissued',
  verificationStatus: 'none',
  passcodeStatus: 'unissued',
  privateEmailRegistered: false,
  registrationStatus: 'unissued',
  mfaStatus: 'none',
};

/** A stored employee (one account per employee). */
export interface Employee extends EmployeeInput, Partial<EmployeeStatuses> {
  /** Until when the temporary password of the last issuance may be used for the first sign-in. */
  temporaryPasswordExpiresAt?: string;
  /** The time-clock passcode is locked after 5 failures (ロック中) until an admin reissues it. */
  passcodeLocked?: boolean;
  /** The second factor is hard-locked (ロック中) until support unlocks it. */
  mfaLocked?: boolean;
  /** The latest verification-request mail (hover on 認証待ち) and its link's deadline. */
  verificationRequestedAt?: string;
  verificationExpiresAt?: string;
  /** Address slots (1–3) verified before: the 認証済み mark. */
  verifiedAddresses?: number[];
  /** Address slots whose last mail bounced. */
  bouncedAddresses?: number[];
  /** Until when the registration password of the last issuance may be used (発行済), or when it expired (期限切れ). */
  registrationExpiresAt?: string;
  /** 10 wrong attempts locked the registration password until it is issued again. */
  registrationLocked?: boolean;
  /** アカウント発行 有/無, derived from the issuance statuses when read (core/registration/status.ts). */
  accountIssued?: boolean;
  /** The group (グループ設定) the employee belongs to, if any: how they sign in at the PC logon client. */
  groupId?: string;
  id: string;
  companyId: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency counter: every write sets version + 1 on the expected version. */
  version: number;
  deleted?: boolean;
}

export const EMAIL_SLOTS = ['email1', 'email2', 'email3'] as const;
export type EmailSlot = (typeof EMAIL_SLOTS)[number];

export function emailsOf(e: Pick<EmployeeInput, EmailSlot>): string[] {
  return EMAIL_SLOTS.map((slot) => e[slot]).filter((a) => a !== '');
}

/** Addresses compare case-insensitively (local parts are case-sensitive in theory, never in practice). */
export function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}

export function fullName(e: Pick<EmployeeInput, 'familyName' | 'givenName'>): string {
  return `${e.familyName} ${e.givenName}`.trim();
}

// Wire shapes of the API (openapi.yaml). Types shared with the backend are imported from its
// domain modules (type-only: nothing of the backend reaches the bundle); the rest are the JSON
// forms the API answers with, e.g. issues with `message` already in the caller's language.
import type { AccountKind, Role } from '../../../functions/core/employees/employee';
import type { EmployeeImport as StoredImport } from '../../../functions/core/imports/employee-import';

export type { AccountKind, Role };
export type { Account } from '../../../functions/core/auth/service';
export type { EmployeeInput as EmployeeFields } from '../../../functions/core/employees/employee';
export type { DuplicateAddress as DuplicateHolder, OwnDuplicate } from '../../../functions/core/employees/service';
export type { ImportState } from '../../../functions/core/imports/employee-import';
export type { CompanySettings } from '../../../functions/core/companies/settings';
export type { PasswordStatus, PasscodeStatus, VerificationStatus } from '../../../functions/core/issuance/status';
export type { AuditEntry } from '../../../functions/core/audit/audit-entry';
export type { SearchConditions as AuditConditions } from '../../../functions/core/audit/service';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry';
import type { SearchConditions } from '../../../functions/core/audit/service';
import type { PasscodeStatus, PasswordStatus, VerificationStatus } from '../../../functions/core/issuance/status';
import type { Account } from '../../../functions/core/auth/service';
import type { EmployeeInput } from '../../../functions/core/employees/employee';
import type { SETTINGS_LIMITS } from '../../../functions/core/companies/settings';

export const ROLES: readonly Role[] = ['employee', 'viewer', 'admin'];
export const ACCOUNT_KINDS: readonly AccountKind[] = ['internal', 'external'];

export interface SignedIn {
  result: 'signed-in';
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  account: Account;
}

export interface NewPasswordRequired {
  result: 'new-password-required';
  session: string;
}

/** The password passed; a code from the authenticator app (or a backup code) comes next. */
export interface MfaRequired {
  result: 'mfa-required';
  session: string;
}

/** 2段階認証 of the signed-in account (GET /api/me/mfa; never the secret or a code). */
export interface MfaState {
  status: 'none' | 'active';
  required: boolean;
  backupCodesLeft: number;
  backupCodesLow: boolean;
  canTurnOff: boolean;
}

/** POST /api/me/mfa/setup: the secret, shown once. */
export interface MfaSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
  expiresAt: string;
}

export type SecondFactorProof = { code: string } | { backupCode: string };

/** An account as the support console shows it. */
export interface SupportAccountView {
  id: string;
  employeeCode: string;
  name: string;
  loginId: string;
  role: Role;
  accountKind: AccountKind;
  enabled: boolean;
  mfaStatus: 'none' | 'active';
  mfaLock: { kind: 'none' } | { kind: 'delay'; until: string } | { kind: 'hard' };
}

export interface SupportCompany {
  id: string;
  code: string;
  name: string;
  /** 打刻連携 and 「管理者による認証情報の削除を許可する», set on the console. */
  clientSettings: ClientSettings;
}

export type { ClientSettings } from '../../../functions/core/companies/settings';
export type { CompanyInfo, StaffMember } from '../../../functions/core/companies/company-admin';
import type { ClientSettings } from '../../../functions/core/companies/settings';

export type EmployeeFieldName = keyof EmployeeInput;

export interface EmployeeWrite extends EmployeeInput {
  confirmDuplicates?: boolean;
}

export interface Employee extends EmployeeInput {
  id: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  passwordStatus: PasswordStatus;
  verificationStatus: VerificationStatus;
  passcodeStatus: PasscodeStatus;
  /** ロック中: 5 wrong passcodes at the time clock; lifted by a reissue. */
  passcodeLocked: boolean;
  /** 2段階認証 設定済 / 未設定. */
  mfaStatus?: 'none' | 'active';
  /** ロック中: the second factor is hard-locked until support unlocks it. */
  mfaLocked?: boolean;
  /** The latest verification-request mail (ISO): shown when hovering 認証待ち. */
  verificationRequestedAt?: string | null;
  verificationExpiresAt?: string | null;
  /** Addresses (1..3) verified before: the 認証済み mark. */
  verifiedAddresses?: AddressNo[];
  /** Addresses (1..3) whose last mail bounced. */
  bouncedAddresses?: AddressNo[];
  /** 私用メールアドレス 有/無 (the address itself is seen only by its owner). */
  privateEmailRegistered?: boolean;
  /** アカウント発行 有/無: a PDF notice, a notice mail or a self-registration handed out a password. */
  accountIssued?: boolean;
  /** 私用メールアドレス登録用パスワード. */
  registrationStatus?: RegistrationStatus;
  registrationExpiresAt?: string | null;
  /** ロック中: 10 wrong attempts in a row, lifted by issuing again. */
  registrationLocked?: boolean;
  /** 所属グループ (absent: in no group). */
  groupId?: string;
}

export type { RegistrationStatus } from '../../../functions/core/registration/status';
import type { RegistrationStatus } from '../../../functions/core/registration/status';
export const REGISTRATION_STATUS_LIST: readonly RegistrationStatus[] = ['unissued', 'issued', 'used', 'expired'];

/** メールアドレス1, 2 or 3 of an employee. */
export type AddressNo = 1 | 2 | 3;
export const ADDRESS_NOS: readonly AddressNo[] = [1, 2, 3];

export interface EmployeePage {
  items: Employee[];
  nextCursor?: string | null;
}

/** An issue as the API sends it: its message already in the request's language. */
export interface ImportIssue {
  line: number;
  field?: string;
  code: string;
  message: string;
}

export type EmployeeImport = Omit<StoredImport, 'companyId' | 'createdBy' | 'errors' | 'warnings' | 'failedRows'> & {
  errors: ImportIssue[];
  warnings: ImportIssue[];
  failedRows?: ImportIssue[];
};

/** `error.details.issues` of a 400 from a form endpoint. */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

/** The day ranges of the settings, as the backend's SETTINGS_LIMITS (only its type crosses over). */
export type SettingsLimits = typeof SETTINGS_LIMITS;

/** GET /api/me: the account with its sign-in times and own mail addresses. */
export interface MyAccount extends Account {
  lastSignInAt: string | null;
  /** 前回ログイン日時; null on the first sign-in. */
  previousSignInAt: string | null;
  email1: string;
  email2: string;
  email3: string;
  /** How the company hands out accounts (基本設定 › 通知方法), readable by every role. */
  notificationMethod: 'pdf' | 'mail';
  /** Whether the company requires 2段階認証 (the list shows who still has none). */
  mfaEnforcement: 'optional' | 'required';
  mfa: MfaState & { setupRequired: boolean };
}

/** マイページ › 私用メールアドレス: one's own, never shown to admins; a change waits for its mailed link. */
export interface MyPrivateEmail {
  address: string | null;
  verifiedAt: string | null;
  pending: { address: string; expiresAt: string } | null;
}

export interface MyEmails {
  email1: string;
  email2: string;
  email3: string;
}

export const PASSWORD_STATUSES: readonly PasswordStatus[] = ['unissued', 'issuing', 'issued', 'reissuing'];
export const PASSCODE_STATUSES: readonly PasscodeStatus[] = ['unissued', 'issued'];

/** A failed or excluded employee of a job (successes are only counted), message in the caller's language. */
export interface JobResult {
  employeeId: string;
  employeeCode: string;
  name: string;
  outcome: 'failed' | 'excluded';
  reason: string;
  message: string;
}

/**
 * Why a job ended as failed: a chunk failed on every delivery (`chunk-failed`), or the job made
 * no progress for 35 minutes (`stalled`). Its unprocessed employees are failed rows.
 */
export type JobStopReason = 'chunk-failed' | 'stalled';

/** What every job says of how it ended and of its re-run (未処理の社員で再実行). */
export interface JobEnd {
  stopReason: JobStopReason | null;
  /** The job this one re-runs the failed and unprocessed employees of. */
  rerunOf: string | null;
  /** The job that re-ran this one. */
  rerunBy: string | null;
  canRerun: boolean;
}

/** GET /api/admin/jobs: a job still listed (running, or until its file expires), without rows or link. */
export interface JobSummary extends JobEnd {
  jobId: string;
  kind: string;
  reissue?: boolean;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  counts: { succeeded: number; failed: number; excluded: number };
  createdBy: string;
  createdAt: string;
  finishedAt?: string | null;
  fileExpiresAt?: string | null;
  listedUntil: string | null;
}

/** GET /api/admin/jobs/{jobId}: a bulk PDF issuance (passwords or passcodes) or a bulk mail send. */
export interface Job extends JobEnd {
  jobId: string;
  kind: 'pdf-issuance' | 'passcode-issuance' | 'mail-request' | 'mail-notice' | 'registration-codes' | 'group-assignment';
  /** group-assignment: the group its employees go into; null when they leave their group. */
  assignGroupId?: string | null;
  reissue?: boolean;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  counts: { succeeded: number; failed: number; excluded: number };
  createdAt: string;
  finishedAt?: string | null;
  results: JobResult[];
  /** A presigned link valid for minutes; GET the job again for a fresh one until fileExpiresAt. */
  download: { url: string; expiresAt: string; fileExpiresAt: string } | null;
  /**
   * registration-codes only: the CSV and the letters, until the passwords expire (null after);
   * `csvMail` says whether the CSV link was mailed to the admin who ran the job.
   */
  files?: { expiresAt: string; csvMail: 'sent' | 'no-address' | 'failed' } | null;
}

export const VERIFICATION_STATUS_LIST: readonly VerificationStatus[] = ['none', 'pending', 'expired', 'verified_pending_login', 'verified', 'not_applicable'];

export type MailKind = 'verification-request' | 'account-notice';
export type MailDelivery = 'sent' | 'delivered' | 'bounced' | 'complained' | 'failed';

/** One mail of メール送信履歴 (GET /api/admin/employees/{id}/mails), newest first. */
export interface MailRecord {
  mailId: string;
  kind: MailKind;
  address: AddressNo;
  to: string;
  subject: string;
  sentAt: string;
  delivery: MailDelivery;
  events: Array<{ type: string; at: string; detail?: string }>;
}

/** A mail as it will be sent; the link or password that exist only at send time are placeholders. */
export interface MailPreview {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A target of a mail send: the employee and which of their addresses. */
export interface MailTarget {
  employeeId: string;
  address: AddressNo;
}

export type MailMode = 'new' | 'resend' | 'reissue';

/** GET /api/verification/{token}: whose link it is (nothing changes). */
export interface VerificationInfo {
  companyName: string;
  companyCode: string;
  employeeName: string;
}

/** One page of ログ表示 (openapi.yaml AuditPage). */
export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
  /** The window searched: send it with nextCursor (a relative window moves with the clock). */
  from: string;
  to: string;
  timeZone: string;
  /** Whose zone timeZone is: the company's, or (one member's history) their group's. */
  zoneOf: 'company' | 'group';
  earliest: string;
  mode: NonNullable<SearchConditions['mode']>;
  exportable: boolean;
  count: number | null;
}

export interface SavedSearch {
  searchId: string;
  name: string;
  conditions: SearchConditions;
  createdAt: string;
  updatedAt: string;
}

export interface AuditExportJob {
  jobId: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  rows: number;
  createdAt: string;
  finishedAt: string | null;
  download: { url: string; expiresAt: string; fileExpiresAt: string } | null;
}

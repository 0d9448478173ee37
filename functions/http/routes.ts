/**
 * Every HTTP route: the local API server and the CDK stack both read this list, so a route exists
 * in both or in neither. Each `handler` names a module `functions/http/<handler>.ts` exporting
 * `handler`; one Lambda function per handler module. Data only: importing this pulls in no code.
 */
export type Auth = 'none' | 'jwt';

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `{name}` for a path parameter. */
  path: string;
  handler: HandlerName;
  auth: Auth;
}

/** What each handler's function may touch; the stack grants exactly this. */
export interface HandlerAccess {
  table: 'read' | 'readwrite';
  cognito?: Array<'auth' | 'admin-read' | 'admin-write'>;
  files?: 'read' | 'readwrite';
  queue?: boolean;
  mail?: boolean;
  /** Large bodies (CSV) need more memory and time than the default. */
  heavy?: boolean;
  /** Renders notice PDFs: the bundle carries the notice fonts. */
  fonts?: boolean;
  /** Reads the configured SES send rate (for estimates) without being allowed to send. */
  sendRate?: boolean;
  /** Creates the one-time EventBridge Scheduler schedules of registration-password expiry. */
  schedules?: boolean;
  /** The audit log's locked day seals (S3 Object Lock): the sweep writes them, verify reads them. */
  digests?: 'read' | 'write';
  /** Verifies or sets up second-factor codes: may read the key that seals TOTP secrets. */
  totpKey?: boolean;
  /** Publishes clock events (PutEvents on the stack's clock-event bus). */
  clockBus?: boolean;
}

export const HANDLERS = {
  health: { table: 'read', cognito: ['admin-read'], files: 'read', mail: true },
  auth: { table: 'readwrite', cognito: ['auth', 'admin-read'], totpKey: true },
  me: { table: 'readwrite', cognito: ['auth', 'admin-write'] },
  employees: { table: 'readwrite', cognito: ['admin-write'] },
  'employee-imports': { table: 'readwrite', files: 'readwrite', queue: true, heavy: true },
  'employee-export': { table: 'read', heavy: true },
  /** ログ表示: search only. */
  audit: { table: 'read' },
  'audit-searches': { table: 'readwrite' },
  'audit-exports': { table: 'readwrite', queue: true, files: 'read' },
  /** Recomputes up to a month of days against their seals. */
  'audit-verify': { table: 'readwrite', digests: 'read', heavy: true },
  settings: { table: 'readwrite', sendRate: true },
  issuance: { table: 'readwrite', queue: true },
  /** Reads jobs; 未処理の社員で再実行 starts a job of the same kind. */
  jobs: { table: 'readwrite', files: 'read', queue: true },
  /** グループ設定: the groups, and the start of a bulk assignment job (issue 12). */
  groups: { table: 'readwrite', queue: true },
  /** The sign-in page's company name for a code: public, reads the table only. */
  /** The company-name lookup of the sign-in page: public; writes only its throttle counters. */
  companies: { table: 'readwrite' },
  /** The web time clock's passcode check: public, table only (no Cognito, files or queue). */
  timeclock: { table: 'readwrite' },
  'employee-mails': { table: 'read' },
  verification: { table: 'readwrite', cognito: ['admin-write'], mail: true },
  /** Self-registration (the company QR page and its mailed link): public; creates the Cognito account. */
  registration: { table: 'readwrite', cognito: ['admin-write'], mail: true },
  /** 私用メールアドレス登録用パスワード: starts the job; presigns the audited downloads of its files. */
  'registration-codes': { table: 'readwrite', queue: true, files: 'read' },
  /** マイページ's private address: mails its confirmation link; the address is read by its owner only. */
  'private-email': { table: 'readwrite', mail: true },
  /** 企業情報 (facts and the registration URL), 管理者設定, an admin's 認証情報の削除 (table only: no secret is read). */
  company: { table: 'readwrite' },
  /** The account's own second factor (setup, backup codes, turning it off with the password). */
  mfa: { table: 'readwrite', cognito: ['auth'], totpKey: true },
  /** The support console: finds accounts, unlocks and resets second factors (no secret is read). */
  support: { table: 'readwrite' },
  /** The PC logon client (issue 12): enrollment, the logon check (password and TOTP), events; publishes clock events. */
  client: { table: 'readwrite', cognito: ['auth'], totpKey: true, clockBus: true },
  /** 企業情報 › 端末: enrollment keys and devices. */
  devices: { table: 'readwrite' },
} as const satisfies Record<string, HandlerAccess>;

export type HandlerName = keyof typeof HANDLERS;

export const ROUTES: readonly RouteDef[] = [
  { method: 'GET', path: '/api/health', handler: 'health', auth: 'none' },
  { method: 'POST', path: '/api/auth/login', handler: 'auth', auth: 'none' },
  { method: 'POST', path: '/api/auth/new-password', handler: 'auth', auth: 'none' },
  { method: 'POST', path: '/api/auth/refresh', handler: 'auth', auth: 'none' },
  { method: 'POST', path: '/api/auth/logout', handler: 'auth', auth: 'none' },
  { method: 'POST', path: '/api/auth/mfa', handler: 'auth', auth: 'none' },
  { method: 'POST', path: '/api/auth/support-login', handler: 'auth', auth: 'none' },
  { method: 'GET', path: '/api/companies/{code}', handler: 'companies', auth: 'none' },
  { method: 'GET', path: '/api/me', handler: 'me', auth: 'jwt' },
  { method: 'PUT', path: '/api/me/login-id', handler: 'me', auth: 'jwt' },
  { method: 'PUT', path: '/api/me/emails', handler: 'me', auth: 'jwt' },
  { method: 'POST', path: '/api/me/password', handler: 'me', auth: 'jwt' },
  { method: 'GET', path: '/api/me/private-email', handler: 'private-email', auth: 'jwt' },
  { method: 'POST', path: '/api/me/private-email', handler: 'private-email', auth: 'jwt' },
  { method: 'GET', path: '/api/me/private-email/links/{token}', handler: 'private-email', auth: 'jwt' },
  { method: 'POST', path: '/api/me/private-email/links/{token}', handler: 'private-email', auth: 'jwt' },
  { method: 'GET', path: '/api/me/mfa', handler: 'mfa', auth: 'jwt' },
  { method: 'POST', path: '/api/me/mfa/setup', handler: 'mfa', auth: 'jwt' },
  { method: 'POST', path: '/api/me/mfa/confirm', handler: 'mfa', auth: 'jwt' },
  { method: 'POST', path: '/api/me/mfa/backup-codes', handler: 'mfa', auth: 'jwt' },
  { method: 'POST', path: '/api/me/mfa/disable', handler: 'mfa', auth: 'jwt' },
  { method: 'GET', path: '/api/support/companies', handler: 'support', auth: 'jwt' },
  { method: 'GET', path: '/api/support/companies/{companyId}/accounts', handler: 'support', auth: 'jwt' },
  { method: 'POST', path: '/api/support/companies/{companyId}/accounts/{accountId}/unlock', handler: 'support', auth: 'jwt' },
  { method: 'POST', path: '/api/support/companies/{companyId}/accounts/{accountId}/mfa-reset', handler: 'support', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/employees', handler: 'employees', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/employees', handler: 'employees', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/employees/{id}', handler: 'employees', auth: 'jwt' },
  { method: 'PUT', path: '/api/admin/employees/{id}', handler: 'employees', auth: 'jwt' },
  { method: 'DELETE', path: '/api/admin/employees/{id}', handler: 'employees', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/employee-deletions', handler: 'employees', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/departments', handler: 'employees', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/employee-counts', handler: 'employees', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/employee-imports', handler: 'employee-imports', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/employee-imports/{importId}', handler: 'employee-imports', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/employee-imports/{importId}/commit', handler: 'employee-imports', auth: 'jwt' },
  { method: 'DELETE', path: '/api/admin/employee-imports/{importId}', handler: 'employee-imports', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/employee-export', handler: 'employee-export', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/audit', handler: 'audit', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/audit/verify', handler: 'audit-verify', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/audit/saved-searches', handler: 'audit-searches', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/audit/saved-searches', handler: 'audit-searches', auth: 'jwt' },
  { method: 'PUT', path: '/api/admin/audit/saved-searches/{searchId}', handler: 'audit-searches', auth: 'jwt' },
  { method: 'DELETE', path: '/api/admin/audit/saved-searches/{searchId}', handler: 'audit-searches', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/audit/exports', handler: 'audit-exports', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/audit/exports/{jobId}', handler: 'audit-exports', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/settings', handler: 'settings', auth: 'jwt' },
  { method: 'PATCH', path: '/api/admin/settings', handler: 'settings', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/issuance/pdf', handler: 'issuance', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/issuance/passcodes', handler: 'issuance', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/issuance/mail', handler: 'issuance', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/issuance/notice-mail', handler: 'issuance', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/jobs', handler: 'jobs', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/jobs/{jobId}', handler: 'jobs', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/jobs/{jobId}/results', handler: 'jobs', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/jobs/{jobId}/rerun', handler: 'jobs', auth: 'jwt' },
  // グループ設定 (issue 12)
  { method: 'GET', path: '/api/admin/groups', handler: 'groups', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/groups', handler: 'groups', auth: 'jwt' },
  { method: 'PATCH', path: '/api/admin/groups/{groupId}', handler: 'groups', auth: 'jwt' },
  { method: 'DELETE', path: '/api/admin/groups/{groupId}', handler: 'groups', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/groups/assignments', handler: 'groups', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/employees/{id}/mails', handler: 'employee-mails', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/employees/{id}/mail-preview', handler: 'employee-mails', auth: 'jwt' },
  { method: 'POST', path: '/api/timeclock/verify', handler: 'timeclock', auth: 'none' },
  { method: 'GET', path: '/api/verification/{token}', handler: 'verification', auth: 'none' },
  { method: 'POST', path: '/api/verification/{token}', handler: 'verification', auth: 'none' },
  { method: 'POST', path: '/api/admin/registration-codes', handler: 'registration-codes', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/registration-codes/{jobId}/downloads', handler: 'registration-codes', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/registration-csv-links/{token}', handler: 'registration-codes', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/company/registration-url', handler: 'company', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/company/registration-url', handler: 'company', auth: 'jwt' },
  // 企業情報, 管理者設定, 認証情報の削除, support's client settings (issue 12)
  { method: 'GET', path: '/api/admin/company', handler: 'company', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/admins', handler: 'company', auth: 'jwt' },
  { method: 'DELETE', path: '/api/admin/employees/{id}/mfa', handler: 'company', auth: 'jwt' },
  { method: 'PUT', path: '/api/support/companies/{companyId}/client-settings', handler: 'support', auth: 'jwt' },
  { method: 'POST', path: '/api/registration/{companyKey}', handler: 'registration', auth: 'none' },
  { method: 'GET', path: '/api/registration/links/{token}', handler: 'registration', auth: 'none' },
  { method: 'POST', path: '/api/registration/links/{token}', handler: 'registration', auth: 'none' },
  // The PC logon client (issue 12): device credential checked by the handler itself.
  { method: 'POST', path: '/api/client/enroll', handler: 'client', auth: 'none' },
  { method: 'POST', path: '/api/client/authenticate', handler: 'client', auth: 'none' },
  { method: 'POST', path: '/api/client/events', handler: 'client', auth: 'none' },
  { method: 'GET', path: '/api/admin/enrollment-keys', handler: 'devices', auth: 'jwt' },
  { method: 'POST', path: '/api/admin/enrollment-keys', handler: 'devices', auth: 'jwt' },
  { method: 'DELETE', path: '/api/admin/enrollment-keys/{keyId}', handler: 'devices', auth: 'jwt' },
  { method: 'GET', path: '/api/admin/devices', handler: 'devices', auth: 'jwt' },
  { method: 'DELETE', path: '/api/admin/devices/{deviceId}', handler: 'devices', auth: 'jwt' },
];

/** Background workers fed by the queue (one Lambda each in AWS, in-process locally). */
export const JOBS = {
  /** Drains the job queue: CSV import chunks, PDF password and passcode issuance chunks, mail chunks, registration passwords and their expiry, and log export slices. */
  worker: { table: 'readwrite', files: 'readwrite', cognito: ['admin-write'], fonts: true, mail: true, schedules: true },
  /** SES events (delivery, bounce, complaint) from the configuration set, through EventBridge. */
  'mail-events': { table: 'readwrite' },
  /** Expires what is past due, seals each closed day of every company's log, and ends jobs that went silent (it asks the worker, through the queue, to end them). */
  sweep: { table: 'readwrite', files: 'readwrite', digests: 'write', queue: true },
  /** Consumes the dead-letter queue: a chunk that failed on every delivery ends as unprocessed rows (import rows are read from files). */
  'dead-letters': { table: 'readwrite', files: 'read', queue: true },
  /** A registration-password batch's expiry, fired by its one-time schedules: deletes the files, queues the status moves. */
  'registration-expiry': { table: 'read', files: 'readwrite', queue: true },
} as const satisfies Record<string, HandlerAccess>;

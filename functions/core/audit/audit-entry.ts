/** One line of the audit log: who did what to which target, when, from where, and how it ended. */
export interface AuditEntry {
  id: string;
  companyId: string;
  /** ISO-8601 UTC. */
  at: string;
  /** Login ID of who acted (for a failed sign-in: the login ID that was tried). */
  actor: string;
  actorAccountId?: string;
  action: AuditAction;
  target?: string;
  result: 'success' | 'failure';
  reason?: string;
  sourceIp?: string;
  /** Non-secret facts only: never a password, token, code or private address. */
  detail?: Record<string, string | number | boolean>;
}

export type AuditAction =
  | 'auth.login'
  | 'auth.new-password'
  | 'employee.create'
  | 'employee.update'
  | 'employee.delete'
  | 'employee.import.preview'
  | 'employee.import.commit'
  | 'employee.import.cancel'
  | 'employee.import.done'
  | 'employee.export'
  | 'company.settings.update'
  | 'account.update-own'
  | 'account.password.change'
  | 'issuance.pdf.start'
  | 'issuance.pdf.reissue'
  | 'issuance.pdf.done'
  | 'job.results.export'
  | 'issuance.passcode.start'
  | 'issuance.passcode.reissue'
  | 'issuance.passcode.done'
  | 'timeclock.verify'
  | 'issuance.mail.start'
  | 'issuance.mail.done'
  | 'issuance.notice-mail.start'
  | 'issuance.notice-mail.done'
  | 'verification.verify'
  | 'verification.refused'
  | 'mail.delivery'
  | 'registration.codes.start'
  | 'registration.codes.done'
  | 'registration.codes.download'
  | 'registration.submit'
  | 'registration.locked'
  | 'registration.complete'
  | 'company.registration-url.rotate';

/** Where a request came from; carried into every audit entry it causes. */
export interface RequestOrigin {
  sourceIp?: string;
}

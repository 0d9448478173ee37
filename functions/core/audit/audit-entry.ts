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

/**
 * Every audit action, with the label the log view shows (issue 11 reads them from here). A new
 * action is added here and nowhere else.
 */
export const AUDIT_ACTIONS = {
  'auth.login': { ja: 'ログイン', en: 'Sign-in' },
  'auth.new-password': { ja: '初回パスワード設定', en: 'First password' },
  'auth.mfa': { ja: 'ログイン（2段階認証）', en: 'Sign-in (second factor)' },
  'employee.create': { ja: '社員登録', en: 'Employee created' },
  'employee.update': { ja: '社員情報変更', en: 'Employee changed' },
  'employee.delete': { ja: '社員削除', en: 'Employee deleted' },
  'employee.import.preview': { ja: 'CSV取込（確認）', en: 'CSV import previewed' },
  'employee.import.commit': { ja: 'CSV取込（実行）', en: 'CSV import started' },
  'employee.import.cancel': { ja: 'CSV取込（取消）', en: 'CSV import cancelled' },
  'employee.import.done': { ja: 'CSV取込（完了）', en: 'CSV import finished' },
  'employee.export': { ja: 'CSV出力', en: 'CSV export' },
  'company.settings.update': { ja: '基本設定変更', en: 'Settings changed' },
  'account.update-own': { ja: 'マイページ変更', en: 'Own account changed' },
  'account.password.change': { ja: 'パスワード変更', en: 'Password changed' },
  'issuance.pdf.start': { ja: 'PDF発行', en: 'PDF issuance started' },
  'issuance.pdf.reissue': { ja: 'PDF再発行', en: 'PDF reissue started' },
  'issuance.pdf.done': { ja: 'PDF発行（完了）', en: 'PDF issuance finished' },
  'job.results.export': { ja: 'ジョブ結果出力', en: 'Job results exported' },
  'issuance.passcode.start': { ja: 'パスコード発行', en: 'Passcode issuance started' },
  'issuance.passcode.reissue': { ja: 'パスコード再発行', en: 'Passcode reissue started' },
  'issuance.passcode.done': { ja: 'パスコード発行（完了）', en: 'Passcode issuance finished' },
  'timeclock.verify': { ja: 'パスコード確認', en: 'Passcode check' },
  'issuance.mail.start': { ja: '認証要求メール送信', en: 'Verification mails started' },
  'issuance.mail.done': { ja: '認証要求メール送信（完了）', en: 'Verification mails finished' },
  'issuance.notice-mail.start': { ja: '通知メール送信', en: 'Notice mails started' },
  'issuance.notice-mail.done': { ja: '通知メール送信（完了）', en: 'Notice mails finished' },
  'verification.verify': { ja: 'メール認証', en: 'Mail verified' },
  'verification.refused': { ja: 'メール認証（拒否）', en: 'Mail verification refused' },
  'mail.delivery': { ja: 'メール配信', en: 'Mail delivery' },
  'mfa.setup.start': { ja: '2段階認証の設定開始', en: 'Two-factor setup started' },
  'mfa.setup.confirm': { ja: '2段階認証の設定完了', en: 'Two-factor sign-in turned on' },
  'mfa.verify': { ja: '2段階認証コードの確認', en: 'Second-factor check' },
  'mfa.lock': { ja: '2段階認証のロック', en: 'Second factor locked' },
  'mfa.backup-codes.regenerate': { ja: 'バックアップコードの再発行', en: 'Backup codes replaced' },
  'mfa.disable': { ja: '2段階認証の解除', en: 'Two-factor sign-in turned off' },
  'support.mfa.unlock': { ja: 'サポートによるロック解除', en: 'Unlocked by support' },
  'support.mfa.reset': { ja: 'サポートによる2段階認証のリセット', en: 'Second factor reset by support' },
  'registration.codes.start': { ja: '私用メールアドレス登録用パスワード発行', en: 'Registration passwords started' },
  'registration.codes.done': { ja: '私用メールアドレス登録用パスワード発行（完了）', en: 'Registration passwords finished' },
  'registration.codes.download': { ja: '登録用パスワードのファイルをダウンロード', en: 'Registration password file downloaded' },
  'registration.submit': { ja: '私用メールアドレスの登録', en: 'Private address registration' },
  'registration.locked': { ja: '登録用パスワードのロック', en: 'Registration password locked' },
  'registration.complete': { ja: '私用メールアドレス登録の完了', en: 'Self-registration completed' },
  'account.private-email.request': { ja: '私用メールアドレスの変更申請', en: 'Private address change requested' },
  'account.private-email.change': { ja: '私用メールアドレスの変更', en: 'Private address changed' },
  'company.registration-url.rotate': { ja: '登録用URLの変更', en: 'Registration URL changed' },
} as const satisfies Record<string, { ja: string; en: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** Where a request came from; carried into every audit entry it causes. */
export interface RequestOrigin {
  sourceIp?: string;
}

/**
 * Every audit action kagi writes, with its group and its words: the one list the log view, the CSV
 * export and the storage keys read. A new action is added here (its group and its words, two
 * tables tsc keeps in step) and nowhere else; the admin site bundles this module, so the log shows
 * a new action with its label and group at the next deploy without a change to any screen. (A unit test fails when an action lacks a label or a group.)
 *
 * Pure data and small lookups only: the web build imports it.
 */

/** 操作内容's groups, in the order the search form lists them. */
export const AUDIT_GROUPS = ['signin', 'client', 'attendance', 'employees', 'issuance', 'settings', 'mail', 'other'] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

export interface Words {
  ja: string;
  en: string;
}

export const AUDIT_GROUP_LABELS: Record<AuditGroup, Words> = {
  signin: { ja: 'サインイン', en: 'Sign-in' },
  client: { ja: 'PCログオン', en: 'PC logon' },
  attendance: { ja: '出退勤', en: 'Attendance' },
  employees: { ja: '社員管理', en: 'Employees' },
  issuance: { ja: '発行', en: 'Issuance' },
  settings: { ja: '設定', en: 'Settings' },
  mail: { ja: 'メール', en: 'Mail' },
  other: { ja: 'その他', en: 'Other' },
};

export interface AuditActionDef extends Words {
  group: AuditGroup;
}

/**
 * Each action's group: what the storage keys, the search and the day seals need. Every function
 * that writes the log bundles this table; the words are a table of their own below, so that only
 * the log view and the export carry them (about 5 KiB of every API bundle otherwise).
 */
const ACTION_GROUPS = {
  'auth.login': 'signin',
  'auth.new-password': 'signin',
  'account.password.change': 'signin',
  'timeclock.verify': 'signin',
  'auth.mfa': 'signin',
  'mfa.setup.start': 'signin',
  'mfa.setup.confirm': 'signin',
  'mfa.verify': 'signin',
  'mfa.lock': 'signin',
  'mfa.backup-codes.regenerate': 'signin',
  'mfa.disable': 'signin',
  'support.mfa.unlock': 'signin',
  'support.mfa.reset': 'signin',

  // The PC logon client (DESIGN.md §5c). An event the company's 打刻連携 counted is stored as
  // `clock.*` (the 出退勤 group, which 出退勤ログ検索 reads); any other as `client.*`.
  'client.authenticate': 'client',
  'client.logon': 'client',
  'client.logoff': 'client',
  'client.lock': 'client',
  'client.unlock': 'client',
  'clock.logon': 'attendance',
  'clock.logoff': 'attendance',
  'clock.lock': 'attendance',
  'clock.unlock': 'attendance',
  'client.enrollment-key.create': 'settings',
  'client.enrollment-key.revoke': 'settings',
  'client.device.enroll': 'settings',
  'client.device.revoke': 'settings',

  // 企業情報 / 管理者設定 (issue 12, items 5–7): support-set company settings and an admin's deleting of a TOTP registration.
  'support.client-settings.update': 'settings',
  'mfa.admin-delete': 'signin',

  'employee.create': 'employees',
  'employee.update': 'employees',
  'employee.delete': 'employees',
  'employee.import.preview': 'employees',
  'employee.import.commit': 'employees',
  'employee.import.cancel': 'employees',
  'employee.import.done': 'employees',
  'employee.export': 'employees',
  'account.update-own': 'employees',
  'account.private-email.request': 'employees',
  'account.private-email.change': 'employees',

  'issuance.pdf.start': 'issuance',
  'issuance.pdf.reissue': 'issuance',
  'issuance.pdf.done': 'issuance',
  'issuance.passcode.start': 'issuance',
  'issuance.passcode.reissue': 'issuance',
  'issuance.passcode.done': 'issuance',
  'issuance.mail.start': 'issuance',
  'issuance.mail.done': 'issuance',
  'issuance.notice-mail.start': 'issuance',
  'issuance.notice-mail.done': 'issuance',
  'job.results.export': 'issuance',

  'registration.codes.start': 'issuance',
  'registration.codes.done': 'issuance',
  'registration.codes.download': 'issuance',
  'registration.submit': 'signin',
  'registration.locked': 'signin',
  'registration.complete': 'signin',

  // グループ設定 (issue 12): the groups themselves are settings; who is in which group is the
  // employees' (one entry per employee moved, written with the move), as is the bulk job around it.
  'group.create': 'settings',
  'group.update': 'settings',
  'group.delete': 'settings',
  'group.assignment.start': 'employees',
  'group.assignment.done': 'employees',
  'group.assign': 'employees',
  'group.unassign': 'employees',

  'company.settings.update': 'settings',
  'company.registration-url.rotate': 'settings',

  'verification.verify': 'mail',
  'verification.refused': 'mail',
  'mail.delivery': 'mail',

  'audit.export': 'other',
  'audit.export.done': 'other',
  'audit.verify': 'other',
  'audit.saved-search.create': 'other',
  'audit.saved-search.update': 'other',
  'audit.saved-search.delete': 'other',
} as const satisfies Record<string, AuditGroup>;

export type AuditAction = keyof typeof ACTION_GROUPS;

/** Each action in words; tsc refuses an action without them, or words for an action that is not one. */
const ACTION_WORDS = {
  'auth.login': { ja: 'ログイン', en: 'Sign-in' },
  'auth.new-password': { ja: '初回パスワード設定', en: 'First password' },
  'account.password.change': { ja: 'パスワード変更', en: 'Password changed' },
  'timeclock.verify': { ja: 'パスコード確認（打刻）', en: 'Time-clock passcode check' },
  'auth.mfa': { ja: 'ログイン（2段階認証）', en: 'Sign-in (second factor)' },
  'mfa.setup.start': { ja: '2段階認証の設定開始', en: 'Two-factor setup started' },
  'mfa.setup.confirm': { ja: '2段階認証の設定完了', en: 'Two-factor sign-in turned on' },
  'mfa.verify': { ja: '2段階認証コードの確認', en: 'Second-factor check' },
  'mfa.lock': { ja: '2段階認証のロック', en: 'Second factor locked' },
  'mfa.backup-codes.regenerate': { ja: 'バックアップコードの再発行', en: 'Backup codes replaced' },
  'mfa.disable': { ja: '2段階認証の解除', en: 'Two-factor sign-in turned off' },
  'support.mfa.unlock': { ja: 'サポートによるロック解除', en: 'Unlocked by support' },
  'support.mfa.reset': { ja: 'サポートによる2段階認証のリセット', en: 'Second factor reset by support' },

  'client.authenticate': { ja: 'PCログオン認証', en: 'PC logon check' },
  'client.logon': { ja: 'ログオン', en: 'Logon' },
  'client.logoff': { ja: 'ログオフ', en: 'Logoff' },
  'client.lock': { ja: 'ロック', en: 'Lock' },
  'client.unlock': { ja: 'アンロック', en: 'Unlock' },
  'clock.logon': { ja: 'ログオン（出勤）', en: 'Logon (clock-in)' },
  'clock.logoff': { ja: 'ログオフ（退勤）', en: 'Logoff (clock-out)' },
  'clock.lock': { ja: 'ロック（休憩開始）', en: 'Lock (break start)' },
  'clock.unlock': { ja: 'アンロック（休憩終了）', en: 'Unlock (break end)' },
  'client.enrollment-key.create': { ja: '端末登録キーの作成', en: 'Enrollment key created' },
  'client.enrollment-key.revoke': { ja: '端末登録キーの無効化', en: 'Enrollment key revoked' },
  'client.device.enroll': { ja: '端末の登録', en: 'Device enrolled' },
  'client.device.revoke': { ja: '端末の無効化', en: 'Device revoked' },

  'support.client-settings.update': { ja: 'サポートによる打刻連携・認証情報削除の設定変更', en: 'Attendance link and credential deletion set by support' },
  'mfa.admin-delete': { ja: '管理者による認証情報の削除', en: 'Authenticator registration deleted by an admin' },

  'employee.create': { ja: '社員登録', en: 'Employee created' },
  'employee.update': { ja: '社員情報変更', en: 'Employee changed' },
  'employee.delete': { ja: '社員削除', en: 'Employee deleted' },
  'employee.import.preview': { ja: 'CSV取込（確認）', en: 'CSV import previewed' },
  'employee.import.commit': { ja: 'CSV取込（実行）', en: 'CSV import started' },
  'employee.import.cancel': { ja: 'CSV取込（取消）', en: 'CSV import cancelled' },
  'employee.import.done': { ja: 'CSV取込（完了）', en: 'CSV import finished' },
  'employee.export': { ja: '社員CSV出力', en: 'Employee CSV export' },
  'account.update-own': { ja: 'マイページ変更', en: 'Own account changed' },
  'account.private-email.request': { ja: '私用メールアドレスの変更申請', en: 'Private address change requested' },
  'account.private-email.change': { ja: '私用メールアドレスの変更', en: 'Private address changed' },

  'issuance.pdf.start': { ja: 'PDF発行', en: 'PDF issuance started' },
  'issuance.pdf.reissue': { ja: 'PDF再発行', en: 'PDF reissue started' },
  'issuance.pdf.done': { ja: 'PDF発行（完了）', en: 'PDF issuance finished' },
  'issuance.passcode.start': { ja: 'パスコード発行', en: 'Passcode issuance started' },
  'issuance.passcode.reissue': { ja: 'パスコード再発行', en: 'Passcode reissue started' },
  'issuance.passcode.done': { ja: 'パスコード発行（完了）', en: 'Passcode issuance finished' },
  'issuance.mail.start': { ja: '認証要求メール送信', en: 'Verification mails started' },
  'issuance.mail.done': { ja: '認証要求メール送信（完了）', en: 'Verification mails finished' },
  'issuance.notice-mail.start': { ja: '通知メール送信', en: 'Notice mails started' },
  'issuance.notice-mail.done': { ja: '通知メール送信（完了）', en: 'Notice mails finished' },
  'job.results.export': { ja: '発行結果CSV出力', en: 'Job results exported' },

  'registration.codes.start': { ja: '私用メールアドレス登録用パスワード発行', en: 'Registration passwords started' },
  'registration.codes.done': { ja: '私用メールアドレス登録用パスワード発行（完了）', en: 'Registration passwords finished' },
  'registration.codes.download': { ja: '登録用パスワードのファイルをダウンロード', en: 'Registration password file downloaded' },
  'registration.submit': { ja: '私用メールアドレスの登録', en: 'Private address registration' },
  'registration.locked': { ja: '登録用パスワードのロック', en: 'Registration password locked' },
  'registration.complete': { ja: '私用メールアドレス登録の完了', en: 'Self-registration completed' },

  'group.create': { ja: 'グループの作成', en: 'Group created' },
  'group.update': { ja: 'グループの変更', en: 'Group changed' },
  'group.delete': { ja: 'グループの削除', en: 'Group deleted' },
  'group.assignment.start': { ja: 'グループ一括設定', en: 'Group assignment started' },
  'group.assignment.done': { ja: 'グループ一括設定（完了）', en: 'Group assignment finished' },
  'group.assign': { ja: 'グループへ追加', en: 'Added to a group' },
  'group.unassign': { ja: 'グループから外す', en: 'Removed from a group' },

  'company.settings.update': { ja: '基本設定変更', en: 'Settings changed' },
  'company.registration-url.rotate': { ja: '登録用URLの変更', en: 'Registration URL changed' },

  'verification.verify': { ja: 'メール認証', en: 'Mail verified' },
  'verification.refused': { ja: 'メール認証（無効なリンク）', en: 'Mail verification refused' },
  'mail.delivery': { ja: 'メール配信', en: 'Mail delivery' },

  'audit.export': { ja: 'ログCSV出力', en: 'Log CSV export' },
  'audit.export.done': { ja: 'ログCSV出力（完了）', en: 'Log CSV export finished' },
  'audit.verify': { ja: 'ログ改ざん検証', en: 'Log verified' },
  'audit.saved-search.create': { ja: '検索条件の保存', en: 'Search saved' },
  'audit.saved-search.update': { ja: '保存した検索条件の変更', en: 'Saved search changed' },
  'audit.saved-search.delete': { ja: '保存した検索条件の削除', en: 'Saved search deleted' },
} as const satisfies Record<AuditAction, Words>;

/** Every action with its group and words, for the log view and the export (built only where it is used). */
export const AUDIT_ACTIONS: { readonly [A in AuditAction]: { group: (typeof ACTION_GROUPS)[A] } & (typeof ACTION_WORDS)[A] } = /* @__PURE__ */ withGroups();

function withGroups() {
  return Object.fromEntries(Object.entries(ACTION_WORDS).map(([action, words]) => [action, { group: ACTION_GROUPS[action as AuditAction], ...words }])) as typeof AUDIT_ACTIONS;
}

export const AUDIT_ACTION_NAMES = Object.keys(ACTION_GROUPS) as AuditAction[];

export const isAuditAction = (value: string): value is AuditAction => Object.hasOwn(ACTION_GROUPS, value);

/** The group an action is stored and searched under; an action this build does not know is その他. */
export function groupOf(action: string): AuditGroup {
  return isAuditAction(action) ? ACTION_GROUPS[action] : 'other';
}

/** The actions of a group, in list order. */
export function actionsOf(group: AuditGroup): AuditAction[] {
  return AUDIT_ACTION_NAMES.filter((a) => ACTION_GROUPS[a] === group);
}

/** An action in words; one this build does not know shows as its name. */
export function actionLabel(action: string, lang: keyof Words): string {
  return isAuditAction(action) ? ACTION_WORDS[action][lang] : action;
}

/**
 * Why an attempt failed, in words: the only `reason` codes an entry may carry (the entry's type
 * says so), so none reaches the log view without its words. An older code shows as is.
 */
export const AUDIT_REASONS = {
  'bad-password': { ja: 'パスワードの誤り', en: 'Wrong password' },
  'unknown-login-id': { ja: '存在しないログインID', en: 'Unknown login ID' },
  locked: { ja: 'ロック中', en: 'Locked' },
  disabled: { ja: '無効なアカウント', en: 'Account disabled' },
  'temporary-password-expired': { ja: '仮パスワードの有効期限切れ', en: 'Temporary password expired' },
  'new-password-required': { ja: '初回パスワードの設定へ', en: 'First password required' },
  'challenge-rejected': { ja: '初回パスワード設定の拒否', en: 'First password refused' },
  'bad-passcode': { ja: 'パスコードの誤り', en: 'Wrong passcode' },
  'bad-passcode-locked': { ja: 'パスコードの誤り（ロック）', en: 'Wrong passcode (now locked)' },
  'unknown-employee': { ja: '存在しない社員コード', en: 'Unknown employee code' },
  unissued: { ja: 'パスコード未発行', en: 'No passcode issued' },
  used: { ja: '使用済みのリンク', en: 'Link already used' },
  unusable: { ja: '無効または期限切れのリンク', en: 'Invalid or expired link' },
  'mfa-required': { ja: '2段階認証の入力へ', en: 'Second factor next' },
  'mfa-locked': { ja: '2段階認証のロック中', en: 'Second factor locked' },
  'too-many-failures': { ja: '連続した失敗によるロック', en: 'Too many failures in a row' },
  'not-active': { ja: '2段階認証が未設定', en: 'Second factor not set up' },
  'wrong-code': { ja: '認証コードの誤り', en: 'Wrong code' },
  'code-reused': { ja: '使用済みの認証コード', en: 'Code already used' },
  'wrong-backup-code': { ja: 'バックアップコードの誤り', en: 'Wrong backup code' },
  'backup-code-reused': { ja: '使用済みのバックアップコード', en: 'Backup code already used' },
  // Self-registration (the QR page's form and the mailed link's page).
  'unknown-url': { ja: '無効な登録用URL', en: 'Unknown registration URL' },
  'no-password': { ja: '登録用パスワード未発行または使用済み', en: 'No registration password in force' },
  expired: { ja: '登録用パスワードの有効期限切れ', en: 'Registration password expired' },
  'already-registered': { ja: 'アカウント発行済みまたは私用メールアドレス登録済み', en: 'Account or private address already there' },
  'bad-birth-date': { ja: '生年月日の誤り', en: 'Wrong birth date' },
  'ten-failures': { ja: '10回連続の失敗によるロック', en: 'Ten failures in a row' },
  // A bulk job (or import) the job engine ended: why it ended as failed.
  'chunk-failed': { ja: '処理できなかった部分があり終了', en: 'Ended with a part not processed' },
  stalled: { ja: '処理が止まったため終了', en: 'Ended: processing stopped' },
  // The PC logon client (issue 12): its check and its events.
  'auth-not-installed': { ja: '認証機能なしの端末', en: 'Device without authentication' },
  'session-expired': { ja: '認証の途中で期限切れ', en: 'Step expired' },
  'factor-not-allowed': { ja: 'グループで認められない認証方法', en: 'Factor not allowed for the group' },
  'next-factor': { ja: '次の認証要素へ', en: 'Next factor' },
} as const satisfies Record<string, Words>;

export type AuditReason = keyof typeof AUDIT_REASONS;

export function reasonLabel(reason: string, lang: keyof Words): string {
  return Object.hasOwn(AUDIT_REASONS, reason) ? AUDIT_REASONS[reason as AuditReason][lang] : reason;
}

/** The facts of an entry's detail, in words; a key this build does not know shows as is. */
export const AUDIT_DETAIL_LABELS: Record<string, Words> = {
  employeeId: { ja: '社員ID', en: 'Employee ID' },
  fields: { ja: '変更した項目', en: 'Changed fields' },
  rows: { ja: '件数', en: 'Rows' },
  employees: { ja: '対象人数', en: 'Employees' },
  address: { ja: 'メールアドレス番号', en: 'Address number' },
  created: { ja: '登録', en: 'Created' },
  updated: { ja: '更新', en: 'Updated' },
  failed: { ja: '失敗', en: 'Failed' },
  name: { ja: '名前', en: 'Name' },
  from: { ja: '期間（開始）', en: 'From' },
  to: { ja: '期間（終了）', en: 'To' },
  days: { ja: '日数', en: 'Days' },
  failures: { ja: '連続失敗回数', en: 'Failures in a row' },
  changed: { ja: '変更あり（日数）', en: 'Days changed' },
  missing: { ja: '欠落あり（日数）', en: 'Days with entries missing' },
  mode: { ja: '種類', en: 'Mode' },
  allUnissued: { ja: '未発行の全員', en: 'Everyone unissued' },
  conditions: { ja: '検索条件', en: 'Conditions' },
  slices: { ja: '期間の区切り数', en: 'Time slices' },
  rerunOf: { ja: '再実行元のジョブ', en: 'Re-run of job' },
  // グループ設定 (issue 12)
  groupName: { ja: 'グループ名', en: 'Group name' },
  previousGroup: { ja: '移動前のグループ', en: 'Previous group' },
  removal: { ja: 'グループから外す', en: 'Removal' },
  jobId: { ja: 'ジョブID', en: 'Job ID' },
  succeeded: { ja: '成功', en: 'Succeeded' },
  sent: { ja: '送信', en: 'Sent' },
  excluded: { ja: '対象外', en: 'Excluded' },
  bulk: { ja: '一括削除の人数', en: 'Deleted together' },
  method: { ja: '方式', en: 'Method' },
  purpose: { ja: '用途', en: 'Purpose' },
  operator: { ja: 'サポート担当者', en: 'Support operator' },
  role: { ja: '権限', en: 'Role' },
  backupCodesLeft: { ja: 'バックアップコードの残り', en: 'Backup codes left' },
  file: { ja: 'ファイル', en: 'File' },
  via: { ja: '経路', en: 'Via' },
  issued: { ja: '発行数', en: 'Issued' },
  csvMail: { ja: 'CSVリンクのメール', en: 'CSV link mail' },
  device: { ja: '端末', en: 'Device' },
  deviceId: { ja: '端末ID', en: 'Device ID' },
  eventId: { ja: 'イベントID', en: 'Event ID' },
  occurredAt: { ja: '発生日時（端末）', en: 'Happened at (device)' },
  clockKind: { ja: '打刻の種類', en: 'Clock event' },
  factor: { ja: '認証要素', en: 'Factor' },
  attendanceLink: { ja: '打刻連携', en: 'Attendance link' },
  adminMayDeleteMfa: { ja: '管理者による認証情報の削除', en: 'Admins may delete authenticators' },
  language: { ja: '既定の言語', en: 'Default language' },
  group: { ja: 'グループ', en: 'Group' },
  // The PC logon client (issue 12).
  event: { ja: 'イベント', en: 'Event' },
  keyId: { ja: '端末登録キー', en: 'Enrollment key' },
  authentication: { ja: '認証機能', en: 'Authentication' },
  expiresAt: { ja: '有効期限', en: 'Expires' },
};

export function detailLabel(key: string, lang: keyof Words): string {
  return Object.hasOwn(AUDIT_DETAIL_LABELS, key) ? AUDIT_DETAIL_LABELS[key]![lang] : key;
}

// The two mails of the mail-verification flow (issue 4), rendered by one pure function each:
// the sender and the preview call the same code, so a preview is exactly what will be sent.
// Only the link and the password exist at send time; a preview shows marked placeholders.

export const MAIL_KINDS = ['verification-request', 'account-notice'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Subjects after the source help pages; the request mail is called 認証要求メール everywhere. */
export const SUBJECTS: Record<MailKind, string> = {
  'verification-request': '【kagi】アカウント認証要求',
  'account-notice': '【kagi】アカウント通知',
};

/** What a preview shows where the real mail carries a secret made at send time. */
export const PLACEHOLDERS = {
  link: '［認証用URL：送信時に発行されます］',
  password: '［仮パスワード：送信時に発行されます］',
} as const;

/** Date and time in Japan time, as the mails state deadlines: 2026年11月28日 21:30 (日本時間). */
export function japanDateTime(iso: string): string {
  const jst = new Date(new Date(iso).getTime() + 9 * 3600_000);
  const hh = String(jst.getUTCHours()).padStart(2, '0');
  const mm = String(jst.getUTCMinutes()).padStart(2, '0');
  return `${jst.getUTCFullYear()}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日 ${hh}:${mm} (日本時間)`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const FOOTER = ['※このメールは送信専用のアドレスから送信しています。返信いただいてもお答えできません。', '※お心当たりのない場合は、このメールを破棄してください。'];

type Line = string | { label: string; value: string; href?: string; code?: boolean };

/** Text and HTML parts from the same lines, so the two can never say different things. */
function compose(subject: string, lines: Line[]): RenderedMail {
  const text = lines.map((l) => (typeof l === 'string' ? l : `${l.label}：${l.value}`)).join('\n');
  const body = lines
    .map((l) => {
      if (typeof l !== 'string') {
        const value = l.href
          ? `<a href="${escapeHtml(l.href)}">${escapeHtml(l.value)}</a>`
          : l.code
            ? `<code style="font-size:1.2em;letter-spacing:0.1em">${escapeHtml(l.value)}</code>`
            : escapeHtml(l.value);
        return `<p style="margin:0 0 4px">${escapeHtml(l.label)}：${value}</p>`;
      }
      return l === '' ? '<br>' : `<p style="margin:0 0 4px">${escapeHtml(l)}</p>`;
    })
    .join('\n');
  const html = `<!DOCTYPE html>\n<html lang="ja"><head><meta charset="UTF-8"><title>${escapeHtml(subject)}</title></head>\n<body style="font-family:sans-serif;line-height:1.6">\n${body}\n</body></html>\n`;
  return { subject, text: `${text}\n`, html };
}

export interface VerificationRequestInput {
  companyName: string;
  employeeName: string;
  /** The link to the 認証する page; undefined in a preview. */
  link?: string;
  /** ISO deadline of the link. */
  expiresAt: string;
}

/** 認証要求メール: asks the employee to open the link and press 認証する before the deadline. */
export function renderVerificationRequest({ companyName, employeeName, link, expiresAt }: VerificationRequestInput): RenderedMail {
  return compose(SUBJECTS['verification-request'], [
    `${employeeName} 様`,
    '',
    `${companyName} からのご案内です。`,
    'アカウントを発行するため、このメールアドレスの認証をお願いします。',
    '下記のURLを開き、表示された画面で「認証する」ボタンを押してください。',
    '',
    link ? { label: '認証用URL', value: link, href: link } : { label: '認証用URL', value: PLACEHOLDERS.link },
    { label: '有効期限', value: japanDateTime(expiresAt) },
    '',
    '認証が完了すると、ログインIDと仮パスワードをお知らせする「【kagi】アカウント通知」メールをお送りします。',
    `有効期限を過ぎた場合は、${companyName} のご担当者様にお問い合わせください。`,
    '',
    ...FOOTER,
  ]);
}

export interface AccountNoticeInput {
  companyName: string;
  companyCode: string;
  employeeName: string;
  loginId: string;
  /** Undefined in a preview. */
  temporaryPassword?: string;
  /** ISO: until when the temporary password may be used for the first sign-in. */
  passwordExpiresAt: string;
  /** The sign-in page with the company filled in. */
  signInUrl: string;
  /** A new temporary password for an account that had one: says 再発行, and that the old one is gone. */
  reissue?: boolean;
}

/** アカウント通知: the login ID and a temporary password that must be changed at the first sign-in. */
export function renderAccountNotice(input: AccountNoticeInput): RenderedMail {
  const { companyName, companyCode, employeeName, loginId, temporaryPassword, passwordExpiresAt, signInUrl, reissue = false } = input;
  return compose(SUBJECTS['account-notice'], [
    `${employeeName} 様`,
    '',
    ...(reissue
      ? [`${companyName} のアカウントのパスワードを再発行しました。`, 'これまでのパスワードは使えません。以下の情報でログインしてください。']
      : [`${companyName} のアカウントを発行しました。`, '以下の情報でログインしてください。']),
    '',
    { label: '会社コード', value: companyCode, code: true },
    { label: 'ログインID', value: loginId, code: true },
    { label: '仮パスワード', value: temporaryPassword ?? PLACEHOLDERS.password, code: temporaryPassword !== undefined },
    { label: 'ログインURL', value: signInUrl, href: signInUrl },
    { label: '仮パスワードの有効期限', value: japanDateTime(passwordExpiresAt) },
    '',
    '初回ログインが必要です。初回ログイン時に、ご自身で新しいパスワードを設定してください。',
    `有効期限を過ぎた場合は、${companyName} のご担当者様にパスワードの再発行を依頼してください。`,
    '',
    ...FOOTER,
  ]);
}

// Mails of self-registration (DESIGN.md §5b). They go to a private address or to the admin who
// ran a job, and are never written to メール送信履歴: admins read that history, and the private
// address must never reach them.

export const REGISTRATION_SUBJECTS = {
  confirm: '【kagi】メールアドレスの確認',
  complete: '【kagi】アカウント登録完了のお知らせ',
  csvLink: '【kagi】CSVファイルのダウンロードリンクのお知らせ',
  changed: '【kagi】私用メールアドレス変更のお知らせ',
} as const;

export interface AddressConfirmationInput {
  companyName: string;
  employeeName: string;
  link: string;
  expiresAt: string;
  /** マイページ's change of a registered address rather than a first registration. */
  change?: boolean;
}

/** メールアドレスの確認: the link that proves the private address is the employee's. */
export function renderAddressConfirmation({ companyName, employeeName, link, expiresAt, change = false }: AddressConfirmationInput): RenderedMail {
  return compose(REGISTRATION_SUBJECTS.confirm, [
    `${employeeName} 様`,
    '',
    change ? `${companyName} のアカウントの私用メールアドレスを変更する手続きを受け付けました。` : `${companyName} のアカウント登録の手続きを受け付けました。`,
    change
      ? '下記のURLを開き、kagi にログインしたうえで「確認する」を押すと、このメールアドレスが登録されます。'
      : '下記のURLを開き、お手元の「私用メールアドレス登録用パスワード」と、ご自身で決めた新しいパスワードを入力して「変更する」を押してください。',
    '',
    { label: '確認用URL', value: link, href: link },
    { label: '有効期限', value: japanDateTime(expiresAt) },
    '',
    '有効期限を過ぎた場合は、もう一度はじめから手続きしてください。',
    '',
    ...FOOTER,
  ]);
}

export interface PrivateAddressChangedInput {
  companyName: string;
  employeeName: string;
  changedAt: string;
}

/**
 * 私用メールアドレス変更のお知らせ: to the address that was replaced, so its owner notices a change
 * they did not make. It never names the new address.
 */
export function renderPrivateAddressChanged({ companyName, employeeName, changedAt }: PrivateAddressChangedInput): RenderedMail {
  return compose(REGISTRATION_SUBJECTS.changed, [
    `${employeeName} 様`,
    '',
    `${companyName} のアカウントの私用メールアドレスが、マイページで別のアドレスに変更されました。`,
    'このメールアドレスには、今後このアカウントのお知らせは届きません。',
    '',
    { label: '変更日時', value: japanDateTime(changedAt) },
    '',
    `お心当たりがない場合は、すぐにパスワードを変更し、${companyName} のご担当者様にご連絡ください。`,
    '',
    '※このメールは送信専用のアドレスから送信しています。返信いただいてもお答えできません。',
  ]);
}

export interface RegistrationCompleteInput {
  companyName: string;
  companyCode: string;
  employeeName: string;
  loginId: string;
  signInUrl: string;
}

/** アカウント登録完了: the login ID and where to sign in; the password is the one the employee chose. */
export function renderRegistrationComplete({ companyName, companyCode, employeeName, loginId, signInUrl }: RegistrationCompleteInput): RenderedMail {
  return compose(REGISTRATION_SUBJECTS.complete, [
    `${employeeName} 様`,
    '',
    `${companyName} のアカウント登録が完了しました。`,
    '以下のログインIDと、登録の際にご自身で設定したパスワードでログインしてください。',
    '',
    { label: '会社コード', value: companyCode, code: true },
    { label: 'ログインID', value: loginId, code: true },
    { label: 'ログインURL', value: signInUrl, href: signInUrl },
    '',
    'パスワードはこのメールには記載していません。',
    '',
    ...FOOTER,
  ]);
}

export interface CsvLinkInput {
  adminName: string;
  companyName: string;
  link: string;
  linkExpiresAt: string;
  passwordsExpireAt: string;
  count: number;
}

/** CSVファイルのダウンロードリンクのお知らせ: to the admin who issued registration passwords. */
export function renderCsvLink({ adminName, companyName, link, linkExpiresAt, passwordsExpireAt, count }: CsvLinkInput): RenderedMail {
  return compose(REGISTRATION_SUBJECTS.csvLink, [
    `${adminName} 様`,
    '',
    `${companyName} の私用メールアドレス登録用パスワード（${count}人分）の発行が完了しました。`,
    '下記のURLを開くとCSVファイルをダウンロードできます。ダウンロードには、発行した管理者ご本人のログインが必要です。',
    '',
    { label: 'ダウンロードURL', value: link, href: link },
    { label: 'URLの有効期限', value: japanDateTime(linkExpiresAt) },
    { label: 'パスワードの有効期限', value: japanDateTime(passwordsExpireAt) },
    '',
    'URLの有効期限を過ぎた後も、パスワードの有効期限までは管理画面の発行ジョブの結果からダウンロードできます。',
    'CSVファイルには登録用パスワードが含まれます。取り扱いにご注意ください。',
    '',
    ...FOOTER,
  ]);
}

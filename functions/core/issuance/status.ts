import { conflict, type Messages } from '../shared/errors.js';

// The issuance status model of DESIGN.md §5 (from the seed help pages). Pure: the services
// decide when an event happened; this module only says where it leads, or why it may not.

export const PASSWORD_STATUSES = ['unissued', 'issuing', 'issued', 'reissuing'] as const;
/** パスワード: 未発行 · 発行中 · 発行済 · 再発行中. */
export type PasswordStatus = (typeof PASSWORD_STATUSES)[number];

export const VERIFICATION_STATUSES = ['none', 'pending', 'expired', 'verified_pending_login', 'verified', 'not_applicable'] as const;
/** 認証状態: 未 · 認証待ち · 有効期限切れ · 済(未ログイン) · 済 · - (issued by PDF). */
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const PASSCODE_STATUSES = ['unissued', 'issued'] as const;
/** パスコード (4 digits, PDF only): 未発行 · 発行済. */
export type PasscodeStatus = (typeof PASSCODE_STATUSES)[number];

/** The password and verification statuses of one account; they always change together. */
export interface IssuanceState {
  password: PasswordStatus;
  verification: VerificationStatus;
}

export const ISSUANCE_EVENT_TYPES = [
  'pdf-issued',
  'request-mail-sent',
  'link-expired',
  'link-verified',
  'first-sign-in',
  'reissue-by-request-mail',
  'reissue-by-notice-mail',
] as const;

/**
 * Something that happened to an account's issuance:
 * - `pdf-issued`: a PDF notice was issued (first issue, reissue, or instead of mail);
 * - `request-mail-sent`: a verification-request mail was sent, or sent again (only the newest link works);
 * - `link-expired`: the request link's validity passed;
 * - `link-verified`: the employee pressed 認証する in time (the account-notice mail follows);
 * - `first-sign-in`: the employee completed the first sign-in with the temporary password;
 * - `reissue-by-request-mail` / `reissue-by-notice-mail`: reissue (A) and (B) of the mail flow.
 */
export type IssuanceEvent =
  | { type: 'pdf-issued' }
  | { type: 'request-mail-sent' }
  | { type: 'link-expired' }
  | { type: 'link-verified' }
  | { type: 'first-sign-in' }
  | { type: 'reissue-by-request-mail' }
  | { type: 'reissue-by-notice-mail' };
export type IssuanceEventType = IssuanceEvent['type'];

/** Where an event leads, or why it may not happen now (Japanese first, as every screen). */
export type TransitionResult<S> = { ok: true; next: S } | { ok: false; reason: Messages };

type Label = Messages;

/** Screen labels; the Japanese ones are those of the source help pages. */
export const LABELS = {
  password: {
    unissued: { ja: '未発行', en: 'Not issued' },
    issuing: { ja: '発行中', en: 'Issuing' },
    issued: { ja: '発行済', en: 'Issued' },
    reissuing: { ja: '再発行中', en: 'Reissuing' },
  },
  verification: {
    none: { ja: '未', en: 'Not sent' },
    pending: { ja: '認証待ち', en: 'Awaiting verification' },
    expired: { ja: '有効期限切れ', en: 'Expired' },
    verified_pending_login: { ja: '済(未ログイン)', en: 'Verified (not signed in)' },
    verified: { ja: '済', en: 'Verified' },
    not_applicable: { ja: '-', en: '-' },
  },
  passcode: {
    unissued: { ja: '未発行', en: 'Not issued' },
    issued: { ja: '発行済', en: 'Issued' },
  },
} as const satisfies {
  password: Record<PasswordStatus, Label>;
  verification: Record<VerificationStatus, Label>;
  passcode: Record<PasscodeStatus, Label>;
};

/** A new account: nothing issued, no mail sent. */
export const INITIAL_ISSUANCE_STATE: IssuanceState = Object.freeze({ password: 'unissued', verification: 'none' });

/**
 * The nine combinations the table can reach from 未発行 / 未. Any other combination in a store
 * is a defect; only a PDF notice (issued, issuing or reissuing) may still repair it.
 */
export const REACHABLE_STATES: readonly IssuanceState[] = Object.freeze(
  (
    [
      ['unissued', 'none'],
      ['issuing', 'pending'],
      ['issuing', 'expired'],
      ['issuing', 'verified_pending_login'],
      ['issued', 'not_applicable'],
      ['issued', 'verified'],
      ['reissuing', 'pending'],
      ['reissuing', 'expired'],
      ['reissuing', 'verified_pending_login'],
    ] as const
  ).map(([password, verification]) => Object.freeze({ password, verification })),
);

export function isReachable(state: IssuanceState): boolean {
  return REACHABLE_STATES.some((s) => s.password === state.password && s.verification === state.verification);
}

/**
 * Whether a sign-in user exists in this state: one is made when the first temporary password is
 * set, by a PDF notice, an account-notice mail, or a verified link. Before the link is verified a
 * request mail has set nothing. A hint only (saves the pool a refused call); the user pool falls
 * back when it is wrong.
 */
export function hasSignInUser(state: IssuanceState): boolean {
  if (state.password === 'issued' || state.password === 'reissuing') return true;
  return state.password === 'issuing' && state.verification === 'verified_pending_login';
}

interface Rule {
  event: IssuanceEventType;
  password: readonly PasswordStatus[];
  verification: readonly VerificationStatus[];
  /** `undefined`: the event is allowed and changes nothing. */
  to: IssuanceState | undefined;
}

const rule = (event: IssuanceEventType, password: readonly PasswordStatus[], verification: readonly VerificationStatus[], to?: IssuanceState): Rule => ({
  event,
  password,
  verification,
  to,
});

const ISSUED_BY_PDF: IssuanceState = { password: 'issued', verification: 'not_applicable' };

// DESIGN.md §5, row for row and in its order.
const TABLE: readonly Rule[] = [
  rule('pdf-issued', ['unissued'], ['none'], ISSUED_BY_PDF),
  rule('request-mail-sent', ['unissued'], ['none'], { password: 'issuing', verification: 'pending' }),
  rule('link-expired', ['issuing'], ['pending'], { password: 'issuing', verification: 'expired' }),
  rule('request-mail-sent', ['issuing'], ['pending', 'expired'], { password: 'issuing', verification: 'pending' }),
  rule('link-verified', ['issuing'], ['pending'], { password: 'issuing', verification: 'verified_pending_login' }),
  rule('first-sign-in', ['issuing', 'reissuing'], ['verified_pending_login'], { password: 'issued', verification: 'verified' }),
  rule('reissue-by-request-mail', ['issued'], ['verified', 'not_applicable'], { password: 'reissuing', verification: 'pending' }),
  rule('reissue-by-notice-mail', ['issued'], ['verified', 'not_applicable'], { password: 'reissuing', verification: 'verified_pending_login' }),
  rule('pdf-issued', ['issued', 'issuing', 'reissuing'], VERIFICATION_STATUSES, ISSUED_BY_PDF),
  rule('link-expired', ['reissuing'], ['pending'], { password: 'reissuing', verification: 'expired' }),
];

// Rows the table needs but does not print. Without the first two, reissue (A) could never
// complete by mail (its link could be neither verified nor sent again; issue 4 lets the admin
// resend until the first sign-in). Without the third, the first sign-in of a PDF notice would
// be refused, though there is nothing left for it to complete.
const IMPLIED: readonly Rule[] = [
  rule('link-verified', ['reissuing'], ['pending'], { password: 'reissuing', verification: 'verified_pending_login' }),
  rule('request-mail-sent', ['reissuing'], ['pending', 'expired'], { password: 'reissuing', verification: 'pending' }),
  rule('first-sign-in', ['issued'], ['not_applicable']),
];

const RULES = [...TABLE, ...IMPLIED];

/** Where `event` takes `state`, or why it may not happen in that state. Never mutates `state`. */
export function transition(state: IssuanceState, event: IssuanceEvent): TransitionResult<IssuanceState> {
  const match = RULES.find((r) => r.event === event.type && r.password.includes(state.password) && r.verification.includes(state.verification));
  if (!match) return { ok: false, reason: refusal(state, event.type) };
  const next = match.to ?? state;
  return { ok: true, next: { password: next.password, verification: next.verification } };
}

/** The next state, or a 409 `INVALID_TRANSITION` whose message says why the event may not happen now. */
export function assertTransition(state: IssuanceState, event: IssuanceEvent): IssuanceState {
  const result = transition(state, event);
  if (!result.ok) throw conflict('INVALID_TRANSITION', result.reason, { event: event.type, passwordStatus: state.password, verificationStatus: state.verification });
  return result.next;
}

const REASONS = {
  alreadyIssued: { ja: 'パスワードは発行済みです。再発行してください。', en: 'The password has already been issued. Reissue it instead.' },
  notIssuedYet: { ja: 'パスワードは未発行のため、再発行できません。先に発行してください。', en: 'The password has not been issued yet, so it cannot be reissued. Issue it first.' },
  stillIssuing: {
    ja: 'パスワードは発行中のため、再発行できません。PDFで発行し直すことはできます。',
    en: 'The password is still being issued, so it cannot be reissued. You can issue it by PDF instead.',
  },
  alreadyReissuing: {
    ja: 'パスワードは再発行中です。PDFで発行し直すことはできます。',
    en: 'The password is already being reissued. You can issue it by PDF instead.',
  },
  awaitingFirstSignIn: {
    ja: 'メールアドレスは認証済みで、アカウント通知メールを送信済みです。社員の初回ログインをお待ちください。',
    en: "The address is verified and the account notice has been sent. Wait for the employee's first sign-in.",
  },
  alreadyExpired: { ja: '有効期限切れとして処理済みです。', en: 'The link has already been marked as expired.' },
  verifiedCannotExpire: { ja: 'メールアドレスは認証済みのため、有効期限切れにはなりません。', en: 'The address is already verified, so the link cannot expire.' },
  nothingToExpire: { ja: '認証待ちではないため、有効期限切れにはなりません。', en: 'No verification is pending, so nothing can expire.' },
  linkExpired: { ja: '有効期限が切れています。', en: 'The link has expired.' },
  alreadyVerified: { ja: 'メールアドレスは認証済みです。', en: 'The address has already been verified.' },
  notPending: { ja: '認証待ちではないため、認証できません。', en: 'No verification is pending, so it cannot be verified.' },
  noPasswordYet: { ja: 'パスワードが未発行のため、ログインできません。', en: 'No password has been issued, so sign-in is not possible.' },
  notVerifiedYet: {
    ja: 'メールアドレスの認証が完了していないため、ログインできません。',
    en: 'The address has not been verified yet, so sign-in is not possible.',
  },
  firstSignInDone: { ja: '初回ログインは完了しています。', en: 'The first sign-in has already been completed.' },
} as const satisfies Record<string, Messages>;

function refusal(state: IssuanceState, event: IssuanceEventType): Messages {
  if (!isReachable(state)) return inconsistent(state);
  const { password, verification } = state;
  const verified = verification === 'verified_pending_login' || verification === 'verified';
  switch (event) {
    case 'request-mail-sent':
      return password === 'issued' ? REASONS.alreadyIssued : REASONS.awaitingFirstSignIn;
    case 'link-expired':
      if (verification === 'expired') return REASONS.alreadyExpired;
      return verified ? REASONS.verifiedCannotExpire : REASONS.nothingToExpire;
    case 'link-verified':
      if (verification === 'expired') return REASONS.linkExpired;
      return verified ? REASONS.alreadyVerified : REASONS.notPending;
    case 'first-sign-in':
      if (password === 'unissued') return REASONS.noPasswordYet;
      return password === 'issued' ? REASONS.firstSignInDone : REASONS.notVerifiedYet;
    case 'reissue-by-request-mail':
    case 'reissue-by-notice-mail':
      if (password === 'unissued') return REASONS.notIssuedYet;
      return password === 'issuing' ? REASONS.stillIssuing : REASONS.alreadyReissuing;
    case 'pdf-issued':
      // Allowed from every reachable state; only an inconsistent one (handled above) gets here.
      return inconsistent(state);
  }
}

function inconsistent({ password, verification }: IssuanceState): Messages {
  const p = LABELS.password[password];
  const v = LABELS.verification[verification];
  return {
    ja: `パスワード「${p.ja}」と認証状態「${v.ja}」の組み合わせが正しくないため、この操作はできません。`,
    en: `The password status "${p.en}" and the verification status "${v.en}" do not fit together, so this cannot be done.`,
  };
}

export const PASSCODE_EVENT_TYPES = ['passcode-issued', 'passcode-reissued'] as const;
/** A passcode notice was printed: the first one, or a reissue (which also lifts a passcode lock). */
export type PasscodeEvent = { type: 'passcode-issued' } | { type: 'passcode-reissued' };

/** 未発行 → 発行済 by the first PDF; 発行済 → 発行済 on every reissue. */
export function passcodeTransition(status: PasscodeStatus, event: PasscodeEvent): TransitionResult<PasscodeStatus> {
  if (event.type === 'passcode-issued') {
    return status === 'unissued'
      ? { ok: true, next: 'issued' }
      : { ok: false, reason: { ja: 'パスコードは発行済みです。再発行してください。', en: 'The passcode has already been issued. Reissue it instead.' } };
  }
  return status === 'issued'
    ? { ok: true, next: 'issued' }
    : { ok: false, reason: { ja: 'パスコードは未発行のため、再発行できません。先に発行してください。', en: 'The passcode has not been issued yet, so it cannot be reissued. Issue it first.' } };
}

/** The next passcode status, or a 409 `INVALID_TRANSITION` that says why. */
export function assertPasscodeTransition(status: PasscodeStatus, event: PasscodeEvent): PasscodeStatus {
  const result = passcodeTransition(status, event);
  if (!result.ok) throw conflict('INVALID_TRANSITION', result.reason, { event: event.type, passcodeStatus: status });
  return result.next;
}

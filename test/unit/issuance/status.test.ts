import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../functions/core/shared/errors.js';
import {
  assertPasscodeTransition,
  assertTransition,
  hasSignInUser,
  INITIAL_ISSUANCE_STATE,
  ISSUANCE_EVENT_TYPES,
  LABELS,
  PASSCODE_STATUSES,
  PASSWORD_STATUSES,
  passcodeTransition,
  REACHABLE_STATES,
  transition,
  VERIFICATION_STATUSES,
  type IssuanceEventType,
  type IssuanceState,
  type PasswordStatus,
  type VerificationStatus,
} from '../../../functions/core/issuance/status.js';

type Row = [from: PasswordStatus[], verification: VerificationStatus[] | '*', event: IssuanceEventType, to: string];

// DESIGN.md §5 copied row for row ('*' = any verification; 'same' = unchanged), then the rows it
// implies (see status.ts). Written independently of the module so a slip in either shows.
const DESIGN_TABLE: Row[] = [
  [['unissued'], ['none'], 'pdf-issued', 'issued/not_applicable'],
  [['unissued'], ['none'], 'request-mail-sent', 'issuing/pending'],
  [['issuing'], ['pending'], 'link-expired', 'issuing/expired'],
  [['issuing'], ['pending', 'expired'], 'request-mail-sent', 'issuing/pending'],
  [['issuing'], ['pending'], 'link-verified', 'issuing/verified_pending_login'],
  [['issuing', 'reissuing'], ['verified_pending_login'], 'first-sign-in', 'issued/verified'],
  [['issued'], ['verified', 'not_applicable'], 'reissue-by-request-mail', 'reissuing/pending'],
  [['issued'], ['verified', 'not_applicable'], 'reissue-by-notice-mail', 'reissuing/verified_pending_login'],
  [['issued', 'issuing', 'reissuing'], '*', 'pdf-issued', 'issued/not_applicable'],
  [['reissuing'], ['pending'], 'link-expired', 'reissuing/expired'],
];
const IMPLIED_ROWS: Row[] = [
  [['reissuing'], ['pending'], 'link-verified', 'reissuing/verified_pending_login'],
  [['reissuing'], ['pending', 'expired'], 'request-mail-sent', 'reissuing/pending'],
  [['issued'], ['not_applicable'], 'first-sign-in', 'same'],
];

const key = (s: IssuanceState) => `${s.password}/${s.verification}`;
const state = (k: string): IssuanceState => {
  const [password, verification] = k.split('/') as [PasswordStatus, VerificationStatus];
  return { password, verification };
};

function expectedNext(from: IssuanceState, event: IssuanceEventType): string | undefined {
  const row = [...DESIGN_TABLE, ...IMPLIED_ROWS].find(
    ([passwords, verifications, e]) => e === event && passwords.includes(from.password) && (verifications === '*' || verifications.includes(from.verification)),
  );
  if (!row) return undefined;
  return row[3] === 'same' ? key(from) : row[3];
}

const ALL_STATES = PASSWORD_STATUSES.flatMap((password) => VERIFICATION_STATUSES.map((verification) => ({ password, verification })));
const ALL_PAIRS = ALL_STATES.flatMap((s) => ISSUANCE_EVENT_TYPES.map((event) => [s, event] as const));
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('issuance status: every (state, event) pair', () => {
  it('covers the whole cross product: 4 password × 6 verification × 7 events', () => {
    expect(ALL_PAIRS).toHaveLength(168);
  });

  it.each(ALL_PAIRS.map(([s, event]) => [key(s), event] as const))('%s + %s', (from, event) => {
    const result = transition(state(from), { type: event });
    const expected = expectedNext(state(from), event);
    if (expected) {
      expect(result).toEqual({ ok: true, next: state(expected) });
    } else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason.ja).toMatch(JAPANESE);
      expect(result.reason.ja).toMatch(/。$/);
      expect(result.reason.en.length).toBeGreaterThan(10);
    }
  });

  it('allows exactly the table rows plus the implied ones, and no more', () => {
    const allowed = ALL_PAIRS.filter(([s, event]) => transition(s, { type: event }).ok).map(([s, event]) => `${key(s)} ${event}`);
    const expected = ALL_PAIRS.filter(([s, event]) => expectedNext(s, event)).map(([s, event]) => `${key(s)} ${event}`);
    expect(allowed).toEqual(expected);
    // 1+1+1+2+1+2+2+2+18+1 table rows, 1+2+1 implied.
    expect(allowed).toHaveLength(31 + 4);
  });
});

describe('issuance status: reasons', () => {
  const reasonOf = (from: string, event: IssuanceEventType) => {
    const result = transition(state(from), { type: event });
    if (result.ok) throw new Error(`${from} + ${event} was allowed`);
    return result.reason;
  };

  it('says the password is issued and to reissue when a first request mail is sent to an issued account', () => {
    expect(reasonOf('issued/verified', 'request-mail-sent')).toEqual({
      ja: 'パスワードは発行済みです。再発行してください。',
      en: 'The password has already been issued. Reissue it instead.',
    });
    expect(reasonOf('issued/not_applicable', 'request-mail-sent').ja).toBe('パスワードは発行済みです。再発行してください。');
  });

  it('says an expired link has expired, and that only a pending one can be verified', () => {
    expect(reasonOf('issuing/expired', 'link-verified').ja).toBe('有効期限が切れています。');
    expect(reasonOf('reissuing/expired', 'link-verified').ja).toBe('有効期限が切れています。');
    expect(reasonOf('unissued/none', 'link-verified').ja).toBe('認証待ちではないため、認証できません。');
    expect(reasonOf('issued/not_applicable', 'link-verified').ja).toBe('認証待ちではないため、認証できません。');
    expect(reasonOf('issuing/verified_pending_login', 'link-verified').ja).toBe('メールアドレスは認証済みです。');
  });

  it('explains refused reissues and sign-ins by where the account stands', () => {
    expect(reasonOf('unissued/none', 'reissue-by-request-mail').ja).toContain('未発行');
    expect(reasonOf('issuing/pending', 'reissue-by-notice-mail').ja).toContain('発行中');
    expect(reasonOf('reissuing/pending', 'reissue-by-request-mail').ja).toContain('再発行中');
    expect(reasonOf('reissuing/pending', 'first-sign-in').ja).toBe('メールアドレスの認証が完了していないため、ログインできません。');
    expect(reasonOf('issued/verified', 'first-sign-in').ja).toBe('初回ログインは完了しています。');
    expect(reasonOf('issuing/expired', 'link-expired').ja).toBe('有効期限切れとして処理済みです。');
  });

  it('gives every refusal in a reachable state a specific reason, and names both labels for a broken state', () => {
    for (const s of REACHABLE_STATES) {
      for (const event of ISSUANCE_EVENT_TYPES) {
        const result = transition(s, { type: event });
        if (!result.ok) expect(result.reason.ja).not.toContain('組み合わせが正しくない');
      }
    }
    const broken = reasonOf('unissued/pending', 'pdf-issued');
    expect(broken.ja).toBe('パスワード「未発行」と認証状態「認証待ち」の組み合わせが正しくないため、この操作はできません。');
    expect(reasonOf('issued/pending', 'first-sign-in').ja).toContain('組み合わせが正しくない');
  });
});

describe('issuance status: reachable states', () => {
  it('reaches exactly the nine listed states from 未発行 / 未, and never leaves them', () => {
    const seen = new Set([key(INITIAL_ISSUANCE_STATE)]);
    const queue = [INITIAL_ISSUANCE_STATE];
    while (queue.length) {
      const from = queue.shift()!;
      for (const event of ISSUANCE_EVENT_TYPES) {
        const result = transition(from, { type: event });
        if (result.ok && !seen.has(key(result.next))) {
          seen.add(key(result.next));
          queue.push(result.next);
        }
      }
    }
    expect([...seen].sort()).toEqual(REACHABLE_STATES.map(key).sort());
  });

  it('knows a sign-in user exists exactly where every path to the state set a temporary password', () => {
    // The events that set a password: the notice, the verified link (its account-notice mail), and reissue (B).
    const setsPassword = new Set<IssuanceEventType>(['pdf-issued', 'link-verified', 'reissue-by-notice-mail']);
    const userAfter = new Map<string, Set<boolean>>([[key(INITIAL_ISSUANCE_STATE), new Set([false])]]);
    const queue: Array<[IssuanceState, boolean]> = [[INITIAL_ISSUANCE_STATE, false]];
    while (queue.length) {
      const [from, hasUser] = queue.shift()!;
      for (const event of ISSUANCE_EVENT_TYPES) {
        const result = transition(from, { type: event });
        if (!result.ok) continue;
        const user = hasUser || setsPassword.has(event);
        const seen = userAfter.get(key(result.next)) ?? new Set<boolean>();
        if (seen.has(user)) continue;
        userAfter.set(key(result.next), seen.add(user));
        queue.push([result.next, user]);
      }
    }
    for (const s of REACHABLE_STATES) expect([key(s), [...userAfter.get(key(s))!]]).toEqual([key(s), [hasSignInUser(s)]]);
  });

  it('lets a PDF notice repair any state but a broken 未発行 one', () => {
    for (const s of ALL_STATES) expect(transition(s, { type: 'pdf-issued' }).ok).toBe(s.password !== 'unissued' || s.verification === 'none');
  });
});

describe('issuance status: flows of the source pages', () => {
  const run = (events: IssuanceEventType[]) => events.reduce((s, type) => assertTransition(s, { type }), INITIAL_ISSUANCE_STATE);

  it('PDF: 未発行 → 発行済 / -, and the first sign-in leaves it there', () => {
    expect(run(['pdf-issued'])).toEqual({ password: 'issued', verification: 'not_applicable' });
    expect(run(['pdf-issued', 'first-sign-in'])).toEqual({ password: 'issued', verification: 'not_applicable' });
  });

  it('mail: request, expiry, resend, verify, first sign-in → 発行済 / 済', () => {
    expect(run(['request-mail-sent', 'link-expired', 'request-mail-sent', 'link-verified'])).toEqual({ password: 'issuing', verification: 'verified_pending_login' });
    expect(run(['request-mail-sent', 'link-verified', 'first-sign-in'])).toEqual({ password: 'issued', verification: 'verified' });
  });

  it('reissue (A) by request mail and (B) by notice mail both end at 発行済 / 済', () => {
    const issued = ['request-mail-sent', 'link-verified', 'first-sign-in'] as IssuanceEventType[];
    expect(run([...issued, 'reissue-by-request-mail'])).toEqual({ password: 'reissuing', verification: 'pending' });
    expect(run([...issued, 'reissue-by-request-mail', 'link-expired', 'request-mail-sent', 'link-verified', 'first-sign-in'])).toEqual({
      password: 'issued',
      verification: 'verified',
    });
    expect(run(['pdf-issued', 'reissue-by-notice-mail'])).toEqual({ password: 'reissuing', verification: 'verified_pending_login' });
    expect(run(['pdf-issued', 'reissue-by-notice-mail', 'first-sign-in'])).toEqual({ password: 'issued', verification: 'verified' });
  });

  it('switching to PDF mid-way gives 発行済 / -', () => {
    expect(run(['request-mail-sent', 'link-expired', 'pdf-issued'])).toEqual({ password: 'issued', verification: 'not_applicable' });
    expect(run(['pdf-issued', 'reissue-by-request-mail', 'pdf-issued'])).toEqual({ password: 'issued', verification: 'not_applicable' });
  });

  it('returns a new state and leaves the given one alone', () => {
    const from = Object.freeze({ password: 'issuing', verification: 'pending' } as const);
    const result = transition(from, { type: 'request-mail-sent' });
    expect(result).toEqual({ ok: true, next: from });
    if (result.ok) expect(result.next).not.toBe(from);
    expect(from).toEqual({ password: 'issuing', verification: 'pending' });
  });
});

describe('assertTransition', () => {
  it('answers 409 INVALID_TRANSITION with the reason in both languages', () => {
    const error = (() => {
      try {
        assertTransition({ password: 'issued', verification: 'verified' }, { type: 'request-mail-sent' });
      } catch (e) {
        return e;
      }
      throw new Error('not refused');
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      statusCode: 409,
      code: 'INVALID_TRANSITION',
      messages: { ja: 'パスワードは発行済みです。再発行してください。' },
      details: { event: 'request-mail-sent', passwordStatus: 'issued', verificationStatus: 'verified' },
    });
  });
});

describe('labels', () => {
  it('are the Japanese words of the source pages', () => {
    const ja = (labels: Record<string, { ja: string }>) => Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v.ja]));
    expect(ja(LABELS.password)).toEqual({ unissued: '未発行', issuing: '発行中', issued: '発行済', reissuing: '再発行中' });
    expect(ja(LABELS.verification)).toEqual({
      none: '未',
      pending: '認証待ち',
      expired: '有効期限切れ',
      verified_pending_login: '済(未ログイン)',
      verified: '済',
      not_applicable: '-',
    });
    expect(ja(LABELS.passcode)).toEqual({ unissued: '未発行', issued: '発行済' });
  });

  it('have an English label for every status', () => {
    const all = [...Object.values(LABELS.password), ...Object.values(LABELS.verification), ...Object.values(LABELS.passcode)];
    expect(all).toHaveLength(PASSWORD_STATUSES.length + VERIFICATION_STATUSES.length + PASSCODE_STATUSES.length);
    for (const label of all) expect(label.en).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('passcode status', () => {
  it('goes 未発行 → 発行済 by PDF and stays 発行済 on reissue; the other two pairs are refused', () => {
    expect(passcodeTransition('unissued', { type: 'passcode-issued' })).toEqual({ ok: true, next: 'issued' });
    expect(passcodeTransition('issued', { type: 'passcode-reissued' })).toEqual({ ok: true, next: 'issued' });
    expect(passcodeTransition('issued', { type: 'passcode-issued' })).toMatchObject({ ok: false, reason: { ja: 'パスコードは発行済みです。再発行してください。' } });
    expect(passcodeTransition('unissued', { type: 'passcode-reissued' })).toMatchObject({ ok: false, reason: { ja: expect.stringContaining('未発行') } });
    expect(() => assertPasscodeTransition('issued', { type: 'passcode-issued' })).toThrow(
      expect.objectContaining({ statusCode: 409, code: 'INVALID_TRANSITION' }),
    );
  });
});

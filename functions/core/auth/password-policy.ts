import { COMMON_PASSWORDS } from './common-passwords.js';

/**
 * NIST 800-63B style: long enough, not the login ID, not a known common password, and no
 * composition rules (they make passwords worse, not stronger).
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too-short' | 'too-long' | 'same-as-login-id' | 'common';

export function passwordProblem(password: string, loginId: string): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (length > MAX_PASSWORD_LENGTH) return 'too-long';
  const folded = password.toLowerCase();
  if (loginId && folded.includes(loginId.toLowerCase())) return 'same-as-login-id';
  if (COMMON_PASSWORDS.has(folded)) return 'common';
  return undefined;
}

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, { ja: string; en: string }> = {
  'too-short': { ja: `パスワードは${MIN_PASSWORD_LENGTH}文字以上で入力してください。`, en: `Use at least ${MIN_PASSWORD_LENGTH} characters.` },
  'too-long': { ja: `パスワードは${MAX_PASSWORD_LENGTH}文字以内で入力してください。`, en: `Use at most ${MAX_PASSWORD_LENGTH} characters.` },
  'same-as-login-id': { ja: 'ログインIDを含むパスワードは使えません。', en: 'The password must not contain your login ID.' },
  common: { ja: 'よく使われていて推測されやすいパスワードです。別のパスワードにしてください。', en: 'This password is too common. Choose another one.' },
};

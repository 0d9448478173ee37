import { isPlausibleEmail } from '../employees/validate.js';
import { badRequest } from '../shared/errors.js';

/**
 * A private address typed twice (the QR page's form, マイページ): well-formed, and the same both
 * times. Checked in the open: saying it is malformed tells nothing about anyone's account.
 */
export function checkAddressPair(email: string, confirmation: string): void {
  if (!isPlausibleEmail(email)) {
    throw badRequest('VALIDATION', { ja: 'メールアドレスの形式が正しくありません。', en: 'The mail address is not valid.' }, { issues: [{ field: 'email', code: 'invalid' }] });
  }
  if (email.toLowerCase() !== confirmation.toLowerCase()) {
    throw badRequest('VALIDATION', { ja: '確認用のメールアドレスが一致しません。', en: 'The two mail addresses do not match.' }, { issues: [{ field: 'emailConfirmation', code: 'mismatch' }] });
  }
}

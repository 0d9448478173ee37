import { describe, expect, it } from 'vitest';
import { escapeHtml, japanDateTime, PLACEHOLDERS, renderAccountNotice, renderVerificationRequest } from '../../../functions/core/mail/messages.js';

describe('mail renderers', () => {
  it('states deadlines as date and time in Japan time', () => {
    expect(japanDateTime('2026-11-28T12:30:00.000Z')).toBe('2026年11月28日 21:30 (日本時間)');
    expect(japanDateTime('2026-12-31T15:05:00.000Z')).toBe('2027年1月1日 00:05 (日本時間)');
  });

  it('renders the request mail: company, name, link and deadline in both parts', () => {
    const link = 'https://kagi.example.jp/verify/abc_DEF-123';
    const mail = renderVerificationRequest({ companyName: '株式会社デモ', employeeName: '佐藤 健太', link, expiresAt: '2026-11-28T12:30:00.000Z' });
    expect(mail.subject).toBe('【kagi】アカウント認証要求');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('株式会社デモ');
      expect(part).toContain('佐藤 健太 様');
      expect(part).toContain(link);
      expect(part).toContain('2026年11月28日 21:30 (日本時間)');
      expect(part).toContain('認証する');
    }
    expect(mail.html).toContain(`<a href="${link}">`);
    expect(mail.html).toContain('<meta charset="UTF-8">');
    expect(mail.text).not.toContain('<');
  });

  it('escapes what comes from the data in the HTML part, not in the text part', () => {
    const mail = renderVerificationRequest({ companyName: '<script>alert(1)</script>&Co', employeeName: 'O\'Brien "Bob"', link: 'https://x.example/verify/t', expiresAt: '2026-11-28T12:30:00.000Z' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;Co');
    expect(mail.html).toContain('O&#39;Brien &quot;Bob&quot;');
    expect(mail.text).toContain('<script>alert(1)</script>&Co');
    expect(escapeHtml('a&b<c>"\'')).toBe('a&amp;b&lt;c&gt;&quot;&#39;');
  });

  it('renders the account notice with login ID, password, sign-in URL and the first sign-in note', () => {
    const mail = renderAccountNotice({
      companyName: '株式会社デモ', companyCode: 'demo', employeeName: '鈴木 美咲', loginId: 'suzuki.misaki', temporaryPassword: 'gQ7mxTa4pRe9',
      passwordExpiresAt: '2026-12-05T14:59:00.000Z', signInUrl: 'https://kagi.example.jp/login?company=demo',
    });
    expect(mail.subject).toBe('【kagi】アカウント通知');
    for (const part of [mail.text, mail.html]) {
      for (const s of ['株式会社デモ', '鈴木 美咲 様', 'demo', 'suzuki.misaki', 'gQ7mxTa4pRe9', 'https://kagi.example.jp/login?company=demo', '2026年12月5日 23:59 (日本時間)', '初回ログイン', 'アカウントを発行しました'])
        expect(part).toContain(s);
      expect(part).not.toContain('再発行しました');
    }
  });

  it('says 再発行 in the notice of a reissue, never 「アカウントを発行しました」', () => {
    const mail = renderAccountNotice({
      companyName: '株式会社デモ', companyCode: 'demo', employeeName: '鈴木 美咲', loginId: 'suzuki.misaki', temporaryPassword: 'gQ7mxTa4pRe9',
      passwordExpiresAt: '2026-12-05T14:59:00.000Z', signInUrl: 'https://kagi.example.jp/login?company=demo', reissue: true,
    });
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('パスワードを再発行しました');
      expect(part).toContain('これまでのパスワードは使えません');
      expect(part).not.toContain('アカウントを発行しました');
    }
  });

  it('previews with marked placeholders where the secret is made at send time', () => {
    const request = renderVerificationRequest({ companyName: 'A', employeeName: 'B', expiresAt: '2026-11-28T12:30:00.000Z' });
    expect(request.text).toContain(PLACEHOLDERS.link);
    expect(request.html).not.toContain('<a href');
    const notice = renderAccountNotice({ companyName: 'A', companyCode: 'a', employeeName: 'B', loginId: 'b', passwordExpiresAt: '2026-12-05T14:59:00.000Z', signInUrl: 'https://x/login' });
    expect(notice.text).toContain(PLACEHOLDERS.password);
    // Same code path: a real send differs only where the placeholder stood.
    const real = renderVerificationRequest({ companyName: 'A', employeeName: 'B', link: 'https://x/verify/t', expiresAt: '2026-11-28T12:30:00.000Z' });
    expect(real.text.replace('https://x/verify/t', PLACEHOLDERS.link)).toBe(request.text);
  });
});

import { TEMPORARY_PASSWORD_LEGEND } from '../../../functions/core/issuance/temporary-password.js';
import type { PasswordNotice } from '../../../functions/jobs/pdf/notice-pdf.js';

export const SIGN_IN_URL = 'https://kagi.example.jp/login?company=C0001';

const base = {
  companyName: '株式会社サンプル商事',
  companyCode: 'C0001',
  signInUrl: SIGN_IN_URL,
  reissue: false,
  passwordLegend: TEMPORARY_PASSWORD_LEGEND.ja,
  validUntil: '2026年12月5日 23:59',
  issuedAt: '2026年11月21日',
};

/** Names with kanji that web-font slices lack (髙, 﨑) and a department long enough to wrap. */
export const sampleNotices: PasswordNotice[] = [
  { ...base, department: '営業本部 第一営業部', familyName: '髙橋', givenName: '大輔', loginId: 'takahashi.d', temporaryPassword: 'gQ7mxTa4pRe9' },
  { ...base, department: '経営企画本部 デジタルトランスフォーメーション推進室 業務プロセス改革グループ 第二チーム（東日本・北海道エリア担当）', familyName: '山﨑', givenName: '誠', loginId: 'yamasaki.m', temporaryPassword: 'aN4hH8ucYe2k' },
  { ...base, department: '人事部', familyName: '佐藤', givenName: '花子', loginId: 'sato.h', temporaryPassword: 'Lp5vYd9tGf3r' },
];

/** `count` notices with distinct names and passwords, for size and speed measurements. */
export function manyNotices(count: number): PasswordNotice[] {
  const families = ['髙橋', '山﨑', '佐藤', '鈴木', '田中', '渡邉', '伊藤', '中村', '小林', '齋藤', '吉田', '山口'];
  const givens = ['大輔', '誠', '花子', '翔太', '美咲', '健一', '陽菜', '蓮', '結衣', '悠真'];
  return Array.from({ length: count }, (_, i) => ({
    ...base,
    department: `第${(i % 40) + 1}営業部`,
    familyName: families[i % families.length]!,
    givenName: givens[Math.floor(i / families.length) % givens.length]!,
    loginId: `emp${String(i).padStart(5, '0')}`,
    temporaryPassword: `Xk${(i * 7919).toString(36).padStart(6, 'q')}Rm4`,
  }));
}

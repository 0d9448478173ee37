import { describe, expect, it } from 'vitest';
import { KANJI_VARIANTS } from '../../../functions/core/employees/kanji-variants.js';
import { foldForSearch, matchesSearch } from '../../../functions/core/employees/search.js';

const person = (familyName: string, givenName = '', kana = '') => ({
  employeeCode: '0001', familyName, givenName, familyNameKana: kana, givenNameKana: '',
});

describe('search folding of 異体字', () => {
  // Every pair the issue names, and the JIS variants HR names meet most; the common form first.
  const pairs: Array<[common: string, variant: string]> = [
    ['高', '髙'],
    ['崎', '\u{fa11}'], // 﨑: in the compatibility block, yet without an NFKC mapping
    ['崎', '嵜'],
    ['崎', '碕'],
    ['辺', '邊'],
    ['辺', '邉'],
    ['斉', '齋'],
    ['斉', '齊'],
    ['斉', '斎'],
    ['浜', '濵'],
    ['浜', '濱'],
    ['徳', '德'],
    ['橋', '槗'],
    ['橋', '\u{2363a}'], // 𣘺
    ['隆', '\u{f9dc}'], // 隆 U+F9DC: NFKC folds it
    ['吉', '\u{20bb7}'], // 𠮷 (つちよし)
    ['塚', '\u{fa10}'],
    ['晴', '\u{fa12}'],
    ['沢', '澤'],
    ['広', '廣'],
    ['国', '國'],
    ['桜', '櫻'],
    ['島', '嶋'],
    ['島', '嶌'],
    ['富', '冨'],
    ['恵', '惠'],
    ['栄', '榮'],
    ['竜', '龍'],
    ['関', '關'],
    ['滝', '瀧'],
    ['曽', '曾'],
    ['条', '條'],
    ['館', '舘'],
    ['剣', '劍'],
    ['真', '眞'],
    ['野', '埜'],
    ['薮', '藪'],
    ['槙', '槇'],
    ['瀬', '瀨'],
    ['渕', '淵'],
    ['ケ', 'ヶ'],
  ];

  it.each(pairs)('%s and %s fold to one form', (common, variant) => {
    expect(common).not.toBe(variant);
    expect(foldForSearch(variant)).toBe(foldForSearch(common));
    expect(foldForSearch(variant)).toBe(common);
  });

  it('folds every entry of the table to its common form, and no common form further', () => {
    for (const [variant, common] of KANJI_VARIANTS) {
      expect(variant).not.toBe(common);
      expect(foldForSearch(variant), `${variant} U+${variant.codePointAt(0)!.toString(16)}`).toBe(common);
      expect(foldForSearch(common)).toBe(common);
    }
  });

  it('finds the names of the issue by the forms HR staff type', () => {
    expect(matchesSearch(person('髙橋', '大輔'), foldForSearch('高橋'))).toBe(true);
    expect(matchesSearch(person('山\u{fa11}', '誠'), foldForSearch('山崎'))).toBe(true);
    expect(matchesSearch(person('渡邉', '彩香'), foldForSearch('渡辺'))).toBe(true);
    expect(matchesSearch(person('渡辺', '彩香'), foldForSearch('渡邊'))).toBe(true);
    expect(matchesSearch(person('齋藤'), foldForSearch('斉藤'))).toBe(true);
    expect(matchesSearch(person('斎藤'), foldForSearch('齊藤'))).toBe(true);
    expect(matchesSearch(person('濵田'), foldForSearch('浜田'))).toBe(true);
    expect(matchesSearch(person('德永'), foldForSearch('徳永'))).toBe(true);
    expect(matchesSearch(person('高\u{69d7}'), foldForSearch('高橋'))).toBe(true);
    // The variant typed finds the common form too.
    expect(matchesSearch(person('高橋'), foldForSearch('髙橋'))).toBe(true);
    expect(matchesSearch(person('佐藤'), foldForSearch('高橋'))).toBe(false);
  });

  it('ignores variation selectors (the 1-dot and 2-dot 辻 are one character)', () => {
    expect(foldForSearch('辻\u{e0101}')).toBe('辻');
    expect(matchesSearch(person('辻\u{e0100}', '健'), foldForSearch('辻健'))).toBe(true);
  });

  it('still folds width, case, kana and spaces as before', () => {
    expect(foldForSearch('ＡＢＣ ｄｅｆ')).toBe('abcdef');
    expect(foldForSearch('ﾀｶﾊｼ')).toBe('タカハシ');
    expect(foldForSearch('たかはし　だいすけ')).toBe('タカハシダイスケ');
  });
});

// 異体字 that people's names are written with, and the common form HR staff type instead.
// Each group starts with the form searched by; the others are folded to it, for search only
// (a stored name keeps its exact characters). NFKC runs first, so the compatibility ideographs
// that have a canonical mapping (隆 U+F9DC, 神 U+FA19 …) need no entry; 﨑, 塚 and 晴 of the
// U+FA0E–FA29 range have none and are listed. Sources: the JIS X 0213 / 人名用漢字 variant pairs
// that name registers meet most (高/髙, 崎/﨑, 辺/邊/邉, 斉/斎/齋/齊, 浜/濱/濵 …).

const GROUPS = [
  '高髙',
  '崎\ufa11嵜碕',
  '辺邊邉',
  '斉斎齋齊',
  '浜濱濵',
  '徳德',
  '橋槗𣘺',
  '吉𠮷',
  '沢澤',
  '広廣',
  '国國',
  '桜櫻',
  '島嶋嶌',
  '富冨',
  '恵惠',
  '栄榮',
  '竜龍',
  '関關',
  '滝瀧',
  '曽曾',
  '条條',
  '館舘',
  '剣劍劔剱',
  '浅淺',
  '実實',
  '与與',
  '村邨',
  '静靜',
  '穂穗',
  '峰峯',
  '凛凜',
  '真眞',
  '野埜',
  '万萬',
  '寿壽',
  '礼禮',
  '鉄鐵',
  '学學',
  '県縣',
  '蔵藏',
  '弥彌',
  '聡聰',
  '顕顯',
  '児兒',
  '黒黑',
  '薮藪籔',
  '槙槇',
  '塚\ufa10',
  '晴\ufa12',
  '増增',
  '横橫',
  '緑綠',
  '戸戶',
  '内內',
  '呉吳',
  '巻卷',
  '歩步',
  '清淸',
  '亀龜',
  '桧檜',
  '瀬瀨',
  '渕淵',
  '来來',
  'ケヶ',
  'カヵ',
] as const;

const FOLD = new Map<string, string>();
for (const group of GROUPS) {
  const [common, ...variants] = [...group];
  for (const variant of variants) if (variant !== common) FOLD.set(variant, common!);
}

/** Every variant → common pair, for the tests and for anyone who wants to see the table. */
export const KANJI_VARIANTS: ReadonlyMap<string, string> = FOLD;

/** Variation selectors pick a glyph (1-dot or 2-dot 辻) but not another character. */
const VARIATION_SELECTORS = /[\u{fe00}-\u{fe0f}\u{e0100}-\u{e01ef}]/gu;

/** Folds the 異体字 of `text` (already NFKC) to their common forms and drops variation selectors. */
export function foldKanjiVariants(text: string): string {
  let out = '';
  for (const char of text.replace(VARIATION_SELECTORS, '')) out += FOLD.get(char) ?? char;
  return out;
}

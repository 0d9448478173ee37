import type { EmployeeInput } from './employee.js';
import { foldKanjiVariants } from './kanji-variants.js';

/**
 * The version of foldForSearch that a stored search text was made with. Raise it whenever the
 * folding changes: texts of an older version are matched by folding again on read (see the
 * employee store), so existing employees are found before they are next saved.
 */
export const SEARCH_FOLD_VERSION = 2;

/**
 * Search folds what Japanese users type interchangeably: full/half width (NFKC), case,
 * hiragana/katakana, spaces between family and given names, and the 異体字 of names (髙→高,
 * 﨑→崎 …, see kanji-variants.ts).
 */
export function foldForSearch(text: string): string {
  return foldKanjiVariants(
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
      .replace(/\s+/g, ''),
  );
}

/** The text an employee is found by: code, name and kana, folded. */
export function searchTextOf(e: Pick<EmployeeInput, 'employeeCode' | 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana'>): string {
  return [e.employeeCode, e.familyName + e.givenName, e.familyNameKana + e.givenNameKana].map(foldForSearch).join('|');
}

/** Whether an employee is found by a query already folded with foldForSearch. */
export function matchesSearch(e: Parameters<typeof searchTextOf>[0], foldedQuery: string): boolean {
  return searchTextOf(e).includes(foldedQuery);
}

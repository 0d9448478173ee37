import type { EmployeeInput } from './employee.js';

/**
 * Search folds what Japanese users type interchangeably: full/half width (NFKC), case,
 * hiragana/katakana, and spaces between family and given names.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(/\s+/g, '');
}

/** The text an employee is found by: code, name and kana, folded. */
export function searchTextOf(e: Pick<EmployeeInput, 'employeeCode' | 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana'>): string {
  return [e.employeeCode, e.familyName + e.givenName, e.familyNameKana + e.givenNameKana].map(foldForSearch).join('|');
}

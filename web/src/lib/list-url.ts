/** The 社員一覧 URL last shown (with its search and filter), so 戻る returns to the same list. */
let last = '/admin/employees';

export function rememberListUrl(url: string): void {
  last = url;
}

export function listHref(): string {
  return last;
}

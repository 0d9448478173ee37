import type { Employee } from '../api/types';

/** The company's date (Japan time), as every file name carries it, whatever the browser's time zone. */
export function yyyymmdd(date: Date): string {
  return new Date(date.getTime() + 9 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

export function fullName(e: Pick<Employee, 'familyName' | 'givenName'>): string {
  return `${e.familyName} ${e.givenName}`.trim();
}

export function fullKana(e: Pick<Employee, 'familyNameKana' | 'givenNameKana'>): string {
  return `${e.familyNameKana} ${e.givenNameKana}`.trim();
}

export function extraEmails(e: Pick<Employee, 'email1' | 'email2' | 'email3'>): number {
  return [e.email2, e.email3].filter((a) => a !== '').length;
}

/** Hands a Blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

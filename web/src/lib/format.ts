import type { Employee } from '../api/types';

/** YYYYMMDD in the browser's time zone, for file names. */
export function yyyymmdd(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
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

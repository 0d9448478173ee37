import type { AuditEntry } from './audit-entry.js';

// Writers put only non-secret facts in `detail` (DESIGN §6). What leaves the service (the search
// answer, the detail panel, the CSV) is still checked on the way out: a key that names a secret,
// or a value that is a mail address, is never shown, whoever wrote it. Company addresses are
// referred to by their number (1–3), never spelled out, so a private address cannot slip in.
const SECRET_KEY = /pass(word|code)|secret|token|otp|totp|seed|backup|recovery|credential|private|e-?mail|address$/i;
const ADDRESS_NUMBER_KEY = /^address$/;
const MAIL_ADDRESS = /[^\s@]+@[^\s@]+/;

/** True when a detail fact may be shown. */
export function isShownFact(key: string, value: unknown): boolean {
  if (typeof value === 'string' && MAIL_ADDRESS.test(value)) return false;
  if (ADDRESS_NUMBER_KEY.test(key)) return typeof value === 'number';
  return !SECRET_KEY.test(key);
}

/** An entry as it may be shown: detail facts that could be secret are left out. */
export function shownEntry(entry: AuditEntry): AuditEntry {
  if (!entry.detail) return entry;
  const detail = Object.fromEntries(Object.entries(entry.detail).filter(([k, v]) => isShownFact(k, v)));
  return { ...entry, detail };
}

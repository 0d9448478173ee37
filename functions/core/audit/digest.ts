import { createHash } from 'node:crypto';
import { groupOf } from './actions.js';
import type { AuditEntry } from './audit-entry.js';

/**
 * Tamper evidence for the audit log (ASVS 5.0 16.4.2). Each UTC day of a company is sealed once it
 * can no longer change: every entry is hashed in a canonical form, the hashes are chained in a
 * canonical order (time, then id), and the chain starts from the previous day's digest. Changing,
 * removing or adding an entry changes its day's digest; rewriting a day's digest breaks the next
 * day's link; and the digests are kept where the table's writers cannot rewrite them (S3 Object Lock).
 */

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The fields of an entry that are sealed, in a fixed order (storage keys and the TTL are not facts of the entry). */
const SEALED_FIELDS = ['id', 'companyId', 'at', 'actor', 'actorAccountId', 'action', 'target', 'targetAccountId', 'result', 'reason', 'sourceIp', 'detail'] as const;

function sortedValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedValue((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** One line per entry: its sealed fields in a fixed order, nested keys sorted, absent ones left out. */
export function canonicalEntry(entry: AuditEntry): string {
  const record = entry as unknown as Record<string, unknown>;
  return JSON.stringify(SEALED_FIELDS.filter((f) => record[f] !== undefined && record[f] !== null).map((f) => [f, sortedValue(record[f])]));
}

export const entryHash = (entry: AuditEntry) => sha256(canonicalEntry(entry));

/** Where a company's chain starts. */
export const genesis = (companyId: string) => sha256(`kagi-audit-genesis:${companyId}`);

/** The canonical order of a day's entries: time, then id (the order of the log's sort keys). */
export function canonicalOrder(entries: readonly AuditEntry[]): AuditEntry[] {
  return [...entries].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.at < b.at ? -1 : 1));
}

/** The day's digest: each entry hash chained onto the previous day's digest. */
export function chain(previous: string, hashes: readonly string[]): string {
  let digest = previous;
  for (const h of hashes) digest = sha256(`${digest}\n${h}`);
  return digest;
}

/** A sealed UTC day of one company's log. */
export interface DayDigest {
  companyId: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  previous: string;
  digest: string;
  count: number;
  /** Entries per `<group>#<S|F>`: the search's count of whole closed days reads these. */
  counts: Record<string, number>;
  /** Each entry's id and hash, in canonical order: verify names what changed. */
  entries: Array<[string, string]>;
  /** Epoch seconds when the first of the day's entries expires (TTL): the day cannot be verified after. */
  expiresFrom?: number;
  closedAt: string;
}

export const countKey = (entry: Pick<AuditEntry, 'action' | 'result'>) => `${groupOf(entry.action)}#${entry.result === 'success' ? 'S' : 'F'}`;

export function sealDay(companyId: string, day: string, previous: string, entries: readonly AuditEntry[], closedAt: string, expiresFrom?: number): DayDigest {
  const ordered = canonicalOrder(entries);
  const hashes = ordered.map(entryHash);
  const counts: Record<string, number> = {};
  for (const e of ordered) counts[countKey(e)] = (counts[countKey(e)] ?? 0) + 1;
  return {
    companyId,
    day,
    previous,
    digest: chain(previous, hashes),
    count: ordered.length,
    counts,
    entries: ordered.map((e, i) => [e.id, hashes[i]!]),
    ...(expiresFrom !== undefined ? { expiresFrom } : {}),
    closedAt,
  };
}

export type DayStatus = 'ok' | 'changed' | 'missing' | 'open' | 'expired';

export interface DayCheck {
  day: string;
  status: DayStatus;
  entries: number;
  recorded: number | null;
  missingIds: string[];
  changedIds: string[];
  addedIds: string[];
}

/** What verify lists of each kind at most. */
const LISTED = 100;

/**
 * A sealed day against its entries now. `record` is the table's copy of the seal, `sealed` the
 * locked copy (S3) with each entry's hash; `previous` the digest the day must chain from.
 * Removed entries make the day `missing`; otherwise a changed or added entry, a broken link or
 * a table copy that differs from the locked one makes it `changed`.
 */
export function checkDay(day: string, entries: readonly AuditEntry[], sealed: DayDigest | undefined, record: Pick<DayDigest, 'digest' | 'count' | 'previous'> | undefined, previous: string | undefined): DayCheck {
  const base = { day, entries: entries.length, missingIds: [] as string[], changedIds: [] as string[], addedIds: [] as string[] };
  const seal = sealed ?? record;
  if (!seal) return { ...base, status: 'open', recorded: null };
  const ordered = canonicalOrder(entries);
  const hashes = ordered.map(entryHash);
  const recomputed = chain(seal.previous, hashes);
  let changed = recomputed !== seal.digest || (previous !== undefined && seal.previous !== previous) || (sealed !== undefined && record !== undefined && record.digest !== sealed.digest);
  let missing = entries.length < seal.count;
  if (sealed) {
    const now = new Map(ordered.map((e, i) => [e.id, hashes[i]!]));
    const then = new Map(sealed.entries);
    for (const [id, hash] of sealed.entries) {
      const current = now.get(id);
      if (current === undefined) base.missingIds.push(id);
      else if (current !== hash) base.changedIds.push(id);
    }
    for (const e of ordered) if (!then.has(e.id)) base.addedIds.push(e.id);
    missing = base.missingIds.length > 0;
    changed ||= base.changedIds.length > 0 || base.addedIds.length > 0;
  }
  const cut = (ids: string[]) => ids.slice(0, LISTED);
  return {
    ...base,
    missingIds: cut(base.missingIds),
    changedIds: cut(base.changedIds),
    addedIds: cut(base.addedIds),
    recorded: seal.count,
    status: missing ? 'missing' : changed ? 'changed' : 'ok',
  };
}

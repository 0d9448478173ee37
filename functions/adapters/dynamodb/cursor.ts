import { badRequest } from '../../core/shared/errors.js';

/**
 * The one page-cursor codec: every cursor that crosses the API is made and read here.
 *
 * A cursor is a DynamoDB start key (base64url JSON). It is opaque to clients and verified on the
 * way back in against the exact key shape of the query it is for: every attribute that query's
 * keys have and no other, each a non-empty string within DynamoDB's key size, the partition equal
 * to the caller's own (so another company's cursor is refused), the sort key inside the query's
 * key condition. Anything else is 400 `INVALID_CURSOR` before DynamoDB sees it.
 *
 * Why shape validation rather than an HMAC signature: the check proves exactly what must hold —
 * a cursor can only position a query inside the partition the caller may read anyway, so an edited
 * but well-shaped cursor merely skips ahead in the caller's own data and reveals nothing. A
 * signature would add a secret to generate, store, grant, fetch at every cold start and rotate
 * (and a rotation would break open pages), yet would still need the key-condition check: a signed
 * cursor replayed with another range is still outside the query's bounds.
 */

/** Checks one attribute of a cursor; receives undefined when the cursor lacks it. */
export type KeyCheck = (value: string | undefined) => boolean;

/** The exact start key of one query's pages: every attribute a cursor may hold, and what each must be. */
export type CursorShape = Readonly<Record<string, KeyCheck>>;

/** Longer cursors are refused unread; the longest key kagi pages by encodes to about 250 characters. */
export const MAX_CURSOR_CHARS = 1024;
/** DynamoDB's sort-key limit (the partition key may be 2048): no key value kagi writes comes near it. */
const MAX_KEY_BYTES = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Building blocks of a CursorShape. */
export const key = {
  exactly: (expected: string): KeyCheck => (v) => v === expected,
  /** A prefix followed by a rest that `rest` accepts. */
  prefixed: (prefix: string, rest: (r: string) => boolean): KeyCheck => (v) => v !== undefined && v.startsWith(prefix) && rest(v.slice(prefix.length)),
  oneOf: (values: readonly string[]): KeyCheck => (v) => v !== undefined && values.includes(v),
  /** Inside [low, high] in DynamoDB's (UTF-8 byte) order, which matches code-unit order for the ASCII keys kagi writes. */
  between: (low: string, high: string): KeyCheck => (v) => v !== undefined && v >= low && v <= high,
  any: (): KeyCheck => (v) => v !== undefined,
  optional: (check: KeyCheck): KeyCheck => (v) => v === undefined || check(v),
  and: (...checks: KeyCheck[]): KeyCheck => (v) => checks.every((c) => c(v)),
};

/** Where the next page starts, or null when there is none. */
export function encodeCursor(startKey: Record<string, unknown> | undefined): string | null {
  return startKey ? Buffer.from(JSON.stringify(startKey)).toString('base64url') : null;
}

const INVALID_CURSOR = () =>
  badRequest('INVALID_CURSOR', { ja: 'ページの指定が正しくありません。最初のページから開き直してください。', en: 'Invalid page cursor. Start again from the first page.' });

/**
 * The start key a cursor names, verified against `shape`; undefined for no cursor (the first
 * page). Throws 400 `INVALID_CURSOR` for anything that is not such a key.
 */
export function decodeCursor(cursor: string | undefined, shape: CursorShape): Record<string, string> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (cursor.length > MAX_CURSOR_CHARS || !BASE64URL.test(cursor)) throw INVALID_CURSOR();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw INVALID_CURSOR();
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw INVALID_CURSOR();
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [name, v] of entries) {
    if (!Object.hasOwn(shape, name)) throw INVALID_CURSOR();
    if (typeof v !== 'string' || v === '' || Buffer.byteLength(v) > MAX_KEY_BYTES || LONE_SURROGATE.test(v)) throw INVALID_CURSOR();
  }
  const startKey = value as Record<string, string>;
  for (const [name, check] of Object.entries(shape)) {
    if (!check(Object.hasOwn(startKey, name) ? startKey[name] : undefined)) throw INVALID_CURSOR();
  }
  return startKey;
}

import { createHash, randomBytes } from 'node:crypto';
import type { RandomBytes } from '../shared/uniform-random.js';

/** 32 random bytes (256 bits), base64url: the secret in a verification link. */
export const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The only form a link token is stored in. */
export const tokenDigest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function newLinkToken(random: RandomBytes = randomBytes): { token: string; digest: string } {
  const token = Buffer.from(random(TOKEN_BYTES)).toString('base64url');
  return { token, digest: tokenDigest(token) };
}

/** A token could have come from newLinkToken; anything else is refused without a lookup. */
export const isWellFormedToken = (token: string): boolean => TOKEN_PATTERN.test(token);

export const verificationLink = (publicBaseUrl: string, token: string) => `${publicBaseUrl.replace(/\/$/, '')}/verify/${token}`;

/** A stored link, as the verify page and the sweep read it. */
export interface StoredLink {
  digest: string;
  companyId: string;
  employeeId: string;
  /** Address slot 1–3 the request mail went to. */
  address: number;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** The employee-side facts that decide whether a link is still the one that counts. */
export interface LinkHolder {
  deleted?: boolean;
  enabled: boolean;
  passwordStatus?: string;
  verificationStatus?: string;
  verificationTokenDigest?: string;
}

/**
 * Single use, newest only, and refused the moment its deadline has passed whatever the sweep
 * has done: a link is usable only when all of these hold at `now`.
 */
export function linkUsable(link: StoredLink | undefined, holder: LinkHolder | undefined, now: Date): boolean {
  if (!link || !holder) return false;
  if (link.usedAt) return false;
  if (Date.parse(link.expiresAt) <= now.getTime()) return false;
  if (holder.deleted || !holder.enabled) return false;
  if (holder.verificationTokenDigest !== link.digest) return false;
  return holder.verificationStatus === 'pending' && (holder.passwordStatus === 'issuing' || holder.passwordStatus === 'reissuing');
}

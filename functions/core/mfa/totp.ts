import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP as DESIGN.md §5c fixes it (RFC 6238): SHA-1, 6 digits, 30-second steps, one step of
 * drift either side. Every authenticator app (Google, Microsoft, Apple) reads these defaults.
 */
export const TOTP_PARAMS = Object.freeze({ algorithm: 'SHA1', digits: 6, period: 30, window: 1 });

/** 160 bits, the key length RFC 4226 recommends for HMAC-SHA-1. */
export const TOTP_SECRET_BYTES = 20;

export function newTotpSecret(random: (n: number) => Uint8Array = randomBytes): Uint8Array {
  return Uint8Array.from(random(TOTP_SECRET_BYTES));
}

export function base32Of(secret: Uint8Array): string {
  return new Secret({ buffer: Uint8Array.from(secret).buffer }).base32;
}

/** The `otpauth://` URI an authenticator app scans: issuer `kagi (会社名)`, label the login ID. */
export function otpauthUri(secret: Uint8Array, issuer: string, label: string): string {
  return totpOf(secret, issuer, label).toString();
}

/** The time step (30-second counter) of an instant. */
export const stepAt = (now: Date): number => Math.floor(now.getTime() / 1000 / TOTP_PARAMS.period);

/** A code as people type it: width-folded, spaces and hyphens dropped. */
export function normalizeTotpCode(code: string): string {
  return code.normalize('NFKC').replace(/[\s-]/g, '');
}

/**
 * The step a code belongs to when it is valid at `now` (± one step), else undefined. The caller
 * still has to refuse a step already used (replay).
 */
export function matchingStep(secret: Uint8Array, code: string, now: Date): number | undefined {
  const token = normalizeTotpCode(code);
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totpOf(secret).validate({ token, timestamp: now.getTime(), window: TOTP_PARAMS.window });
  return delta === null ? undefined : stepAt(now) + delta;
}

/** The code of a step (tests, and the bench's baseline). */
export function codeAt(secret: Uint8Array, now: Date): string {
  return totpOf(secret).generate({ timestamp: now.getTime() });
}

function totpOf(secret: Uint8Array, issuer = '', label = 'kagi'): TOTP {
  return new TOTP({
    issuer,
    label,
    issuerInLabel: issuer !== '',
    algorithm: TOTP_PARAMS.algorithm,
    digits: TOTP_PARAMS.digits,
    period: TOTP_PARAMS.period,
    secret: new Secret({ buffer: Uint8Array.from(secret).buffer }),
  });
}

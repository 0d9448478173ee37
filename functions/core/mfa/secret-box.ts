import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * TOTP secrets at rest: AES-256-GCM under one service key, with the owner of the secret as
 * associated data, so a ciphertext copied onto another account (or company) does not open.
 * Stored as `v1.<iv>.<ciphertext>.<tag>` (base64url); the version names the key derivation.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Port: the service key, read once per process (Secrets Manager in AWS, a key file locally). */
export interface KeySource {
  material(): Promise<string>;
}

/**
 * The AES key from the stored key material (HKDF-SHA-256), so the material may be any long
 * random string a secret generator makes, and one material can serve other purposes under
 * another `info` without sharing a key.
 */
export function aesKeyOf(material: string): Buffer {
  if (material.length < 32) throw new Error('TOTP key material is too short');
  return Buffer.from(hkdfSync('sha256', material, 'kagi', 'totp-secret-v1', 32));
}

export class SealedSecretRejected extends Error {}

export function seal(key: Buffer, plaintext: Uint8Array, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Throws SealedSecretRejected when the ciphertext, its tag or its associated data do not match. */
export function open(key: Buffer, sealed: string, associatedData: string): Uint8Array {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || !iv || !body || !tag) throw new SealedSecretRejected('malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]));
  } catch {
    throw new SealedSecretRejected('rejected');
  }
}

/**
 * A key only the holder of a sign-in handle can make: tokens held between the password and the
 * second factor are sealed under it, so the table holds nothing that signs anyone in.
 */
export function keyOfHandle(handle: string): Buffer {
  return Buffer.from(hkdfSync('sha256', handle, 'kagi', 'sign-in-tokens-v1', 32));
}

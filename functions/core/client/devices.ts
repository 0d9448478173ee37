import { createHash, randomBytes } from 'node:crypto';
import { requireAdmin, requireReader, type Actor } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { notFound, unauthorized } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { StoreConflict } from '../shared/store-errors.js';

/**
 * 企業情報 › 端末: enrollment keys and the devices enrolled with them (issue 12, item 2). Keys and
 * device credentials are 256 random bits, shown once, stored only as a SHA-256 digest.
 */

export interface EnrollmentKey {
  keyId: string;
  companyId: string;
  createdAt: string;
  /** Login ID of the admin who made it. */
  createdBy: string;
  expiresAt?: string;
  revokedAt?: string;
}

export interface Device {
  deviceId: string;
  companyId: string;
  hostname: string;
  /** false: enrolled with 「認証機能をインストールしない」; it may only send events. */
  authentication: boolean;
  enrolledAt: string;
  lastSeenAt?: string;
  revokedAt?: string;
  /** The enrollment key it enrolled with. */
  keyId: string;
}

/** Port: keys and devices, each change a conditional write with its audit entry. */
export interface DeviceStore {
  putKey(digest: string, key: EnrollmentKey, audit: AuditEntry): Promise<void>;
  keys(companyId: string): Promise<EnrollmentKey[]>;
  keyByDigest(digest: string): Promise<EnrollmentKey | undefined>;
  /** false when there is no such key of the company, or it is revoked already. */
  revokeKey(companyId: string, keyId: string, at: string, audit: AuditEntry): Promise<boolean>;
  /** StoreConflict('state') when the key was revoked (or expired) meanwhile. */
  enroll(keyDigest: string, credentialDigest: string, device: Device, now: string, audit: AuditEntry): Promise<void>;
  deviceByCredential(digest: string): Promise<Device | undefined>;
  devices(companyId: string): Promise<Device[]>;
  revokeDevice(companyId: string, deviceId: string, at: string, audit: AuditEntry): Promise<boolean>;
  /** Sets lastSeenAt unless it is newer than `staleBefore` (one write a minute at most). */
  touch(credentialDigest: string, at: string, staleBefore: string): Promise<void>;
}

export const ENROLLMENT_KEY_PREFIX = 'kek_';
export const DEVICE_CREDENTIAL_PREFIX = 'kdc_';
/** Longest key or credential looked at (a prefix and 43 base64url characters, with room). */
export const SECRET_MAX = 100;
export const KEY_EXPIRY_DAYS_MAX = 365;
/** Last seen is written at most this often per device: a busy device costs no write per call. */
export const LAST_SEEN_EVERY_MS = 60_000;

const digestOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
const newSecret = (prefix: string, random: (n: number) => Buffer) => `${prefix}${random(32).toString('base64url')}`;

export const DEVICE_UNAUTHENTICATED = unauthorized('DEVICE_UNAUTHENTICATED', {
  ja: 'この端末は登録されていないか、無効にされています。',
  en: 'This device is not enrolled, or it was revoked.',
});
const KEY_UNUSABLE = unauthorized('ENROLLMENT_KEY_INVALID', {
  ja: '端末登録キーが正しくないか、有効期限切れまたは無効です。',
  en: 'The enrollment key is wrong, expired or revoked.',
});

export type KeyState = 'active' | 'expired' | 'revoked';
export const keyState = (key: Pick<EnrollmentKey, 'expiresAt' | 'revokedAt'>, now: Date): KeyState =>
  key.revokedAt ? 'revoked' : key.expiresAt && Date.parse(key.expiresAt) <= now.getTime() ? 'expired' : 'active';

export interface DeviceServiceDeps {
  store: DeviceStore;
  clock: Clock;
  ids: Ids;
  random?: (n: number) => Buffer;
}

export function createDeviceService({ store, clock, ids, random = randomBytes }: DeviceServiceDeps) {
  const audit = (companyId: string, actor: string, action: AuditEntry['action'], extra: Partial<AuditEntry> = {}): AuditEntry => ({
    id: ids.next(),
    companyId,
    at: clock.now().toISOString(),
    actor,
    action,
    result: 'success',
    ...extra,
  });

  return {
    /** A new key, shown once in this answer. */
    async createKey(actor: Actor, input: { expiresInDays?: number }): Promise<{ key: string; enrollmentKey: EnrollmentKey & { state: KeyState } }> {
      requireAdmin(actor);
      const now = clock.now();
      const keyId = ids.next();
      const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : undefined;
      const key: EnrollmentKey = { keyId, companyId: actor.companyId, createdAt: now.toISOString(), createdBy: actor.loginId, ...(expiresAt ? { expiresAt } : {}) };
      const secret = newSecret(ENROLLMENT_KEY_PREFIX, random);
      await store.putKey(
        digestOf(secret),
        key,
        audit(actor.companyId, actor.loginId, 'client.enrollment-key.create', { actorAccountId: actor.accountId, target: keyId, sourceIp: actor.sourceIp, detail: expiresAt ? { expiresAt } : {} }),
      );
      return { key: secret, enrollmentKey: { ...key, state: 'active' } };
    },

    async listKeys(actor: Actor): Promise<Array<EnrollmentKey & { state: KeyState }>> {
      requireReader(actor);
      const now = clock.now();
      return (await store.keys(actor.companyId)).map((k) => ({ ...k, state: keyState(k, now) }));
    },

    async revokeKey(actor: Actor, keyId: string): Promise<void> {
      requireAdmin(actor);
      const at = clock.now().toISOString();
      const done = await store.revokeKey(actor.companyId, keyId, at, audit(actor.companyId, actor.loginId, 'client.enrollment-key.revoke', { actorAccountId: actor.accountId, target: keyId, sourceIp: actor.sourceIp }));
      if (!done) throw notFound({ ja: 'その端末登録キーはないか、すでに無効です。', en: 'No such enrollment key, or it is revoked already.' });
    },

    /** The client's one-time enrollment: a usable key gives a device credential, shown once. */
    async enroll(input: { enrollmentKey: string; hostname: string; authentication: boolean }, origin: { sourceIp?: string }): Promise<{ deviceId: string; credential: string; authentication: boolean }> {
      const now = clock.now();
      const key = input.enrollmentKey.length <= SECRET_MAX && input.enrollmentKey.startsWith(ENROLLMENT_KEY_PREFIX) ? await store.keyByDigest(digestOf(input.enrollmentKey)) : undefined;
      if (!key || keyState(key, now) !== 'active') throw KEY_UNUSABLE;
      const deviceId = ids.next();
      const credential = newSecret(DEVICE_CREDENTIAL_PREFIX, random);
      const device: Device = { deviceId, companyId: key.companyId, hostname: input.hostname, authentication: input.authentication, enrolledAt: now.toISOString(), keyId: key.keyId };
      try {
        await store.enroll(
          digestOf(input.enrollmentKey),
          digestOf(credential),
          device,
          now.toISOString(),
          audit(key.companyId, `device/${input.hostname}`, 'client.device.enroll', { target: deviceId, sourceIp: origin.sourceIp, detail: { device: input.hostname, deviceId, keyId: key.keyId, authentication: input.authentication } }),
        );
      } catch (e) {
        if (e instanceof StoreConflict) throw KEY_UNUSABLE;
        throw e;
      }
      return { deviceId, credential, authentication: input.authentication };
    },

    async listDevices(actor: Actor): Promise<Device[]> {
      requireReader(actor);
      return store.devices(actor.companyId);
    },

    async revokeDevice(actor: Actor, deviceId: string): Promise<void> {
      requireAdmin(actor);
      const at = clock.now().toISOString();
      const done = await store.revokeDevice(actor.companyId, deviceId, at, audit(actor.companyId, actor.loginId, 'client.device.revoke', { actorAccountId: actor.accountId, target: deviceId, sourceIp: actor.sourceIp }));
      if (!done) throw notFound({ ja: 'その端末はないか、すでに無効です。', en: 'No such device, or it is revoked already.' });
    },

    /**
     * The device behind a client request's credential (`Authorization: Device <credential>`), or
     * DEVICE_UNAUTHENTICATED (401): no credential, an unknown one, or a revoked device.
     */
    async deviceOf(credential: string | undefined): Promise<Device> {
      if (!credential || credential.length > SECRET_MAX || !credential.startsWith(DEVICE_CREDENTIAL_PREFIX)) throw DEVICE_UNAUTHENTICATED;
      const digest = digestOf(credential);
      const device = await store.deviceByCredential(digest);
      if (!device || device.revokedAt) throw DEVICE_UNAUTHENTICATED;
      const now = clock.now();
      if (!device.lastSeenAt || Date.parse(device.lastSeenAt) <= now.getTime() - LAST_SEEN_EVERY_MS) {
        await store.touch(digest, now.toISOString(), new Date(now.getTime() - LAST_SEEN_EVERY_MS).toISOString());
      }
      return device;
    },
  };
}

export type DeviceService = ReturnType<typeof createDeviceService>;

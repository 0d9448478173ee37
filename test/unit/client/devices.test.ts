import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/access/actor.js';
import { createDeviceService, type Device, type DeviceStore, type EnrollmentKey } from '../../../functions/core/client/devices.js';
import { DomainError } from '../../../functions/core/shared/errors.js';

function memory() {
  const keys = new Map<string, EnrollmentKey>();
  const devices = new Map<string, Device>();
  const touches: string[] = [];
  const store: DeviceStore = {
    async putKey(digest, key) {
      keys.set(digest, key);
    },
    keys: async (companyId) => [...keys.values()].filter((k) => k.companyId === companyId),
    keyByDigest: async (digest) => keys.get(digest),
    async revokeKey(companyId, keyId, at) {
      const k = [...keys.values()].find((x) => x.keyId === keyId && x.companyId === companyId && !x.revokedAt);
      if (!k) return false;
      k.revokedAt = at;
      return true;
    },
    async enroll(_k, credentialDigest, device) {
      devices.set(credentialDigest, device);
    },
    deviceByCredential: async (digest) => devices.get(digest),
    devices: async (companyId) => [...devices.values()].filter((d) => d.companyId === companyId),
    async revokeDevice(companyId, deviceId, at) {
      const d = [...devices.values()].find((x) => x.deviceId === deviceId && x.companyId === companyId && !x.revokedAt);
      if (!d) return false;
      d.revokedAt = at;
      return true;
    },
    async touch(digest, at) {
      touches.push(at);
      devices.get(digest)!.lastSeenAt = at;
    },
  };
  return { store, keys, devices, touches };
}

const admin: Actor = { accountId: 'A1', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '管理' };
const viewer: Actor = { ...admin, role: 'viewer', loginId: 'viewer' };

function setup() {
  let now = new Date('2026-12-02T00:00:00Z');
  let n = 0;
  const mem = memory();
  const service = createDeviceService({ store: mem.store, clock: { now: () => now }, ids: { next: () => `01J${String(++n).padStart(23, '0')}` } });
  return { ...mem, service, move: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const code = (e: unknown) => (e instanceof DomainError ? [e.statusCode, e.code] : e);

describe('enrollment keys and devices', () => {
  it('a key of 256 random bits, stored only as a digest, enrolls until it expires', async () => {
    const { service, keys, move } = setup();
    const { key } = await service.createKey(admin, { expiresInDays: 1 });
    expect(key).toMatch(/^kek_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify([...keys.entries()])).not.toContain(key);
    const enrolled = await service.enroll({ enrollmentKey: key, hostname: 'PC-1', authentication: true }, {});
    expect(enrolled.credential).toMatch(/^kdc_[A-Za-z0-9_-]{43}$/);
    move(86_400_000);
    expect(await service.enroll({ enrollmentKey: key, hostname: 'PC-2', authentication: true }, {}).catch(code)).toEqual([401, 'ENROLLMENT_KEY_INVALID']);
    expect((await service.listKeys(viewer))[0]!.state).toBe('expired');
  });

  it('viewers read, only admins create and revoke', async () => {
    const { service } = setup();
    expect(await service.createKey(viewer, {}).catch(code)).toEqual([403, 'FORBIDDEN']);
    expect(await service.listDevices(viewer)).toEqual([]);
  });

  it('refuses a missing, malformed, unknown or revoked credential with 401, and writes last seen at most once a minute', async () => {
    const { service, touches, move } = setup();
    const { key } = await service.createKey(admin, {});
    const { credential, deviceId } = await service.enroll({ enrollmentKey: key, hostname: 'PC-1', authentication: false }, {});
    for (const bad of [undefined, '', 'Bearer x', `kdc_${'A'.repeat(43)}`, `${credential}x`]) expect(await service.deviceOf(bad).catch(code)).toEqual([401, 'DEVICE_UNAUTHENTICATED']);
    await service.deviceOf(credential);
    move(30_000);
    await service.deviceOf(credential);
    expect(touches).toHaveLength(1);
    move(31_000);
    await service.deviceOf(credential);
    expect(touches).toHaveLength(2);
    await service.revokeDevice(admin, deviceId);
    expect(await service.deviceOf(credential).catch(code)).toEqual([401, 'DEVICE_UNAUTHENTICATED']);
    expect(await service.revokeDevice(admin, deviceId).catch(code)).toEqual([404, 'NOT_FOUND']);
  });
});

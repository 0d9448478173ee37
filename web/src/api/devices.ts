import { requestJson, request } from './client';

/** 企業情報 › 端末: enrollment keys of the PC logon client (the key itself only in the create answer). */
export interface EnrollmentKey {
  keyId: string;
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
  revokedAt?: string;
  state: 'active' | 'expired' | 'revoked';
}

export interface Device {
  deviceId: string;
  hostname: string;
  authentication: boolean;
  enrolledAt: string;
  lastSeenAt?: string;
  revokedAt?: string;
}

export const listEnrollmentKeys = () => requestJson<{ items: EnrollmentKey[] }>('/api/admin/enrollment-keys');

export const createEnrollmentKey = (expiresInDays?: number) =>
  requestJson<{ key: string; enrollmentKey: EnrollmentKey }>('/api/admin/enrollment-keys', { method: 'POST', body: expiresInDays ? { expiresInDays } : {} });

export const revokeEnrollmentKey = (keyId: string) => request(`/api/admin/enrollment-keys/${encodeURIComponent(keyId)}`, { method: 'DELETE' });

export const listDevices = () => requestJson<{ items: Device[] }>('/api/admin/devices');

export const revokeDevice = (deviceId: string) => request(`/api/admin/devices/${encodeURIComponent(deviceId)}`, { method: 'DELETE' });

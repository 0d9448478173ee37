import { requestJson } from './client';
import type { CompanySettings, SettingsLimits } from './types';

/** The allowed day ranges (openapi.yaml); typed against the backend's, so the two cannot drift apart. */
export const SETTINGS_LIMITS: SettingsLimits = {
  verificationValidityDays: { min: 1, max: 14 },
  temporaryPasswordValidityDays: { min: 1, max: 90 },
  auditRetentionDays: { min: 100, max: 1830 },
};

/** The settings, with the deployment's SES send rate (read-only) for the estimate before a bulk send. */
export function getSettings() {
  return requestJson<CompanySettings & { mailSendRatePerSecond: number }>('/api/admin/settings');
}

export function updateSettings(change: Partial<CompanySettings>) {
  return requestJson<CompanySettings>('/api/admin/settings', { method: 'PATCH', body: change });
}

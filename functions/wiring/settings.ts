import { createSettingsService } from '../core/companies/settings.js';
import { createSettingsStore } from '../adapters/dynamodb/settings-store.js';
import { clock, ids } from './clock.js';

/** 基本設定: read by most capabilities (language, time zone, link validity, 2FA policy). */
export const settingsService = () => createSettingsService({ store: createSettingsStore(), clock, ids });

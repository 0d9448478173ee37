import { createClientAuthService } from '../core/client/authenticate.js';
import { createEventService } from '../core/client/events.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createChallengeStore } from '../adapters/dynamodb/challenge-store.js';
import { createClientEventStore } from '../adapters/dynamodb/client-event-store.js';
import { createGroupDirectory } from '../adapters/dynamodb/group-directory.js';
import { createMfaStore } from '../adapters/dynamodb/mfa-store.js';
import { clockBus } from '../adapters/eventbridge/clock-bus.js';
import { authService, mfaService } from './auth.js';
import { clock, ids } from './clock.js';
import { failureGuard } from './guard.js';
import { settingsService } from './settings.js';

/**
 * The PC logon client (issue 12): the sign-in's password check, the second factor's check and the
 * one failure guard, from the web sign-in's own wiring. Only the client handler imports it, so
 * only its bundle carries the EventBridge client.
 */
export const clientAuthService = () => {
  const auth = authService();
  const mfa = mfaService();
  const mfaStore = createMfaStore();
  const settings = settingsService();
  return createClientAuthService({
    directory: createAccountDirectory(),
    groups: createGroupDirectory(),
    companyDefaults: async (companyId) => {
      const s = await settings.current(companyId);
      return { language: s.language, timeZone: s.timeZone };
    },
    password: (company, input, origin, detail) => auth.checkClientPassword(company, input, origin, detail),
    otp: { isActive: async (owner) => (await mfaStore.get(owner))?.status === 'active', check: mfa.check },
    guard: failureGuard(),
    sessions: createChallengeStore(),
    audit: createAuditStore(),
    clock,
    ids,
  });
};

export const clientEventService = () => {
  const directory = createAccountDirectory();
  const settings = settingsService();
  return createEventService({
    store: createClientEventStore(),
    bus: clockBus(),
    directory,
    company: async (companyId) => {
      const [company, s] = await Promise.all([directory.company(companyId), settings.current(companyId)]);
      return company ? { code: company.code, attendanceLink: s.attendanceLink } : undefined;
    },
    clock,
    ids,
  });
};

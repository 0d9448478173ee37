import * as z from 'zod/mini';
import { SETTINGS_LIMITS } from '../core/companies/settings.js';
import { GROUP_LANGUAGES } from '../core/groups/group.js';
import { MFA_ENFORCEMENTS } from '../core/mfa/enforcement.js';
import { parseWith } from '../core/shared/parse.js';
import { isTimeZone } from '../core/shared/time-zone.js';
import { sesSendRate } from '../shared/env.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { settingsService } from '../wiring/settings.js';

const settings = settingsService();

const days = ({ min, max }: { min: number; max: number }) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

const SettingsPatch = z.partial(
  z.strictObject({
    notificationMethod: z.enum(['pdf', 'mail']),
    verificationValidityDays: days(SETTINGS_LIMITS.verificationValidityDays),
    temporaryPasswordValidityDays: days(SETTINGS_LIMITS.temporaryPasswordValidityDays),
    registrationPasswordFromBirthDate: z.boolean(),
    timeZone: z.string().check(z.maxLength(40), z.refine(isTimeZone, 'not a time zone')),
    auditRetentionDays: days(SETTINGS_LIMITS.auditRetentionDays),
    mfaEnforcement: z.enum(MFA_ENFORCEMENTS),
    // The company's default language. 打刻連携 and adminMayDeleteMfa are support's (PUT
    // /api/support/companies/{companyId}/client-settings): this strict schema refuses them.
    language: z.enum(GROUP_LANGUAGES),
  }),
);

export const handler = httpHandler(
  {
    'GET /api/admin/settings': {
      auth: 'jwt',
      // The send rate is the deployment's, not the company's: shown for the estimate before a bulk send.
      handle: async ({ actor }) => json(200, { ...(await settings.get(actor)), mailSendRatePerSecond: sesSendRate() }),
    },
    'PATCH /api/admin/settings': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body }) => json(200, await settings.update(actor, parseWith(SettingsPatch, body))),
    },
  },
  loadActor,
);

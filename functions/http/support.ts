import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { settingsService } from '../wiring/settings.js';
import { supportService } from '../wiring/support.js';

const support = supportService();
const settings = settingsService();

const CompanyQuery = z.object({ code: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) });
const AccountQuery = z.object({ q: z._default(z.string().check(z.maxLength(100)), '') });

/** 打刻連携 and 「管理者による認証情報の削除を許可する」, always sent whole. */
const ClientSettingsBody = z.strictObject({
  attendanceLink: z.strictObject({ enabled: z.boolean(), breaks: z.boolean() }),
  adminMayDeleteMfa: z.boolean(),
});

const param = (params: Record<string, string | undefined>, name: string) => params[name] ?? '';

/** The support console (サポート): support operators only; company tokens get 403 before anything runs. */
export const handler = httpHandler(
  {
    'GET /api/support/companies': {
      auth: 'jwt',
      audience: 'support',
      handle: async ({ actor, query }) => {
        const company = await support.findCompany(actor, parseWith(CompanyQuery, query).code);
        const { attendanceLink, adminMayDeleteMfa } = await settings.current(company.id);
        return json(200, { ...company, clientSettings: { attendanceLink, adminMayDeleteMfa } });
      },
    },
    'GET /api/support/companies/{companyId}/accounts': {
      auth: 'jwt',
      audience: 'support',
      handle: async ({ actor, params, query }) => json(200, { items: await support.accounts(actor, param(params, 'companyId'), parseWith(AccountQuery, query).q) }),
    },
    'POST /api/support/companies/{companyId}/accounts/{accountId}/unlock': {
      auth: 'jwt',
      audience: 'support',
      handle: async ({ actor, params }) => json(200, await support.unlock(actor, param(params, 'companyId'), param(params, 'accountId'))),
    },
    'POST /api/support/companies/{companyId}/accounts/{accountId}/mfa-reset': {
      auth: 'jwt',
      audience: 'support',
      handle: async ({ actor, params }) => json(200, await support.resetMfa(actor, param(params, 'companyId'), param(params, 'accountId'))),
    },
    'PUT /api/support/companies/{companyId}/client-settings': {
      auth: 'jwt',
      audience: 'support',
      body: 'json',
      handle: async ({ actor, params, body }) => {
        const saved = await settings.setClientSettings(actor, param(params, 'companyId'), parseWith(ClientSettingsBody, body));
        return json(200, { attendanceLink: saved.attendanceLink, adminMayDeleteMfa: saved.adminMayDeleteMfa });
      },
    },
  },
  loadActor,
);

import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { companyAdminService } from '../wiring/company.js';
import { registrationUrls } from '../wiring/registration.js';

const urls = registrationUrls();
const companyAdmin = companyAdminService();

/**
 * 企業情報 (the company's facts, read-only, and its registration URL, whose rotation retires the old
 * one), 管理者設定 (its admins and viewers) and an admin's 認証情報の削除 where support allowed it.
 */
export const handler = httpHandler(
  {
    'GET /api/admin/company/registration-url': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, await urls.get(actor), { 'Cache-Control': 'no-store' }),
    },
    'POST /api/admin/company/registration-url': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, await urls.rotate(actor), { 'Cache-Control': 'no-store' }),
    },
    'GET /api/admin/company': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, await companyAdmin.info(actor)),
    },
    'GET /api/admin/admins': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, { items: await companyAdmin.staff(actor) }),
    },
    'DELETE /api/admin/employees/{id}/mfa': {
      auth: 'jwt',
      handle: async ({ actor, params }) => json(200, await companyAdmin.deleteMfa(actor, params.id ?? '')),
    },
  },
  loadActor,
);

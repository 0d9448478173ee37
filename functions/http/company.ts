import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor, registrationUrls } from './composition.js';

const urls = registrationUrls();

/** 組織情報: the company's registration URL (and, in the browser, its QR code); rotating it retires the old one. */
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
  },
  loadActor,
);

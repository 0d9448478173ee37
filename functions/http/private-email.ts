import * as z from 'zod/mini';
import { checkAddressPair } from '../core/registration/address.js';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { publicThrottle } from '../wiring/guard.js';
import { privateAddressService } from '../wiring/registration.js';

const privateAddress = privateAddressService();
// The link's page, like the other mailed links: one press per link, per client address.
const linkThrottle = publicThrottle('verification');

// The owner's private address: answered to its owner only, never cached, never sent on as a referrer.
const NO_STORE = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

const ChangeBody = z.strictObject({ email: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)), emailConfirmation: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)) });

/** マイページ › 私用メールアドレス: the signed-in account's own, changed through a mailed link. */
export const handler = httpHandler(
  {
    'GET /api/me/private-email': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, await privateAddress.show(actor), NO_STORE),
    },
    'POST /api/me/private-email': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body }) => {
        const { email, emailConfirmation } = parseWith(ChangeBody, body);
        checkAddressPair(email, emailConfirmation);
        return json(202, await privateAddress.request(actor, email), NO_STORE);
      },
    },
    'GET /api/me/private-email/links/{token}': {
      auth: 'jwt',
      throttle: linkThrottle,
      handle: async ({ actor, params }) => json(200, await privateAddress.peek(actor, params.token ?? ''), NO_STORE),
    },
    'POST /api/me/private-email/links/{token}': {
      auth: 'jwt',
      throttle: linkThrottle,
      handle: async ({ actor, params }) => json(200, await privateAddress.confirm(actor, params.token ?? ''), NO_STORE),
    },
  },
  loadActor,
);

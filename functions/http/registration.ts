import * as z from 'zod/mini';
import { checkAddressPair } from '../core/registration/address.js';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { publicThrottle } from '../wiring/guard.js';
import { registrationService } from '../wiring/registration.js';

const registration = registrationService();
const throttle = publicThrottle('registration');

// Public: the company URL key and the link token are the only credentials. Never cached, never
// sent on as a referrer.
const NO_STORE = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

const FormBody = z.strictObject({
  employeeCode: z.string().check(z.minLength(1), z.maxLength(64)),
  birthDate: z.string().check(z.minLength(1), z.maxLength(16)),
  password: z.string().check(z.minLength(1), z.maxLength(32)),
  email: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)),
  emailConfirmation: z.string().check(z.trim(), z.minLength(1), z.maxLength(254)),
});

const CompleteBody = z.strictObject({ originalPassword: z.string().check(z.minLength(1), z.maxLength(32)), newPassword: z.string().check(z.minLength(1), z.maxLength(1024)) });

export const handler = httpHandler({
  'POST /api/registration/{companyKey}': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async ({ params, body, sourceIp }) => {
      const input = parseWith(FormBody, body);
      checkAddressPair(input.email, input.emailConfirmation);
      return json(202, await registration.submit(params.companyKey ?? '', input, { sourceIp }), NO_STORE);
    },
  },
  'GET /api/registration/links/{token}': {
    auth: 'none',
    throttle,
    handle: async ({ params }) => json(200, await registration.peek(params.token ?? ''), NO_STORE),
  },
  'POST /api/registration/links/{token}': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async ({ params, body, sourceIp }) => json(200, await registration.complete(params.token ?? '', parseWith(CompleteBody, body), { sourceIp }), NO_STORE),
  },
});

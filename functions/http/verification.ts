import { httpHandler, json } from '../shared/http-stack.js';
import { publicThrottle } from '../wiring/guard.js';
import { mailVerification } from '../wiring/mail.js';

const verification = mailVerification();
const throttle = publicThrottle('verification');

// Public: the token is the only credential. Neither answer says why a link cannot be used.
const NO_STORE = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

export const handler = httpHandler({
  'GET /api/verification/{token}': {
    auth: 'none',
    throttle,
    handle: async ({ params }) => json(200, await verification.peek(params.token ?? ''), NO_STORE),
  },
  'POST /api/verification/{token}': {
    auth: 'none',
    throttle,
    handle: async ({ params, sourceIp }) => json(200, await verification.verify(params.token ?? '', { sourceIp }), NO_STORE),
  },
});

import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { publicThrottle } from '../wiring/guard.js';
import { timeclockService } from '../wiring/timeclock.js';

const timeclock = timeclockService();

const VerifyBody = z.strictObject({
  companyCode: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  employeeCode: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  passcode: z.string().check(z.regex(/^[0-9]{4}$/)),
});

// The answer names the employee for the clock's screen; it must never be cached.
const NO_STORE = { 'Cache-Control': 'no-store' };

export const handler = httpHandler({
  'POST /api/timeclock/verify': {
    auth: 'none',
    body: 'json',
    // Before the 16 MiB scrypt: the cheap check guards the costly one.
    throttle: publicThrottle('timeclock'),
    handle: async (req) => {
      const employee = await timeclock.verify(parseWith(VerifyBody, req.body), { sourceIp: req.sourceIp });
      return json(200, { ok: true, employee }, NO_STORE);
    },
  },
});

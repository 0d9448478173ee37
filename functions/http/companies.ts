import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { companyLookup } from '../wiring/company.js';
import { publicThrottle } from '../wiring/guard.js';

const companies = companyLookup();

const Code = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

// Public, like the sign-in it serves: the name only. A company's name rarely changes, so a
// browser or CloudFront may keep the answer for a few minutes.
const CACHE = { 'Cache-Control': 'public, max-age=300' };

export const handler = httpHandler({
  'GET /api/companies/{code}': {
    auth: 'none',
    // The sign-in page asks this first: it shares the sign-in routes' limits.
    throttle: publicThrottle('auth'),
    handle: async ({ params }) => json(200, await companies.name(parseWith(Code, params.code ?? '')), CACHE),
  },
});

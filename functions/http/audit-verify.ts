import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { auditVerifier } from '../wiring/audit.js';

const verifier = auditVerifier();

const VerifyQuery = z.object({ from: z.string().check(z.maxLength(40)), to: z.string().check(z.maxLength(40)) });

export const handler = httpHandler(
  {
    'GET /api/admin/audit/verify': {
      auth: 'jwt',
      handle: async ({ actor, query }) => json(200, await verifier.verify(actor, parseWith(VerifyQuery, query)), { 'Cache-Control': 'no-store' }),
    },
  },
  loadActor,
);

import { z } from 'zod';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { auditService, loadActor } from './composition.js';

const audit = auditService();

const AuditQuery = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2000).optional(),
});

export const handler = httpHandler(
  {
    'GET /api/admin/audit': {
      auth: 'jwt',
      handle: async ({ actor, query }) => json(200, await audit.search(actor, parseWith(AuditQuery, query))),
    },
  },
  loadActor,
);

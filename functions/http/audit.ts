import * as z from 'zod';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { auditService } from '../wiring/audit.js';
import { SearchQuery, conditionsOf } from './audit-conditions.js';

const audit = auditService();

const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2000).optional(),
});

export const handler = httpHandler(
  {
    'GET /api/admin/audit': {
      auth: 'jwt',
      handle: async ({ actor, query }) => {
        const { limit, cursor, ...conditions } = parseWith(SearchQuery.extend(PageQuery.shape), query);
        const { read: _r, queries: _q, ...page } = await audit.search(actor, conditionsOf(conditions), { limit, cursor });
        return json(200, page, { 'Cache-Control': 'no-store' });
      },
    },
  },
  loadActor,
);

import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { auditService } from '../wiring/audit.js';
import { SearchQuery, conditionsOf } from './audit-conditions.js';

const audit = auditService();

const PageQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

export const handler = httpHandler(
  {
    'GET /api/admin/audit': {
      auth: 'jwt',
      handle: async ({ actor, query }) => {
        const { limit, cursor, ...conditions } = parseWith(z.extend(SearchQuery, PageQuery.shape), query);
        const { read: _r, queries: _q, ...page } = await audit.search(actor, conditionsOf(conditions), { limit, cursor });
        return json(200, page, { 'Cache-Control': 'no-store' });
      },
    },
  },
  loadActor,
);

import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json, noContent } from '../shared/http-stack.js';
import { ConditionsBody } from './audit-conditions.js';
import { loadActor } from '../wiring/actor.js';
import { savedSearchService } from '../wiring/audit.js';

const searches = savedSearchService();

const name = z.string().check(z.minLength(1), z.maxLength(50));
const Create = z.strictObject({ name, conditions: ConditionsBody });
const Update = z.strictObject({ name: z.optional(name), conditions: z.optional(ConditionsBody) }).check(z.refine((b) => b.name !== undefined || b.conditions !== undefined, 'nothing to change'));

export const handler = httpHandler(
  {
    'GET /api/admin/audit/saved-searches': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, { items: await searches.list(actor) }, { 'Cache-Control': 'no-store' }),
    },
    'POST /api/admin/audit/saved-searches': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body }) => json(201, await searches.create(actor, parseWith(Create, body))),
    },
    'PUT /api/admin/audit/saved-searches/{searchId}': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, params, body }) => json(200, await searches.update(actor, params.searchId ?? '', parseWith(Update, body))),
    },
    'DELETE /api/admin/audit/saved-searches/{searchId}': {
      auth: 'jwt',
      handle: async ({ actor, params }) => {
        await searches.remove(actor, params.searchId ?? '');
        return noContent();
      },
    },
  },
  loadActor,
);

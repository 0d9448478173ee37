import * as z from 'zod';
import { AUDIT_GROUPS } from '../core/audit/actions.js';
import { SEARCH_MODE_NAMES, type SearchConditions } from '../core/audit/service.js';
import { ULID_PATTERN } from '../core/shared/ulid.js';

// A search's conditions as query parameters (the log view, an export, a saved search run). Lists
// are comma-separated, as API Gateway also joins a repeated parameter.
const list = z
  .string()
  .max(2000)
  .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean));
const accountId = z.string().regex(ULID_PATTERN);
const loginId = z.string().trim().min(1).max(128);

export const SearchQuery = z.object({
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  lastDays: z.coerce.number().int().min(1).max(100).optional(),
  groups: list.optional(),
  actions: list.optional(),
  actor: accountId.optional(),
  actorLogin: loginId.optional(),
  target: accountId.optional(),
  targetLogin: loginId.optional(),
  user: accountId.optional(),
  result: z.enum(['success', 'failure']).optional(),
  mode: z.enum(SEARCH_MODE_NAMES as [string, ...string[]]).optional(),
});

export function conditionsOf(q: z.infer<typeof SearchQuery>): SearchConditions {
  return { ...q, mode: q.mode as SearchConditions['mode'] };
}

/** The same conditions as a JSON body (a saved search, an export): lists are arrays. */
export const ConditionsBody = z.strictObject({
  lastDays: z.number().int().min(1).max(100).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  groups: z.array(z.string().max(64)).max(AUDIT_GROUPS.length).optional(),
  actions: z.array(z.string().max(64)).max(100).optional(),
  actor: accountId.optional(),
  actorLogin: loginId.optional(),
  target: accountId.optional(),
  targetLogin: loginId.optional(),
  user: accountId.optional(),
  result: z.enum(['success', 'failure']).optional(),
  mode: z.enum(SEARCH_MODE_NAMES as [string, ...string[]]).optional(),
}) as unknown as z.ZodType<SearchConditions>;

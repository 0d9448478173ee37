import * as z from 'zod/mini';
import { AUDIT_GROUPS } from '../core/audit/actions.js';
import { SEARCH_MODE_NAMES, type SearchConditions } from '../core/audit/service.js';
import { ULID_PATTERN } from '../core/shared/ulid.js';

// A search's conditions as query parameters (the log view, an export, a saved search run). Lists
// are comma-separated, as API Gateway also joins a repeated parameter.
const list = z.pipe(
  z.string().check(z.maxLength(2000)),
  z.transform((s: string) => s.split(',').map((v) => v.trim()).filter(Boolean)),
);
const accountId = z.string().check(z.regex(ULID_PATTERN));
const loginId = z.string().check(z.trim(), z.minLength(1), z.maxLength(128));

/** The conditions a query string and a JSON body write alike (lastDays and the lists differ: strings there, a number and arrays here). */
const sameInBoth = {
  from: z.optional(z.string().check(z.maxLength(40))),
  to: z.optional(z.string().check(z.maxLength(40))),
  actor: z.optional(accountId),
  actorLogin: z.optional(loginId),
  target: z.optional(accountId),
  targetLogin: z.optional(loginId),
  user: z.optional(accountId),
  result: z.optional(z.enum(['success', 'failure'])),
  mode: z.optional(z.enum(SEARCH_MODE_NAMES as [string, ...string[]])),
};

export const SearchQuery = z.object({
  lastDays: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
  groups: z.optional(list),
  actions: z.optional(list),
  ...sameInBoth,
});

export function conditionsOf(q: z.infer<typeof SearchQuery>): SearchConditions {
  return { ...q, mode: q.mode as SearchConditions['mode'] };
}

/** The same conditions as a JSON body (a saved search, an export): lists are arrays. */
export const ConditionsBody = z.strictObject({
  lastDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
  groups: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(AUDIT_GROUPS.length))),
  actions: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(100))),
  ...sameInBoth,
}) as unknown as z.ZodMiniType<SearchConditions>;

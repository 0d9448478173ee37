import type { Actor } from '../access/actor.js';
import { requireReader } from '../access/actor.js';
import { parseRange } from '../shared/time-input.js';
import type { AuditEntry } from './audit-entry.js';

export interface AuditQuery {
  from: string;
  to: string;
  limit: number;
  cursor?: string;
}

/**
 * Port: reads a company's audit entries in a time range (ISO instants already checked by
 * parseRange), newest first. A page may hold fewer than `limit` entries and still have a
 * `nextCursor`: each page's work is bounded.
 */
export interface AuditReader {
  query(companyId: string, query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: string | null }>;
}

const MAX_RANGE_DAYS = 366;

/** Searching the audit log of the actor's own company. */
export function createAuditService({ reader }: { reader: AuditReader }) {
  return {
    async search(actor: Actor, query: AuditQuery) {
      requireReader(actor);
      // Strict and bounded: the reader queries one partition per month of the range.
      const { from, to } = parseRange(query.from, query.to, { maxDays: MAX_RANGE_DAYS });
      return reader.query(actor.companyId, { ...query, from: from.toISOString(), to: to.toISOString() });
    },
  };
}

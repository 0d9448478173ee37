import type { Actor } from '../access/actor.js';
import { requireReader } from '../access/actor.js';
import { badRequest } from '../shared/errors.js';
import type { AuditEntry } from './audit-entry.js';

export interface AuditQuery {
  from: string;
  to: string;
  limit: number;
  cursor?: string;
}

/** Port: reads a company's audit entries in a time range, newest first. */
export interface AuditReader {
  query(companyId: string, query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: string | null }>;
}

const MAX_RANGE_DAYS = 366;

/** Searching the audit log of the actor's own company. */
export function createAuditService({ reader }: { reader: AuditReader }) {
  return {
    async search(actor: Actor, query: AuditQuery) {
      requireReader(actor);
      const from = new Date(query.from);
      const to = new Date(query.to);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to) {
        throw badRequest('INVALID_RANGE', { ja: '期間の指定が正しくありません。', en: 'The time range is invalid.' });
      }
      if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
        throw badRequest('INVALID_RANGE', { ja: '期間は1年以内で指定してください。', en: 'The range may span at most one year.' });
      }
      return reader.query(actor.companyId, { ...query, from: from.toISOString(), to: to.toISOString() });
    },
  };
}

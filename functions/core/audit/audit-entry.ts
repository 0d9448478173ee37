import type { AuditAction, AuditReason } from './actions.js';

/** One line of the audit log: who did what to which target, when, from where, and how it ended. */
export interface AuditEntry {
  id: string;
  companyId: string;
  /** ISO-8601 UTC. */
  at: string;
  /** Login ID of who acted (for a failed sign-in: the login ID that was tried). */
  actor: string;
  actorAccountId?: string;
  action: AuditAction;
  /** What was acted on, as people know it: an employee code, a job or import id, the company. */
  target?: string;
  /** Whose account was acted on, when the target is an employee (the per-user history reads it). */
  targetAccountId?: string;
  result: 'success' | 'failure';
  /** Why it failed: a listed code (its words are in the one list). */
  reason?: AuditReason;
  sourceIp?: string;
  /** Non-secret facts only: never a password, token, code or private address. */
  detail?: Record<string, string | number | boolean>;
}

export type { AuditAction } from './actions.js';

/** Where a request came from; carried into every audit entry it causes. */
export interface RequestOrigin {
  sourceIp?: string;
}

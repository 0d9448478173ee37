import type { Role } from '../employees/employee.js';
import { forbidden } from '../shared/errors.js';

/** Who may act: an account of a company (with its role), or a support operator (above companies). */
export type ActorRole = Role | 'support';

/** The signed-in account behind a request, loaded fresh from the store on every request. */
export interface Actor {
  accountId: string;
  /** The company of the account; for support operators the reserved SUPPORT_TENANT, which no company has. */
  companyId: string;
  loginId: string;
  role: ActorRole;
  displayName: string;
  sourceIp?: string;
  /** The company requires a second factor of this account and it has none yet. */
  mfaSetupRequired?: boolean;
}

/**
 * The tenant id on a support operator's token. No company has it (company ids are ULIDs), so
 * anything keyed by a company finds nothing for it, and the routes refuse it before that.
 */
export const SUPPORT_TENANT = '~support';

/** Which accounts a route serves: company accounts (default), support operators, or both. */
export type Audience = 'company' | 'support' | 'any';

const READERS: readonly ActorRole[] = ['viewer', 'admin'];

/** Company routes refuse support tokens and support routes company tokens, before any handler runs. */
export function requireAudience(actor: Actor, audience: Audience = 'company'): void {
  if (audience === 'any') return;
  if ((actor.role === 'support') !== (audience === 'support')) throw forbidden();
}

/** Admin screens: viewers and admins may read. */
export function requireReader(actor: Actor): void {
  if (!READERS.includes(actor.role)) throw forbidden();
}

/** Every change on admin screens: admins only. */
export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden();
}

/** The support console: support operators only. */
export function requireSupport(actor: Actor): void {
  if (actor.role !== 'support' || actor.companyId !== SUPPORT_TENANT) throw forbidden();
}

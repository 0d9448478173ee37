import type { Role } from '../employees/employee.js';
import { forbidden } from '../shared/errors.js';

/** The signed-in account behind a request, loaded fresh from the store on every request. */
export interface Actor {
  accountId: string;
  companyId: string;
  loginId: string;
  role: Role;
  displayName: string;
  sourceIp?: string;
}

const READERS: readonly Role[] = ['viewer', 'admin'];

/** Admin screens: viewers and admins may read. */
export function requireReader(actor: Actor): void {
  if (!READERS.includes(actor.role)) throw forbidden();
}

/** Every change on admin screens: admins only. */
export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden();
}

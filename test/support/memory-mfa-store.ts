import type { AuditEntry } from '../../functions/core/audit/audit-entry.js';
import type { MfaOwner } from '../../functions/core/mfa/mfa-lock.js';
import type { MfaRecord, MfaStore } from '../../functions/core/mfa/service.js';
import { StoreConflict } from '../../functions/core/shared/store-errors.js';

const keyOf = (owner: MfaOwner) => (owner.kind === 'employee' ? `${owner.companyId}/${owner.accountId}` : `support/${owner.accountId}`);

/** In-memory MfaStore with the adapter's conditions (state checks, step and backup-code claims). */
export function memoryMfaStore() {
  const records = new Map<string, MfaRecord>();
  const statuses = new Map<string, 'none' | 'active'>();
  const locked = new Set<string>();
  const audit: AuditEntry[] = [];
  const store: MfaStore = {
    async get(owner) {
      const r = records.get(keyOf(owner));
      return r ? structuredClone(r) : undefined;
    },
    async putPending(owner, sealed, expiresAt, entry) {
      const current = records.get(keyOf(owner));
      if (current?.status === 'active') throw new StoreConflict('state');
      records.set(keyOf(owner), { status: 'pending', pendingSecret: sealed, pendingExpiresAt: expiresAt, backupCodes: {} });
      audit.push(entry);
    },
    async activate(owner, change, entry) {
      const current = records.get(keyOf(owner));
      if (current?.status !== 'pending' || current.pendingSecret !== change.pendingSecret) throw new StoreConflict('state');
      records.set(keyOf(owner), { status: 'active', sealedSecret: change.pendingSecret, lastStep: change.step, backupCodes: { ...change.backupCodes }, activatedAt: change.at });
      statuses.set(keyOf(owner), 'active');
      locked.delete(keyOf(owner));
      audit.push(entry);
    },
    async acceptStep(owner, step) {
      const current = records.get(keyOf(owner));
      if (current?.status !== 'active' || (current.lastStep !== undefined && current.lastStep >= step)) return false;
      current.lastStep = step;
      return true;
    },
    async consumeBackupCode(owner, slot, hash) {
      const current = records.get(keyOf(owner));
      if (current?.status !== 'active' || current.backupCodes[slot] !== hash) return false;
      delete current.backupCodes[slot];
      return true;
    },
    async replaceBackupCodes(owner, codes, entry) {
      const current = records.get(keyOf(owner));
      if (current?.status !== 'active') throw new StoreConflict('state');
      current.backupCodes = { ...codes };
      audit.push(entry);
    },
    async remove(owner, entry) {
      const was = records.get(keyOf(owner))?.status === 'active';
      records.delete(keyOf(owner));
      statuses.set(keyOf(owner), 'none');
      locked.delete(keyOf(owner));
      audit.push(entry);
      return was;
    },
    async markLocked(owner, value) {
      if (value) locked.add(keyOf(owner));
      else locked.delete(keyOf(owner));
    },
  };
  return { store, records, statuses, locked, audit, keyOf };
}

/**
 * A store refused a conditional write. Adapters throw it; services turn it into the error a user
 * understands, because only the service knows what the condition meant to them.
 */
/** `contention`: other transactions kept holding the items; nothing was refused, try again later. */
export type ConflictReason = 'exists' | 'employeeCode' | 'loginId' | 'version' | 'state' | 'contention';

export class StoreConflict extends Error {
  constructor(readonly reason: ConflictReason) {
    super(`Conditional write refused: ${reason}`);
    this.name = 'StoreConflict';
  }
}

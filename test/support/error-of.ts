import { DomainError } from '../../functions/core/shared/errors.js';

/** The DomainError a promise rejects with; fails the test when it resolves or throws something else. */
export async function errorOf(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

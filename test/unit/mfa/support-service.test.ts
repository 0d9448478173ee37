import { describe, expect, it } from 'vitest';
import { SUPPORT_TENANT, type Actor } from '../../../functions/core/access/actor.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import type { MfaOwner } from '../../../functions/core/mfa/mfa-lock.js';
import { createSupportService } from '../../../functions/core/support/service.js';
import { errorOf } from '../../support/error-of.js';
import { storedEmployee } from '../employees/helpers.js';

const ops: Actor = { accountId: 'S1', companyId: SUPPORT_TENANT, loginId: 'ops', role: 'support', displayName: 'サポート' };
const admin: Actor = { accountId: 'A1', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '' };
const company = { id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '' };

function world() {
  const taro: Employee = storedEmployee({ id: 'E1', companyId: 'C1', loginId: 'taro', familyName: '山田', givenName: '太郎', mfaStatus: 'active' });
  const hanako: Employee = storedEmployee({ id: 'E2', companyId: 'C1', employeeCode: '0002', loginId: 'hanako', familyName: '佐藤', givenName: '花子' });
  const calls: Array<[string, MfaOwner, string]> = [];
  const service = createSupportService({
    directory: {
      companyByCode: async (code) => (code.toLowerCase() === 'demo' ? company : undefined),
      company: async (id) => (id === 'C1' ? company : undefined),
      employee: async (cid, id) => [taro, hanako].find((e) => e.companyId === cid && e.id === id),
      employeeByLoginId: async (cid, loginId) => [taro, hanako].find((e) => e.companyId === cid && e.loginId === loginId),
      search: async (_cid, q) => [taro, hanako].filter((e) => `${e.familyName}${e.givenName}${e.employeeCode}`.includes(q)),
    },
    mfa: {
      lockOf: async (o) => (o.accountId === 'E1' ? { kind: 'hard' } : undefined),
      unlock: async (o, operator) => void calls.push(['unlock', o, operator.loginId]),
      reset: async (o, operator) => void calls.push(['reset', o, operator.loginId]),
    },
  });
  return { service, calls };
}

describe('support console', () => {
  it('finds a company by code and its accounts by login ID or name, with the lock state and no secret', async () => {
    const w = world();
    expect(await w.service.findCompany(ops, ' demo ')).toEqual({ id: 'C1', code: 'demo', name: '株式会社デモ' });
    expect((await errorOf(w.service.findCompany(ops, 'nope'))).statusCode).toBe(404);
    const byLogin = await w.service.accounts(ops, 'C1', 'taro');
    expect(byLogin).toEqual([expect.objectContaining({ id: 'E1', name: '山田 太郎', mfaStatus: 'active', mfaLock: { kind: 'hard' } })]);
    expect((await w.service.accounts(ops, 'C1', '花子')).map((a) => [a.loginId, a.mfaLock])).toEqual([['hanako', { kind: 'none' }]]);
    expect(await w.service.accounts(ops, 'C1', '  ')).toEqual([]);
    expect((await errorOf(w.service.accounts(ops, 'C9', 'taro'))).statusCode).toBe(404);
  });

  it('unlocks and resets the named account of the named company only', async () => {
    const w = world();
    expect((await w.service.unlock(ops, 'C1', 'E1')).mfaLock).toEqual({ kind: 'hard' });
    await w.service.resetMfa(ops, 'C1', 'E2');
    expect(w.calls).toEqual([
      ['unlock', { kind: 'employee', companyId: 'C1', accountId: 'E1' }, 'ops'],
      ['reset', { kind: 'employee', companyId: 'C1', accountId: 'E2' }, 'ops'],
    ]);
    expect((await errorOf(w.service.unlock(ops, 'C2', 'E1'))).statusCode).toBe(404);
  });

  it('refuses everyone but support operators', async () => {
    const w = world();
    for (const actor of [admin, { ...admin, role: 'viewer' as const }, { ...ops, companyId: 'C1' }]) {
      expect((await errorOf(w.service.findCompany(actor, 'demo'))).code).toBe('FORBIDDEN');
      expect((await errorOf(w.service.unlock(actor, 'C1', 'E1'))).code).toBe('FORBIDDEN');
      expect((await errorOf(w.service.resetMfa(actor, 'C1', 'E1'))).code).toBe('FORBIDDEN');
    }
    expect(w.calls).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import { createTimeclockService, type PasscodeRecord } from '../../../functions/core/timeclock/service.js';
import { DomainError } from '../../../functions/core/shared/errors.js';
import { StoreConflict } from '../../../functions/core/shared/store-errors.js';

function employee(over: Partial<Employee> = {}): Employee {
  return {
    id: 'E1', companyId: 'C1', employeeCode: '0001', familyName: '山田', givenName: '花子', familyNameKana: '', givenNameKana: '', office: '', department: '',
    birthDate: '', email1: '', email2: '', email3: '', loginId: 'hanako', role: 'employee', accountKind: 'internal', enabled: true, createdAt: '', updatedAt: '', version: 1,
    passwordStatus: 'unissued', verificationStatus: 'none', passcodeStatus: 'issued', ...over,
  };
}

/** The service against in-memory ports; the "hash" of a passcode is `h:<digits>`, and every check is counted. */
function world(opts: { employee?: Employee; record?: PasscodeRecord | null; conflicts?: number } = {}) {
  const emp = opts.employee ?? employee();
  let record: PasscodeRecord | undefined = opts.record === null ? undefined : (opts.record ?? { hash: 'h:1234', failures: 0, locked: false, version: 1 });
  const audit: AuditEntry[] = [];
  const checks: Array<{ passcode: string; hash: string }> = [];
  const lockFlags: boolean[] = [];
  let conflicts = opts.conflicts ?? 0;
  let seq = 0;
  const service = createTimeclockService({
    directory: {
      companyByCode: async (code) => (code === 'demo' ? { id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '' } : undefined),
      employeeByCode: async (cid, code) => (cid === 'C1' && code === emp.employeeCode ? structuredClone(emp) : undefined),
    },
    passcodes: {
      get: async () => (record ? { ...record } : undefined),
      save: async (_c, _e, expected, next, entry) => {
        if (conflicts > 0) {
          conflicts--;
          // Someone else's failed attempt landed first.
          record = { ...record!, failures: record!.failures + 1, version: record!.version + 1 };
          throw new StoreConflict('state');
        }
        if (!record || expected.version !== record.version || expected.hash !== record.hash) throw new StoreConflict('state');
        if (next.locked !== record.locked) lockFlags.push(next.locked);
        record = { ...record, ...next, version: record.version + 1 };
        audit.push(entry);
      },
    },
    audit: { write: async (entry) => void audit.push(entry) },
    hashes: {
      verify: async (passcode, hash) => {
        checks.push({ passcode, hash });
        return hash === `h:${passcode}`;
      },
      decoy: async () => 'decoy',
    },
    clock: { now: () => new Date('2026-11-21T00:00:00Z') },
    ids: { next: () => `ID${++seq}` },
  });
  const verify = (employeeCode: string, passcode: string, companyCode = 'demo') => service.verify({ companyCode, employeeCode, passcode }, { sourceIp: '192.0.2.1' });
  return { service, verify, audit, checks, lockFlags, record: () => record };
}

async function errorOf(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('time clock passcode check', () => {
  it('accepts the right passcode, names the employee, audits a success and writes no state when nothing changes', async () => {
    const w = world();
    expect(await w.verify('0001', '1234')).toEqual({ employeeCode: '0001', name: '山田 花子' });
    expect(w.audit).toEqual([expect.objectContaining({ action: 'timeclock.verify', result: 'success', companyId: 'C1', actor: 'hanako', actorAccountId: 'E1', target: '0001', sourceIp: '192.0.2.1' })]);
    expect(w.record()).toEqual({ hash: 'h:1234', failures: 0, locked: false, version: 1 });
  });

  it('trims the codes it looks up', async () => {
    expect(await world().verify(' 0001 ', '1234', ' demo ')).toMatchObject({ employeeCode: '0001' });
  });

  it('counts a wrong passcode (401 PASSCODE_INVALID) and audits it with the count', async () => {
    const w = world();
    const e = await errorOf(w.verify('0001', '9999'));
    expect([e.statusCode, e.code]).toEqual([401, 'PASSCODE_INVALID']);
    expect(w.record()).toMatchObject({ failures: 1, locked: false, version: 2 });
    expect(w.audit).toEqual([expect.objectContaining({ result: 'failure', reason: 'bad-passcode', detail: { failures: 1 } })]);
  });

  it('locks on the fifth failure in a row (answered 401: it was wrong) and sets the ロック中 flag', async () => {
    const w = world();
    for (let i = 0; i < 5; i++) expect((await errorOf(w.verify('0001', '0000'))).code).toBe('PASSCODE_INVALID');
    expect(w.record()).toMatchObject({ failures: 5, locked: true });
    expect(w.lockFlags).toEqual([true]);
    expect(w.audit.at(-1)).toMatchObject({ reason: 'bad-passcode-locked', detail: { failures: 5 } });
  });

  it('refuses even the right passcode when locked (423), a wrong one with 401, and counts neither', async () => {
    const w = world({ record: { hash: 'h:1234', failures: 5, locked: true, version: 7 } });
    const right = await errorOf(w.verify('0001', '1234'));
    expect([right.statusCode, right.code]).toEqual([423, 'PASSCODE_LOCKED']);
    const wrong = await errorOf(w.verify('0001', '1235'));
    expect([wrong.statusCode, wrong.code]).toEqual([401, 'PASSCODE_INVALID']);
    expect(w.record()).toEqual({ hash: 'h:1234', failures: 5, locked: true, version: 7 });
    expect(w.audit.map((a) => [a.result, a.reason])).toEqual([['failure', 'locked'], ['failure', 'locked']]);
  });

  it('resets the failure count on a success', async () => {
    const w = world({ record: { hash: 'h:1234', failures: 4, locked: false, version: 3 } });
    await w.verify('0001', '1234');
    expect(w.record()).toMatchObject({ failures: 0, locked: false, version: 4 });
    expect(w.audit).toEqual([expect.objectContaining({ result: 'success' })]);
    await errorOf(w.verify('0001', '0000'));
    expect(w.record()).toMatchObject({ failures: 1, locked: false });
  });

  it.each([
    ['an unknown company', '0001', 'nowhere', undefined, undefined],
    ['an unknown employee', '9999', 'demo', undefined, 'unknown-employee'],
    ['a deleted employee', '0001', 'demo', employee({ deleted: true }), 'unknown-employee'],
    ['a disabled employee', '0001', 'demo', employee({ enabled: false }), 'disabled'],
    ['an unissued passcode', '0001', 'demo', employee({ passcodeStatus: 'unissued' }), 'unissued'],
  ] as const)('answers %s like a wrong passcode, after the same hash work', async (_name, code, company, emp, reason) => {
    const w = world({ employee: emp });
    const wrong = await errorOf(world().verify('0001', '0000'));
    const e = await errorOf(w.verify(code, '1234', company));
    expect([e.statusCode, e.code, e.messages]).toEqual([wrong.statusCode, wrong.code, wrong.messages]);
    expect(w.checks).toEqual([{ passcode: '1234', hash: 'decoy' }]);
    if (reason) expect(w.audit).toEqual([expect.objectContaining({ companyId: 'C1', result: 'failure', reason, target: code })]);
    else expect(w.audit).toEqual([]);
  });

  it('treats an issued status without a stored record as unissued', async () => {
    const w = world({ record: null });
    expect((await errorOf(w.verify('0001', '1234'))).code).toBe('PASSCODE_INVALID');
    expect(w.checks).toEqual([{ passcode: '1234', hash: 'decoy' }]);
    expect(w.audit).toEqual([expect.objectContaining({ reason: 'unissued' })]);
  });

  it('judges again on the new record when a concurrent attempt got there first', async () => {
    const w = world({ record: { hash: 'h:1234', failures: 3, locked: false, version: 1 }, conflicts: 1 });
    // Read at 3 failures; another failure lands first (4); this one is the fifth and locks.
    expect((await errorOf(w.verify('0001', '0000'))).code).toBe('PASSCODE_INVALID');
    expect(w.record()).toMatchObject({ failures: 5, locked: true });
    expect(w.checks).toHaveLength(2);
  });

  it('gives up after repeated conflicts rather than loop', async () => {
    const w = world({ conflicts: 5 });
    await expect(w.verify('0001', '0000')).rejects.toBeInstanceOf(StoreConflict);
  });

  it('never writes the passcode into an audit entry', async () => {
    const w = world();
    await errorOf(w.verify('0001', '8642'));
    await w.verify('0001', '1234');
    expect(JSON.stringify(w.audit)).not.toMatch(/8642|1234/);
  });
});

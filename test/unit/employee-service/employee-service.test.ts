import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/access/actor.js';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { normalizeEmail, type Employee, type EmployeeInput } from '../../../functions/core/employees/employee.js';
import { createEmployeeService, type EmployeeStore } from '../../../functions/core/employees/service.js';
import { errorOf } from '../../support/error-of.js';
import { StoreConflict } from '../../../functions/core/shared/store-errors.js';
import { emptyCounts } from '../../../functions/core/issuance/counts.js';

const admin: Actor = { accountId: 'A', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '管理 者' };
const viewer: Actor = { ...admin, accountId: 'V', loginId: 'viewer', role: 'viewer' };

const input = (over: Partial<EmployeeInput> = {}): EmployeeInput => ({
  employeeCode: '0100', familyName: '山田', givenName: '花子', familyNameKana: '', givenNameKana: '', office: '', department: '',
  birthDate: '', email1: '', email2: '', email3: '', loginId: '', role: 'employee', accountKind: 'internal', enabled: true, ...over,
});

/** An in-memory store with the same conditions as the DynamoDB one. */
function memoryStore() {
  const rows = new Map<string, Employee>();
  const audit: AuditEntry[] = [];
  const taken = (field: 'employeeCode' | 'loginId', e: Employee) =>
    [...rows.values()].some((o) => o.id !== e.id && !o.deleted && o.companyId === e.companyId && o[field].toLowerCase() === e[field].toLowerCase());
  const store: EmployeeStore = {
    get: async (_c, id) => rows.get(id),
    list: async () => ({ items: [...rows.values()], nextCursor: null }),
    departments: async () => [],
    counts: async () => emptyCounts(),
    findEmailHolders: async (c, addresses) =>
      [...rows.values()].flatMap((e) =>
        e.companyId === c && !e.deleted ? addresses.filter((a) => [e.email1, e.email2, e.email3].map(normalizeEmail).includes(a)).map((address) => ({ address, employeeId: e.id })) : [],
      ),
    create: async (e, a) => {
      if (taken('employeeCode', e)) throw new StoreConflict('employeeCode');
      if (taken('loginId', e)) throw new StoreConflict('loginId');
      rows.set(e.id, e);
      audit.push(a);
    },
    update: async (before, after, a) => {
      if (rows.get(before.id)?.version !== before.version) throw new StoreConflict('version');
      rows.set(after.id, after);
      audit.push(a);
    },
    remove: async (before, a) => {
      rows.set(before.id, { ...before, deleted: true });
      audit.push(a);
    },
  };
  return { store, rows, audit };
}

function service(random?: (n: number) => Uint8Array) {
  const mem = memoryStore();
  const enabled: Array<[string, boolean]> = [];
  let seq = 0;
  const svc = createEmployeeService({
    store: mem.store,
    identity: { setEnabled: async (id, on) => void enabled.push([id, on]) },
    clock: { now: () => new Date('2026-11-21T00:00:00Z') },
    ids: { next: () => `E${++seq}` },
    random,
  });
  return { svc, ...mem, enabled };
}


describe('employee service', () => {
  it('lets viewers read and only admins write', async () => {
    const { svc } = service();
    await expect(svc.list(viewer, { limit: 10 })).resolves.toBeDefined();
    expect((await errorOf(svc.create(viewer, input(), false))).statusCode).toBe(403);
    expect((await errorOf(svc.list({ ...viewer, role: 'employee' }, { limit: 10 }))).statusCode).toBe(403);
  });

  it('warns about an address held by another employee, or twice by the same one, until confirmed', async () => {
    const { svc } = service();
    const first = await svc.create(admin, input({ email1: 'Shared@Example.jp' }), false);
    const warning = await errorOf(svc.create(admin, input({ employeeCode: '0101', email1: 'shared@example.jp' }), false));
    expect(warning.code).toBe('DUPLICATE_EMAIL');
    expect(warning.details).toEqual({ duplicates: [{ address: 'shared@example.jp', employeeId: first.id, employeeCode: '0100', name: '山田 花子' }] });
    expect((await errorOf(svc.create(admin, input({ employeeCode: '0102', email1: 'a@x.jp', email2: 'A@x.jp' }), false))).code).toBe('DUPLICATE_EMAIL');
    await expect(svc.create(admin, input({ employeeCode: '0101', email1: 'shared@example.jp' }), true)).resolves.toMatchObject({ employeeCode: '0101' });
  });

  it('does not warn about an address a stored holder entry names but its employee no longer has', async () => {
    // The store may keep an entry of an older shape for an address its employee gave up
    // (employee-store.ts INDEXED_SLOT): the service checks the employee itself.
    const { svc, store } = service();
    const first = await svc.create(admin, input({ email1: 'old@example.jp' }), false);
    await svc.update(admin, first.id, input({ email1: 'new@example.jp' }), first.version, false);
    const findEmailHolders = store.findEmailHolders;
    store.findEmailHolders = async (c, addresses) => [...(await findEmailHolders(c, addresses)), ...addresses.filter((a) => a === 'old@example.jp').map((address) => ({ address, employeeId: first.id }))];
    await expect(svc.create(admin, input({ employeeCode: '0101', email1: 'OLD@example.jp' }), false)).resolves.toMatchObject({ employeeCode: '0101' });
    expect((await errorOf(svc.create(admin, input({ employeeCode: '0102', email1: 'new@example.jp' }), false))).code).toBe('DUPLICATE_EMAIL');
  });

  it('retries a generated login ID that collides, but not a chosen one', async () => {
    // The first two generated IDs are the same; the service must move on to a third.
    const sequences = [Buffer.alloc(64, 1), Buffer.alloc(64, 1), Buffer.alloc(64, 2)];
    const { svc } = service(() => sequences.shift() ?? Buffer.alloc(64, 3));
    const a = await svc.create(admin, input({ employeeCode: '1' }), false);
    const b = await svc.create(admin, input({ employeeCode: '2' }), false);
    expect(a.loginId).not.toBe(b.loginId);
    expect((await errorOf(svc.create(admin, input({ employeeCode: '3', loginId: a.loginId }), false))).code).toBe('LOGIN_ID_TAKEN');
  });

  it('refuses a stale version and writes one audit entry per change', async () => {
    const { svc, audit } = service();
    const e = await svc.create(admin, input(), false);
    const saved = await svc.update(admin, e.id, input({ department: '開発部' }), 1, false);
    expect(saved.version).toBe(2);
    expect((await errorOf(svc.update(admin, e.id, input(), 1, false))).code).toBe('VERSION_CONFLICT');
    expect(audit.map((a) => [a.action, a.detail?.fields])).toEqual([['employee.create', undefined], ['employee.update', 'department']]);
  });

  it('keeps the Cognito user in step when disabling and deleting, and never deletes oneself', async () => {
    const { svc, enabled } = service();
    const e = await svc.create(admin, input(), false);
    await svc.update(admin, e.id, input({ enabled: false }), 1, false);
    await svc.remove(admin, e.id);
    expect(enabled).toEqual([[e.id, false], [e.id, false]]);
    expect((await errorOf(svc.get(admin, e.id))).statusCode).toBe(404);
    const self = await svc.create(admin, input({ employeeCode: 'SELF' }), false);
    expect((await errorOf(svc.remove({ ...admin, accountId: self.id }, self.id))).code).toBe('CANNOT_DELETE_SELF');
  });
});

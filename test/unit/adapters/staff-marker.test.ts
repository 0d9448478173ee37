import { beforeAll, describe, expect, it } from 'vitest';
import { employeeWriteItems } from '../../../functions/adapters/dynamodb/employee-store.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import { ENV } from '../../../functions/shared/env.js';
import { storedEmployee } from '../employees/helpers.js';

beforeAll(() => {
  process.env[ENV.tableName] = 'kagi';
});

const STAFF_KEY = { pk: 'CO#co-1#STAFF', sk: 'EMP#emp-1' };

/** The staff-marker items of the transaction that moves an employee from `before` to `after`. */
function markerOps(before: Employee | undefined, after: Employee) {
  return employeeWriteItems(before, after).items.flatMap((item) => {
    const put = item.Put?.Item;
    const removed = item.Delete?.Key;
    if (put?.pk === STAFF_KEY.pk) return [['put', { pk: put.pk, sk: put.sk }]];
    if (removed?.pk === STAFF_KEY.pk) return [['delete', removed]];
    return [];
  });
}

describe('管理者設定: the admins-and-viewers partition is kept in the employee transaction', () => {
  const employee = storedEmployee();
  const admin = storedEmployee({ role: 'admin' });
  const viewer = storedEmployee({ role: 'viewer' });

  it('adds an admin or a viewer when created or promoted, and no employee', () => {
    expect(markerOps(undefined, admin)).toEqual([['put', STAFF_KEY]]);
    expect(markerOps(undefined, employee)).toEqual([]);
    expect(markerOps(employee, viewer)).toEqual([['put', STAFF_KEY]]);
  });

  it('removes one demoted or deleted, and leaves a change between admin and viewer alone', () => {
    expect(markerOps(admin, employee)).toEqual([['delete', STAFF_KEY]]);
    expect(markerOps(viewer, { ...viewer, deleted: true })).toEqual([['delete', STAFF_KEY]]);
    expect(markerOps(admin, viewer)).toEqual([]);
    expect(markerOps(admin, { ...admin, department: '人事部' })).toEqual([]);
  });
});

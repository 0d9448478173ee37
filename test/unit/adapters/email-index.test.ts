import { beforeAll, describe, expect, it } from 'vitest';
import { employeeWriteItems } from '../../../functions/adapters/dynamodb/employee-store.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import { ENV } from '../../../functions/shared/env.js';
import { storedEmployee } from '../employees/helpers.js';

beforeAll(() => {
  process.env[ENV.tableName] = 'kagi';
});

const CODE = 'CO#co-1#EMPCODE#0001';
const LOGIN = 'CO#co-1#LOGIN#yamada.taro';
const indexOf = (address: string) => ({ gsi1pk: `CO#co-1#EMAIL#${address}`, gsi1sk: 'EMP#emp-1' });
const holder = (address: string) => ({ pk: `CO#co-1#EMAIL#${address}`, sk: 'EMP#emp-1' });

const isClaim = (pk: unknown) => /#(EMPCODE|LOGIN)#/.test(String(pk));

/** What the transaction from `before` to `after` does to the claims and the holder items. */
function addressOps(before: Employee | undefined, after: Employee) {
  return employeeWriteItems(before, after).items.flatMap((item) => {
    const put = item.Put?.Item;
    if (put && isClaim(put.pk)) return [['claim', put.pk, put.gsi1pk ? { gsi1pk: put.gsi1pk, gsi1sk: put.gsi1sk } : undefined]];
    if (put && String(put.pk).includes('#EMAIL#')) return [['holder', { pk: put.pk, sk: put.sk }]];
    const update = item.Update;
    if (update && isClaim(update.Key?.pk)) {
      const values = update.ExpressionAttributeValues ?? {};
      return [['reindex', update.Key?.pk, values[':gsi1pk'] ? { gsi1pk: values[':gsi1pk'], gsi1sk: values[':gsi1sk'] } : undefined]];
    }
    const removed = item.Delete?.Key;
    if (removed && String(removed.pk).includes('#EMAIL#')) return [['unhold', removed]];
    if (removed && isClaim(removed.pk)) return [['unclaim', removed.pk]];
    return [];
  });
}

describe('addresses are findable through the claims, not an item each (the 10,000-row import writes 3 items a row)', () => {
  const employee = storedEmployee({ email1: 'Taro@Example.co.jp', email2: 'taro@home.example.com' });

  it('a new employee: address 1 on the code claim, address 2 on the login claim, address 3 on a holder item', () => {
    expect(addressOps(undefined, employee)).toEqual([
      ['claim', CODE, indexOf('taro@example.co.jp')],
      ['claim', LOGIN, indexOf('taro@home.example.com')],
    ]);
    expect(employeeWriteItems(undefined, employee, undefined, false).items).toHaveLength(3);
    expect(addressOps(undefined, { ...employee, email3: 'T3@example.jp' })).toContainEqual(['holder', holder('t3@example.jp')]);
    expect(addressOps(undefined, { ...employee, email1: '', email2: '' })).toEqual([
      ['claim', CODE, undefined],
      ['claim', LOGIN, undefined],
    ]);
  });

  it('an edit re-points the claim of a changed slot, and leaves unchanged ones alone', () => {
    const edited = { ...employee, email1: 'new@example.co.jp', version: 2 };
    // The old address's holder item is deleted too: an employee saved before had one (a no-op otherwise).
    expect(addressOps(employee, edited)).toEqual([['reindex', CODE, indexOf('new@example.co.jp')], ['unhold', holder('taro@example.co.jp')]]);
    expect(addressOps(employee, { ...employee, email2: '', version: 2 })).toEqual([['reindex', LOGIN, undefined], ['unhold', holder('taro@home.example.com')]]);
    expect(addressOps(employee, { ...employee, department: '人事部', version: 2 })).toEqual([]);
  });

  it('a new code or login ID carries its slot\'s address to the new claim', () => {
    expect(addressOps(employee, { ...employee, employeeCode: '0002', version: 2 })).toEqual([
      ['unclaim', CODE],
      ['claim', 'CO#co-1#EMPCODE#0002', indexOf('taro@example.co.jp')],
    ]);
  });

  it('a delete frees the claims and every holder item an employee saved before may have', () => {
    expect(addressOps(employee, { ...employee, deleted: true, version: 2 })).toEqual([
      ['unclaim', CODE],
      ['unclaim', LOGIN],
      ['unhold', holder('taro@example.co.jp')],
      ['unhold', holder('taro@home.example.com')],
    ]);
  });
});

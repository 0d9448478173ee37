import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ImportTarget } from '../../core/imports/service.js';
import { dynamo } from '../aws-clients.js';
import { allEmployees, createEmployeeStore, employeeWriteItems, rememberDepartment } from './employee-store.js';
import { keys } from './keys.js';
import { tableName, transact } from './table.js';

/** Employees as the CSV import reads and writes them (one summary audit entry per import, not per row). */
export function createImportTarget(): ImportTarget {
  const store = createEmployeeStore();
  return {
    async existing(companyId) {
      const all = [];
      for await (const page of allEmployees(companyId)) all.push(...page);
      return all;
    },
    async byCode(companyId, employeeCode) {
      const ref = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.employeeCode(companyId, employeeCode), ConsistentRead: true }));
      return ref.Item ? store.get(companyId, String(ref.Item.employeeId)) : undefined;
    },
    async create(employee) {
      const { items, reasons } = employeeWriteItems(undefined, employee);
      await transact(items, reasons);
      await rememberDepartment(employee);
    },
    async update(before, after) {
      const { items, reasons } = employeeWriteItems(before, after);
      await transact(items, reasons);
      await rememberDepartment(after);
    },
  };
}

import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Employee } from '../../core/employees/employee.js';
import type { EmployeeChange, ImportTarget } from '../../core/imports/service.js';
import { StoreConflict, type ConflictReason } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { allEmployees, employeeWriteItems, getEmployees, rememberDepartment } from './employee-store.js';
import { keys } from './keys.js';
import { tableName, transact, type TransactItem } from './table.js';
import { counterUpdate, sumDeltas } from './status-counters.js';
import type { CountDeltas } from '../../core/issuance/counts.js';

/** DynamoDB's cap on items in one transaction. */
const MAX_TRANSACTION_ITEMS = 100;
const PARALLEL_TRANSACTIONS = 4;

async function batchGet(requestKeys: Array<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  for (let i = 0; i < requestKeys.length; i += 100) {
    let request: Record<string, { Keys: Array<Record<string, unknown>>; ConsistentRead: boolean }> | undefined = {
      [tableName()]: { Keys: requestKeys.slice(i, i + 100), ConsistentRead: true },
    };
    while (request && Object.keys(request).length > 0) {
      const out = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(out.Responses?.[tableName()] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

/** Packs changes into transactions of at most 100 items, each change whole in one of them. */
function pack(changes: EmployeeChange[]) {
  type Pack = { indexes: number[]; items: TransactItem[]; deltas: CountDeltas[] };
  const packs: Pack[] = [];
  let current: Pack = { indexes: [], items: [], deltas: [] };
  // One item stays free for the pack's one counter update.
  changes.forEach((change, index) => {
    const { items, deltas } = employeeWriteItems(change.before, change.after, undefined, false);
    if (current.items.length + items.length > MAX_TRANSACTION_ITEMS - 1) {
      packs.push(current);
      current = { indexes: [], items: [], deltas: [] };
    }
    current.indexes.push(index);
    current.items.push(...items);
    current.deltas.push(deltas);
  });
  if (current.items.length > 0) packs.push(current);
  return packs.map((p) => {
    const counter = counterUpdate(changes[0]!.after.companyId, sumDeltas(p.deltas));
    return { indexes: p.indexes, items: counter ? [...p.items, counter] : p.items };
  });
}

async function writeOne(change: EmployeeChange): Promise<ConflictReason | undefined> {
  const { items, reasons } = employeeWriteItems(change.before, change.after);
  try {
    await transact(items, reasons);
    return undefined;
  } catch (e) {
    if (e instanceof StoreConflict) return e.reason;
    throw e;
  }
}

/** Employees as the CSV import reads and writes them (one summary audit entry per import, not per row). */
export function createImportTarget(): ImportTarget {
  return {
    async existing(companyId) {
      const all: Employee[] = [];
      for await (const page of allEmployees(companyId)) all.push(...page);
      return all;
    },

    async byCodes(companyId, employeeCodes) {
      const refs = await batchGet([...new Set(employeeCodes)].map((code) => keys.employeeCode(companyId, code)));
      const employees = await getEmployees(companyId, refs.map((r) => String(r.employeeId)));
      return new Map(employees.filter((e) => !e.deleted).map((e) => [e.employeeCode, e]));
    },

    async writeAll(changes) {
      const outcomes: Array<ConflictReason | undefined> = new Array(changes.length).fill(undefined);
      const packs = pack(changes);
      for (let i = 0; i < packs.length; i += PARALLEL_TRANSACTIONS) {
        await Promise.all(
          packs.slice(i, i + PARALLEL_TRANSACTIONS).map(async ({ indexes, items }) => {
            try {
              await transact(items, []);
            } catch (e) {
              if (!(e instanceof StoreConflict)) throw e;
              // One refused change cancels its whole pack: write each alone to learn which.
              for (const index of indexes) outcomes[index] = await writeOne(changes[index]!);
            }
          }),
        );
      }
      for (const [i, change] of changes.entries()) if (outcomes[i] === undefined) await rememberDepartment(change.after);
      return outcomes;
    },
  };
}

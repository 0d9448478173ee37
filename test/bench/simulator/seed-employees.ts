import { randomBytes } from 'node:crypto';
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../../functions/adapters/aws-clients.js';
import { createAccountDirectory } from '../../../functions/adapters/dynamodb/account-directory.js';
import { employeeWriteItems, rememberDepartment } from '../../../functions/adapters/dynamodb/employee-store.js';
import { counterUpdate, sumDeltas } from '../../../functions/adapters/dynamodb/status-counters.js';
import { tableName } from '../../../functions/adapters/dynamodb/table.js';
import { INITIAL_STATUSES, type Employee } from '../../../functions/core/employees/employee.js';
import type { CountDeltas } from '../../../functions/core/issuance/counts.js';
import { generateLoginId } from '../../../functions/core/employees/login-id.js';
import { systemClock } from '../../../functions/core/shared/ports.js';
import { createUlids } from '../../../functions/core/shared/ulid.js';

/**
 * The quota bench's employees, written straight into the table (bench setup, not what it
 * measures): the same items the CSV import writes for a new employee — built by the employee
 * store's own `employeeWriteItems`, with the status counters moved once per set — but by
 * BatchWriteItem, 25 items a call, without the import's preview and per-row checks, which the
 * import bench measures apart. 10,000 employees take seconds instead of the import's half minute,
 * and a set is written again (`reset`) to put it back at 未発行 for the next job, so the bench
 * holds two sets whatever N is.
 */

const FAMILY = ['佐藤', '鈴木', '髙橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '山﨑'];
const GIVEN = ['健太', '美咲', '大輔', '結衣', '翔太', '彩香', '拓也', 'さくら', '直樹', '真由美'];
const DEPARTMENTS = ['営業部', '開発部', '総務部', '経理部', '人事部'];
const PARALLEL_BATCHES = 8;

export interface SeededSet {
  companyId: string;
  employees: Employee[];
}

/** `n` employees at 未発行 in the company `companyCode`, numbered from `from` (as the bench's CSV numbers them). */
export async function seedEmployees(companyCode: string, n: number, from: number): Promise<SeededSet> {
  const company = await createAccountDirectory().companyByCode(companyCode);
  if (!company) throw new Error(`no company ${companyCode}`);
  const ids = createUlids(systemClock);
  const at = systemClock.now().toISOString();
  const employees: Employee[] = [];
  for (let i = from; i < from + n; i++) {
    employees.push({
      employeeCode: `Q${String(i).padStart(7, '0')}`,
      familyName: FAMILY[i % 10]!,
      givenName: GIVEN[(i * 7) % 10]!,
      familyNameKana: 'ベンチ',
      givenNameKana: 'タロウ',
      office: '本社',
      department: DEPARTMENTS[i % 5]!,
      birthDate: `19${70 + (i % 30)}-0${(i % 9) + 1}-1${i % 9}`,
      email1: `q${i}@bench.example.jp`,
      email2: i % 3 === 0 ? `q${i}@home.example.com` : '',
      email3: '',
      loginId: generateLoginId(randomBytes),
      role: 'employee',
      accountKind: 'internal',
      enabled: true,
      ...INITIAL_STATUSES,
      id: ids.next(),
      companyId: company.id,
      createdAt: at,
      updatedAt: at,
      version: 1,
    });
  }
  await write(employees, true);
  for (const department of DEPARTMENTS) await rememberDepartment({ ...employees[0]!, department });
  return { companyId: company.id, employees };
}

/** Puts a set back as it was seeded (未発行, no issuance): the next job on it does a first issuance's work. */
export async function resetEmployees(set: SeededSet): Promise<void> {
  await write(set.employees, false);
}

async function write(employees: Employee[], counters: boolean): Promise<void> {
  const puts: Array<Record<string, unknown>> = [];
  const deltas: CountDeltas[] = [];
  for (const e of employees) {
    const built = employeeWriteItems(undefined, e, undefined, false);
    // A reset rewrites the employee item alone: its unique keys and addresses stay as they were.
    for (const item of counters ? built.items : built.items.slice(0, 1)) if (item.Put) puts.push(item.Put.Item as Record<string, unknown>);
    deltas.push(built.deltas);
  }
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < puts.length; i += 25) batches.push(puts.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL_BATCHES }, async () => {
      while (next < batches.length) {
        let request: Record<string, Array<{ PutRequest: { Item: Record<string, unknown> } }>> | undefined = { [tableName()]: batches[next++]!.map((Item) => ({ PutRequest: { Item } })) };
        while (request && Object.keys(request).length > 0) {
          const out = await dynamo().send(new BatchWriteCommand({ RequestItems: request }));
          request = out.UnprocessedItems as typeof request;
        }
      }
    }),
  );
  if (!counters) return;
  const counter = counterUpdate(employees[0]!.companyId, sumDeltas(deltas));
  if (counter?.Update) await dynamo().send(new UpdateCommand(counter.Update as ConstructorParameters<typeof UpdateCommand>[0]));
}

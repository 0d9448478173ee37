import { BatchGetCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Employee } from '../../core/employees/employee.js';
import { EMAIL_SLOTS, INITIAL_STATUSES, normalizeEmail, type EmailSlot } from '../../core/employees/employee.js';
import { foldForSearch, matchesSearch, SEARCH_FOLD_VERSION, searchTextOf } from '../../core/employees/search.js';
import type { EmployeeStore, ListQuery } from '../../core/employees/service.js';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { ConflictReason } from '../../core/shared/store-errors.js';
import { countDeltas, mfaCountedOf, type CountedState } from '../../core/issuance/counts.js';
import { accountIssued } from '../../core/registration/status.js';
import { counterUpdate, readCounts } from './status-counters.js';
import { dynamo } from '../clients/dynamodb.js';
import { GSI1 } from './table-def.js';
import { departmentsPk, emailHoldersPk, employeeListPk, ENTITY, keys, staffPk } from './keys.js';
import { auditPut, tableName, transact, type TransactItem } from './table.js';
import { decodeCursor, encodeCursor, key, type CursorShape } from './cursor.js';
import { ULID_PATTERN } from '../../core/shared/ulid.js';
import { mapLimit } from '../../core/shared/map-limit.js';
import type { EmployeeIdDirectory } from '../../core/jobs/launch.js';
import { memberCountUpdate } from './group-members.js';

const EMPLOYEE_FIELDS = [
  'id', 'companyId', 'employeeCode', 'familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'office', 'department',
  'birthDate', 'email1', 'email2', 'email3', 'loginId', 'role', 'accountKind', 'enabled', 'createdAt', 'updatedAt', 'version',
] as const;

const STATUS_FIELDS = ['passwordStatus', 'verificationStatus', 'passcodeStatus', 'privateEmailRegistered', 'registrationStatus', 'mfaStatus'] as const;

/** The id of the last mail sent to address slot n; `bouncedMail<n>` names the last one that bounced. */
export const lastMailAttribute = (slot: number) => `lastMail${slot}`;

/** A number set of address slots, as a sorted list. */
const slotsOf = (value: unknown): number[] => (value instanceof Set ? [...(value as Set<number>)].map(Number).sort((a, b) => a - b) : []);

export function employeeFromItem(item: Record<string, unknown>): Employee {
  const e = Object.fromEntries(EMPLOYEE_FIELDS.map((f) => [f, item[f]])) as unknown as Employee;
  for (const f of STATUS_FIELDS) (e as unknown as Record<string, unknown>)[f] = item[f] ?? INITIAL_STATUSES[f];
  if (typeof item.temporaryPasswordExpiresAt === 'string') e.temporaryPasswordExpiresAt = item.temporaryPasswordExpiresAt;
  e.passcodeLocked = item.passcodeLocked === true;
  // Items written before account kinds existed are employees' accounts.
  e.accountKind = item.accountKind === 'external' ? 'external' : 'internal';
  e.mfaLocked = item.mfaLocked === true;
  if (typeof item.verificationRequestedAt === 'string') e.verificationRequestedAt = item.verificationRequestedAt;
  if (typeof item.verificationExpiresAt === 'string') e.verificationExpiresAt = item.verificationExpiresAt;
  if (typeof item.registrationExpiresAt === 'string') e.registrationExpiresAt = item.registrationExpiresAt;
  e.registrationLocked = item.registrationLocked === true;
  e.accountIssued = accountIssued(e.passwordStatus ?? 'unissued', e.verificationStatus ?? 'none');
  e.verifiedAddresses = slotsOf(item.verifiedAddresses);
  e.bouncedAddresses = [1, 2, 3].filter((n) => item[`bouncedMail${n}`] !== undefined && item[`bouncedMail${n}`] === item[lastMailAttribute(n)]);
  if (typeof item.groupId === 'string') e.groupId = item.groupId;
  if (item.deleted) e.deleted = true;
  return e;
}

/** A new employee's item: its fields, its search text, its list key and the initial statuses. */
export function employeeItem(e: Employee): Record<string, unknown> {
  return {
    ...keys.employee(e.companyId, e.id),
    entity: ENTITY.employee,
    ...Object.fromEntries(EMPLOYEE_FIELDS.map((f) => [f, e[f]])),
    ...INITIAL_STATUSES,
    searchText: searchTextOf(e),
    searchFold: SEARCH_FOLD_VERSION,
    ...keys.employeeList(e.companyId, e.employeeCode),
  };
}

/**
 * An edit or a delete: SETs only the edited fields (never the statuses issuance writes), on the
 * version that was read. A deleted employee leaves the list index by losing its list key.
 */
function employeeUpdate(before: Employee, after: Employee): TransactItem {
  const values: Record<string, unknown> = { ':expected': before.version, ':searchText': searchTextOf(after), ':searchFold': SEARCH_FOLD_VERSION };
  const names: Record<string, string> = {};
  const sets = EMPLOYEE_FIELDS.filter((f) => f !== 'id' && f !== 'companyId' && f !== 'createdAt').map((f) => {
    names[`#${f}`] = f;
    values[`:${f}`] = after[f];
    return `#${f} = :${f}`;
  });
  sets.push('searchText = :searchText', 'searchFold = :searchFold');
  let update: string;
  if (after.deleted) {
    values[':deleted'] = true;
    update = `SET ${[...sets, 'deleted = :deleted'].join(', ')} REMOVE gsi1pk, gsi1sk`;
  } else {
    const list = keys.employeeList(after.companyId, after.employeeCode);
    Object.assign(values, { ':gsi1pk': list.gsi1pk, ':gsi1sk': list.gsi1sk });
    update = `SET ${[...sets, 'gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk'].join(', ')}`;
  }
  return {
    Update: {
      TableName: tableName(),
      Key: keys.employee(after.companyId, after.id),
      UpdateExpression: update,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** An admin or a viewer, not deleted: listed on 管理者設定. */
const isStaff = (e: Employee | undefined) => e !== undefined && !e.deleted && e.role !== 'employee';

const addressesOf = (e: Employee) => new Set(EMAIL_SLOTS.map((s) => normalizeEmail(e[s])).filter((a) => a !== ''));

/**
 * Which item makes an address findable (the duplicate-address warning of the form; the CSV
 * preview compares in memory). Address 1 rides on the employee code's claim and address 2 on the
 * login ID's claim, as keys of gsi1: the claims are written with every employee anyway, so the
 * address costs an index entry, not an item. In DynamoDB Local an item in a transaction costs
 * about 0.5 ms of its single busy thread and an index entry next to nothing, and a holder item
 * per address was 30 % of a CSV import's items; in AWS an index entry of a claim is 1 write unit
 * where a holder item in a transaction is 2. Address 3 (rarely filled) keeps a holder item.
 * Employees saved before this keep their holder items until an address is removed: the lookup
 * reads both shapes (findEmailHolders), and the service checks that a holder still holds it.
 */
const INDEXED_SLOT = { code: 'email1', login: 'email2' } as const satisfies Record<string, EmailSlot>;
const HELD_SLOT: EmailSlot = 'email3';

const slotAddress = (e: Employee | undefined, slot: EmailSlot) => (e && !e.deleted ? normalizeEmail(e[slot]) : '');

function uniquePut(key: { pk: string; sk: string }, e: Employee, slot: EmailSlot): TransactItem {
  const address = slotAddress(e, slot);
  return {
    Put: {
      TableName: tableName(),
      Item: { ...key, entity: ENTITY.unique, employeeId: e.id, ...(address ? keys.emailIndex(e.companyId, address, e.id) : {}) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Points a kept claim's index entry at the slot's new address (or removes it). */
function claimAddressUpdate(key: { pk: string; sk: string }, e: Employee, slot: EmailSlot): TransactItem {
  const address = slotAddress(e, slot);
  const index = address ? keys.emailIndex(e.companyId, address, e.id) : undefined;
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: index ? 'SET gsi1pk = :gsi1pk, gsi1sk = :gsi1sk' : 'REMOVE gsi1pk, gsi1sk',
      // The claim is this employee's (the employee item's version condition guards the rest).
      ConditionExpression: 'employeeId = :id',
      ExpressionAttributeValues: { ':id': e.id, ...(index ? { ':gsi1pk': index.gsi1pk, ':gsi1sk': index.gsi1sk } : {}) },
    },
  };
}

function uniqueDelete(key: { pk: string; sk: string }, employeeId: string): TransactItem {
  return {
    Delete: {
      TableName: tableName(),
      Key: key,
      // Never free a claim that another employee holds.
      ConditionExpression: 'attribute_not_exists(pk) OR employeeId = :id',
      ExpressionAttributeValues: { ':id': employeeId },
    },
  };
}

function holderPut(e: Employee, address: string): TransactItem {
  return { Put: { TableName: tableName(), Item: { ...keys.emailHolder(e.companyId, address, e.id), entity: ENTITY.emailHolder, address, employeeId: e.id } } };
}

function holderDelete(e: Employee, address: string): TransactItem {
  return { Delete: { TableName: tableName(), Key: keys.emailHolder(e.companyId, address, e.id) } };
}

/** What the status counters count of an employee. */
export function countedStateOf(e: Employee): CountedState {
  return {
    password: e.passwordStatus ?? 'unissued',
    verification: e.verificationStatus ?? 'none',
    passcode: e.passcodeStatus ?? 'unissued',
    privateEmail: e.privateEmailRegistered ? 'yes' : 'no',
    registration: e.registrationStatus ?? 'unissued',
    mfa: mfaCountedOf(e),
  };
}

/**
 * Builds the transaction that moves an employee from `before` (or nothing) to `after` (or
 * deleted), with the status-counter change of a create or delete. `counters: false` leaves the
 * counter update out (returned as `deltas`) for callers that pack many changes into one transaction.
 */
export function employeeWriteItems(before: Employee | undefined, after: Employee, audit?: AuditEntry, counters = true) {
  const items: TransactItem[] = [];
  const reasons: Array<ConflictReason | undefined> = [];
  const add = (item: TransactItem, reason?: ConflictReason) => {
    items.push(item);
    reasons.push(reason);
  };
  const live = !after.deleted;
  if (before) add(employeeUpdate(before, after), 'version');
  else add({ Put: { TableName: tableName(), Item: employeeItem(after), ConditionExpression: 'attribute_not_exists(pk)' } }, 'exists');
  const cid = after.companyId;
  const claims = [
    { key: (e: Employee) => keys.employeeCode(cid, e.employeeCode), moved: !before || before.employeeCode !== after.employeeCode, slot: INDEXED_SLOT.code, reason: 'employeeCode' as const },
    { key: (e: Employee) => keys.loginId(cid, e.loginId), moved: !before || before.loginId.toLowerCase() !== after.loginId.toLowerCase(), slot: INDEXED_SLOT.login, reason: 'loginId' as const },
  ];
  for (const claim of claims) {
    if (claim.moved || !live) {
      if (before) add(uniqueDelete(claim.key(before), after.id));
      if (live) add(uniquePut(claim.key(after), after, claim.slot), claim.reason);
    } else if (slotAddress(before, claim.slot) !== slotAddress(after, claim.slot)) {
      add(claimAddressUpdate(claim.key(after), after, claim.slot));
    }
  }
  // Holder items: address 3's, and those of employees saved before the claims carried addresses
  // (deleted once the employee no longer holds the address; deleting an absent item is a no-op).
  const now = live ? addressesOf(after) : new Set<string>();
  if (before) for (const a of addressesOf(before)) if (!now.has(a)) add(holderDelete(after, a));
  const held = slotAddress(after, HELD_SLOT);
  if (held && held !== slotAddress(before, HELD_SLOT)) add(holderPut(after, held));
  // A deleted member leaves its group's count (the delete is on the version read, which every move changes).
  if (before?.groupId && !live) add(memberCountUpdate(cid, before.groupId, -1));
  // 管理者設定 lists admins and viewers from their own small partition, kept in step here.
  if (isStaff(after) && !isStaff(before)) add({ Put: { TableName: tableName(), Item: { ...keys.staffMember(cid, after.id), entity: ENTITY.staffMember, employeeId: after.id } } });
  if (isStaff(before) && !isStaff(after)) add({ Delete: { TableName: tableName(), Key: keys.staffMember(cid, after.id) } });
  if (audit) add(auditPut(audit));
  // An edit changes no status, but a new account kind moves the account between the 2FA counters.
  const deltas = !before
    ? countDeltas(undefined, countedStateOf({ ...after, ...INITIAL_STATUSES }))
    : !live
      ? countDeltas(countedStateOf(before), undefined)
      : countDeltas(countedStateOf(before), { ...countedStateOf(before), mfa: mfaCountedOf({ ...before, accountKind: after.accountKind }) });
  const counter = counters ? counterUpdate(cid, deltas) : undefined;
  if (counter) add(counter);
  return { items, reasons, deltas };
}

const rememberedDepartments = new Set<string>();

/** Departments are a small registry for the list filter; writing one is an idempotent upsert. */
export async function rememberDepartment(e: Employee): Promise<void> {
  const seen = `${e.companyId}\u0000${e.department}`;
  if (!e.department || rememberedDepartments.has(seen)) return;
  rememberedDepartments.add(seen);
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.department(e.companyId, e.department), entity: ENTITY.department, name: e.department } }));
}

/**
 * 詳細検索's 私用メールアドレス, アカウント発行 and 登録用パスワード filters. アカウント発行 is derived
 * (core/registration/status.ts accountIssued), so its filter spells out the same states.
 */
export function selfRegistrationFilters(query: Pick<ListQuery, 'privateEmail' | 'accountIssued' | 'registrationStatus'>, values: Record<string, unknown>): string[] {
  const filters: string[] = [];
  if (query.privateEmail) {
    values[':privateEmail'] = true;
    filters.push(query.privateEmail === 'yes' ? 'privateEmailRegistered = :privateEmail' : 'NOT (privateEmailRegistered = :privateEmail)');
  }
  if (query.accountIssued) {
    Object.assign(values, { ':acIssued': 'issued', ':acReissuing': 'reissuing', ':acPendingLogin': 'verified_pending_login', ':acVerified': 'verified' });
    const issued = '(passwordStatus IN (:acIssued, :acReissuing) OR verificationStatus IN (:acPendingLogin, :acVerified))';
    filters.push(query.accountIssued === 'yes' ? issued : `NOT ${issued}`);
  }
  if (query.registrationStatus) {
    values[':registrationStatus'] = query.registrationStatus;
    filters.push(query.registrationStatus === 'unissued' ? '(registrationStatus = :registrationStatus OR attribute_not_exists(registrationStatus))' : 'registrationStatus = :registrationStatus');
  }
  return filters;
}

const MAX_ITEMS_READ_PER_PAGE = 2000;
/** However the filters and item sizes fall, one page costs at most this many queries. */
const MAX_QUERIES_PER_PAGE = 8;

/** A page of the company's list index starts after one of its employees. */
const listCursor = (companyId: string): CursorShape => ({
  pk: key.prefixed(`CO#${companyId}#EMP#`, (id) => ULID_PATTERN.test(id)),
  sk: key.exactly('#EMP'),
  gsi1pk: key.exactly(employeeListPk(companyId)),
  gsi1sk: key.any(),
});

/** The 2段階認証 filter of the list. Items from before the second factor existed have no mfaStatus: none. */
const MFA_FILTERS: Record<NonNullable<ListQuery['mfaStatus']>, { filter: string; values: Record<string, unknown> }> = {
  active: { filter: 'mfaStatus = :mfaStatus', values: { ':mfaStatus': 'active' } },
  none: { filter: '(attribute_not_exists(mfaStatus) OR mfaStatus = :mfaStatus)', values: { ':mfaStatus': 'none' } },
  locked: { filter: 'mfaLocked = :mfaLocked', values: { ':mfaLocked': true } },
};

export function createEmployeeStore(): EmployeeStore {
  const db = dynamo();
  return {
    async get(companyId, id) {
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.employee(companyId, id), ConsistentRead: true }));
      return out.Item ? employeeFromItem(out.Item) : undefined;
    },

    async list(companyId, query: ListQuery) {
      const filters: string[] = [];
      const values: Record<string, unknown> = { ':pk': employeeListPk(companyId) };
      const q = query.q ? foldForSearch(query.q) : '';
      if (q) {
        // A search text folded by an older version (an employee not saved since) is let through
        // and matched here, folded again from the stored names.
        filters.push('(contains(searchText, :q) OR attribute_not_exists(searchFold) OR searchFold < :fold)');
        values[':q'] = q;
        values[':fold'] = SEARCH_FOLD_VERSION;
      }
      if (query.department) {
        filters.push('department = :d');
        values[':d'] = query.department;
      }
      const mfa = query.mfaStatus ? MFA_FILTERS[query.mfaStatus] : undefined;
      if (mfa) {
        filters.push(mfa.filter);
        Object.assign(values, mfa.values);
      }
      for (const status of ['passwordStatus', 'verificationStatus', 'passcodeStatus'] as const) {
        if (!query[status]) continue;
        filters.push(`${status} = :${status}`);
        values[`:${status}`] = query[status];
      }
      filters.push(...selfRegistrationFilters(query, values));
      if (query.groupId === 'none') filters.push('attribute_not_exists(groupId)');
      else if (query.groupId) {
        filters.push('groupId = :groupId');
        values[':groupId'] = query.groupId;
      }
      const items: Employee[] = [];
      let startKey: Record<string, unknown> | undefined = decodeCursor(query.cursor, listCursor(companyId));
      let read = 0;
      let queries = 0;
      // A filtered Query can return short pages; keep reading until the page is full.
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName(),
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :pk',
            FilterExpression: filters.length ? filters.join(' AND ') : undefined,
            ExpressionAttributeValues: values,
            ExclusiveStartKey: startKey,
            Limit: filters.length ? 500 : query.limit + 1,
          }),
        );
        read += out.ScannedCount ?? 0;
        queries += 1;
        for (const item of out.Items ?? []) {
          const employee = employeeFromItem(item);
          if (q && item.searchFold !== SEARCH_FOLD_VERSION && !matchesSearch(employee, q)) continue;
          if (items.length === query.limit) {
            // There is more: the cursor points after the last item returned.
            const last = items[items.length - 1]!;
            return { items, nextCursor: encodeCursor({ ...keys.employee(companyId, last.id), ...keys.employeeList(companyId, last.employeeCode) }) };
          }
          items.push(employee);
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey && read < MAX_ITEMS_READ_PER_PAGE && queries < MAX_QUERIES_PER_PAGE);
      return { items, nextCursor: startKey ? encodeCursor(startKey) : null };
    },

    async findEmailHolders(companyId, addresses) {
      // Both shapes (INDEXED_SLOT): the claims' index entries, and holder items.
      const results = await Promise.all(
        addresses.flatMap((address) =>
          [GSI1, undefined].map(async (index) => {
            const found: Array<{ address: string; employeeId: string }> = [];
            let startKey: Record<string, unknown> | undefined;
            do {
              const out = await db.send(
                new QueryCommand({
                  TableName: tableName(),
                  IndexName: index,
                  KeyConditionExpression: index ? 'gsi1pk = :pk' : 'pk = :pk',
                  ExpressionAttributeValues: { ':pk': emailHoldersPk(companyId, address) },
                  ProjectionExpression: 'employeeId',
                  ExclusiveStartKey: startKey,
                }),
              );
              found.push(...(out.Items ?? []).map((i) => ({ address, employeeId: String(i.employeeId) })));
              startKey = out.LastEvaluatedKey;
            } while (startKey);
            return found;
          }),
        ),
      );
      const unique = new Map(results.flat().map((h) => [`${h.address}\u0000${h.employeeId}`, h]));
      return [...unique.values()];
    },

    async departments(companyId) {
      const names: string[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': departmentsPk(companyId) }, ExclusiveStartKey: startKey }),
        );
        names.push(...(out.Items ?? []).map((i) => String(i.name)));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return names.sort((a, b) => a.localeCompare(b, 'ja'));
    },

    counts: (companyId) => readCounts(companyId),

    async create(employee, audit) {
      const { items, reasons } = employeeWriteItems(undefined, employee, audit);
      await transact(items, reasons);
      await rememberDepartment(employee);
    },

    async update(before, after, audit) {
      const { items, reasons } = employeeWriteItems(before, after, audit);
      await transact(items, reasons);
      if (after.department !== before.department) await rememberDepartment(after);
    },

    async remove(before, audit) {
      const after: Employee = { ...before, deleted: true, version: before.version + 1, updatedAt: audit.at };
      const { items, reasons } = employeeWriteItems(before, after, audit);
      await transact(items, reasons);
    },
  };
}

/**
 * Attributes of the live employees of a company that match `filter` (the bulk issues' 未発行):
 * the company's list index, paginated — a Query, never a Scan.
 */
export async function queryEmployeeList(companyId: string, { filter, values, projection }: { filter: string; values: Record<string, unknown>; projection: string }): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: filter,
        ProjectionExpression: projection,
        ExpressionAttributeValues: { ':pk': employeeListPk(companyId), ...values },
        ExclusiveStartKey: startKey,
      }),
    );
    found.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/** Reads every live employee of a company (import preview, export): one paginated index query. */
export async function* allEmployees(companyId: string): AsyncGenerator<Employee[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamo().send(
      new QueryCommand({ TableName: tableName(), IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': employeeListPk(companyId) }, ExclusiveStartKey: startKey }),
    );
    yield (out.Items ?? []).map(employeeFromItem);
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/** Many employees by id in as few calls as BatchGet allows. */
export async function getEmployees(companyId: string, ids: string[]): Promise<Employee[]> {
  const found: Employee[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [tableName()]: { Keys: ids.slice(i, i + 100).map((id) => keys.employee(companyId, id)) },
    };
    while (request && Object.keys(request).length > 0) {
      const out = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(out.Responses?.[tableName()] ?? []).map(employeeFromItem));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return found;
}

/** Which ids name an employee item of the company (deleted ones too), reading only the key: BatchGet, 100 at a time, a few at once. */
export function createEmployeeIdDirectory(): EmployeeIdDirectory {
  return {
    async existing(companyId, ids) {
      const batches = Array.from({ length: Math.ceil(ids.length / 100) }, (_, i) => ids.slice(i * 100, (i + 1) * 100));
      const found = new Set<string>();
      await mapLimit(batches, 4, async (batch) => {
        let request: Record<string, { Keys: Record<string, unknown>[]; ProjectionExpression: string }> | undefined = {
          [tableName()]: { Keys: batch.map((id) => keys.employee(companyId, id)), ProjectionExpression: 'pk' },
        };
        while (request && Object.keys(request).length > 0) {
          const out = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
          for (const item of out.Responses?.[tableName()] ?? []) found.add(String(item.pk).slice(keys.employee(companyId, '').pk.length));
          request = out.UnprocessedKeys as typeof request;
        }
      });
      return found;
    },
  };
}

/** The most admins and viewers 管理者設定 reads: a company has a handful; the bound keeps the read small whatever happens. */
export const MAX_STAFF = 500;

/** The company's admins and viewers (管理者設定): one query of their small partition, then the employees by id. */
export async function staffOf(companyId: string): Promise<Employee[]> {
  const out = await dynamo().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': staffPk(companyId) }, ProjectionExpression: 'employeeId', Limit: MAX_STAFF }),
  );
  const ids = (out.Items ?? []).map((item) => String(item.employeeId));
  return getEmployees(companyId, ids);
}

/**
 * Writes the admins-and-viewers partition of a company from its employee list (a company written
 * before 管理者設定 existed has none): a one-off, idempotent, company by company, never in a request.
 * Returns how many admins and viewers it holds.
 */
export async function backfillStaff(companyId: string): Promise<number> {
  let count = 0;
  for await (const page of allEmployees(companyId)) {
    const staff = page.filter((e) => isStaff(e));
    await Promise.all(staff.map((e) => dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.staffMember(companyId, e.id), entity: ENTITY.staffMember, employeeId: e.id } }))));
    count += staff.length;
  }
  return count;
}

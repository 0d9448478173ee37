import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { requireAdmin, requireReader } from '../access/actor.js';
import type { AuditAction, AuditEntry } from '../audit/audit-entry.js';
import { badRequest, conflict, DomainError, notFound, type Messages } from '../shared/errors.js';
import { mapLimit } from '../shared/map-limit.js';
import type { Clock, Ids } from '../shared/ports.js';
import { StoreConflict } from '../shared/store-errors.js';
import { EMAIL_SLOTS, emailsOf, fullName, normalizeEmail, type EmailSlot, type Employee, type EmployeeInput, type EmployeeStatuses } from './employee.js';
import { validateEmployeeInput } from './validate.js';
import type { Counts } from '../issuance/counts.js';
import { generateLoginId } from './login-id.js';

export interface EmployeePage {
  items: Employee[];
  nextCursor: string | null;
}

export interface ListQuery {
  q?: string;
  department?: string;
  passwordStatus?: EmployeeStatuses['passwordStatus'];
  verificationStatus?: EmployeeStatuses['verificationStatus'];
  passcodeStatus?: EmployeeStatuses['passcodeStatus'];
  /** 私用メールアドレス 有/無. */
  privateEmail?: 'yes' | 'no';
  /** アカウント発行 有/無. */
  accountIssued?: 'yes' | 'no';
  registrationStatus?: EmployeeStatuses['registrationStatus'];
  /** 2段階認証: 設定済 (active), 未設定 (none) or ロック中 (locked). */
  mfaStatus?: EmployeeStatuses['mfaStatus'] | 'locked';
  /** 所属グループ: a group's id, or `none` for employees in no group (未所属). */
  groupId?: string;
  limit: number;
  cursor?: string;
}

/** Port: where employees live. Writes are all-or-nothing with their audit entry. */
export interface EmployeeStore {
  get(companyId: string, id: string): Promise<Employee | undefined>;
  list(companyId: string, query: ListQuery): Promise<EmployeePage>;
  /** Employees (other than none) holding any of the normalized addresses. */
  findEmailHolders(companyId: string, normalizedAddresses: string[]): Promise<Array<{ address: string; employeeId: string }>>;
  departments(companyId: string): Promise<string[]>;
  /** Status counts from the counter items (never a read of every employee). */
  counts(companyId: string): Promise<Counts>;
  /** Throws StoreConflict('employeeCode' | 'loginId'). */
  create(employee: Employee, audit: AuditEntry): Promise<void>;
  /** Throws StoreConflict('version' | 'employeeCode' | 'loginId'). */
  update(before: Employee, after: Employee, audit: AuditEntry): Promise<void>;
  /** Throws StoreConflict('version'). */
  remove(before: Employee, audit: AuditEntry): Promise<void>;
}

/** Port: the sign-in identity of an account, kept in step with enabled/deleted. */
export interface AccountIdentity {
  setEnabled(accountId: string, enabled: boolean): Promise<void>;
}

export interface DuplicateAddress {
  address: string;
  employeeId: string;
  employeeCode: string;
  name: string;
}

/** マイページ's duplicate warning: the address, and whether it is the account's own other slot. */
export interface OwnDuplicate {
  address: string;
  self: boolean;
}

/** At most one list page of employees is deleted in one request (選択して削除). */
export const MAX_BULK_DELETE = 100;

/** One employee of 選択して削除: deleted, or why not. */
export interface BulkDeleteResult {
  employeeId: string;
  employeeCode: string;
  name: string;
  outcome: 'deleted' | 'refused';
  reason?: 'not-found' | 'self' | 'changed';
  messages?: Messages;
}

export interface EmployeeServiceDeps {
  store: EmployeeStore;
  identity: AccountIdentity;
  clock: Clock;
  ids: Ids;
  random?: (n: number) => Uint8Array;
}

const LOGIN_ID_ATTEMPTS = 5;
const NOT_FOUND: Messages = { ja: '社員が見つかりません。', en: 'Employee not found.' };

/** 社員情報管理: register, read, change and delete employees of the actor's company. */
export function createEmployeeService({ store, identity, clock, ids, random = randomBytes }: EmployeeServiceDeps) {
  function auditOf(actor: Actor, action: AuditAction, target: Employee, at: string, detail?: AuditEntry['detail']): AuditEntry {
    return {
      id: ids.next(),
      companyId: actor.companyId,
      at,
      actor: actor.loginId,
      actorAccountId: actor.accountId,
      action,
      target: target.employeeCode,
      targetAccountId: target.id,
      result: 'success',
      sourceIp: actor.sourceIp,
      detail: { employeeId: target.id, ...detail },
    };
  }

  async function mustGet(companyId: string, id: string): Promise<Employee> {
    const employee = await store.get(companyId, id);
    if (!employee || employee.deleted) throw notFound(NOT_FOUND);
    return employee;
  }

  /** Addresses of `input` already held by an employee: another one, or the same one twice. */
  async function duplicatesOf(companyId: string, input: EmployeeInput, selfId?: string): Promise<DuplicateAddress[]> {
    const addresses = emailsOf(input).map(normalizeEmail);
    const result: DuplicateAddress[] = [];
    const seen = new Set<string>();
    for (const address of addresses) {
      if (seen.has(address)) result.push({ address, employeeId: selfId ?? '', employeeCode: input.employeeCode, name: fullName(input) });
      seen.add(address);
    }
    const holders = (await store.findEmailHolders(companyId, [...seen])).filter((h) => h.employeeId !== selfId);
    for (const holder of holders) {
      const other = await store.get(companyId, holder.employeeId);
      // A holder found by the lookup is checked: the store may keep an entry for an address its
      // employee no longer has (an item of an older shape), which must not warn.
      if (other && !other.deleted && emailsOf(other).some((a) => normalizeEmail(a) === holder.address)) {
        result.push({ address: holder.address, employeeId: other.id, employeeCode: other.employeeCode, name: fullName(other) });
      }
    }
    return result;
  }

  function refuseUnconfirmed(duplicates: DuplicateAddress[], confirmed: boolean) {
    if (duplicates.length === 0 || confirmed) return;
    const list = duplicates.map((d) => `${d.address} (${d.employeeCode} ${d.name})`).join(', ');
    throw conflict(
      'DUPLICATE_EMAIL',
      {
        ja: `このメールアドレスは既に使用されています: ${list}。このまま登録する場合は確認のうえ保存してください。`,
        en: `This address is already in use: ${list}. Confirm to save anyway.`,
      },
      { duplicates },
    );
  }

  /**
   * マイページ: the same question, naming no one. An employee learns only that an address is
   * used by someone else (or typed twice), never who holds it.
   */
  function refuseUnconfirmedOwn(duplicates: DuplicateAddress[], selfId: string, confirmed: boolean) {
    if (duplicates.length === 0 || confirmed) return;
    const seen = new Set<string>();
    const named: OwnDuplicate[] = [];
    for (const d of duplicates) {
      const self = d.employeeId === selfId;
      if (seen.has(`${d.address}|${self}`)) continue;
      seen.add(`${d.address}|${self}`);
      named.push({ address: d.address, self });
    }
    const list = [...new Set(named.map((d) => d.address))].join(', ');
    throw conflict(
      'DUPLICATE_EMAIL',
      {
        ja: `このメールアドレスは既に使用されています: ${list}。このまま保存する場合は確認のうえ保存してください。`,
        en: `This address is already in use: ${list}. Confirm to save anyway.`,
      },
      { duplicates: named },
    );
  }

  function conflictError(e: unknown): never {
    if (e instanceof StoreConflict) {
      switch (e.reason) {
        case 'employeeCode':
          throw conflict('EMPLOYEE_CODE_TAKEN', { ja: 'この社員コードは既に使われています。', en: 'This employee code is already in use.' }, { field: 'employeeCode' });
        case 'loginId':
          throw conflict('LOGIN_ID_TAKEN', { ja: 'このログインIDは既に使われています。', en: 'This login ID is already in use.' }, { field: 'loginId' });
        case 'version':
          throw conflict('VERSION_CONFLICT', {
            ja: '他の人がこの社員情報を変更しました。画面を更新してからやり直してください。',
            en: 'Someone else changed this employee. Reload and try again.',
          });
        default:
          break;
      }
    }
    throw e;
  }

  async function removeOne(actor: Actor, before: Employee, detail?: AuditEntry['detail']): Promise<void> {
    if (before.id === actor.accountId) {
      throw new DomainError(409, 'CANNOT_DELETE_SELF', { ja: '自分自身は削除できません。', en: 'You cannot delete your own account.' });
    }
    try {
      await store.remove(before, auditOf(actor, 'employee.delete', before, clock.now().toISOString(), detail));
    } catch (e) {
      conflictError(e);
    }
    await identity.setEnabled(before.id, false);
  }

  return {
    async list(actor: Actor, query: ListQuery): Promise<EmployeePage> {
      requireReader(actor);
      return store.list(actor.companyId, query);
    },

    async get(actor: Actor, id: string): Promise<Employee> {
      requireReader(actor);
      return mustGet(actor.companyId, id);
    },

    async counts(actor: Actor): Promise<Counts> {
      requireReader(actor);
      return store.counts(actor.companyId);
    },

    async departments(actor: Actor): Promise<string[]> {
      requireReader(actor);
      return store.departments(actor.companyId);
    },

    async create(actor: Actor, input: EmployeeInput, confirmDuplicates: boolean): Promise<Employee> {
      requireAdmin(actor);
      refuseUnconfirmed(await duplicatesOf(actor.companyId, input), confirmDuplicates);
      const at = clock.now().toISOString();
      const generate = input.loginId === '';
      for (let attempt = 1; ; attempt++) {
        const employee: Employee = {
          ...input,
          loginId: generate ? generateLoginId(random) : input.loginId,
          id: ids.next(),
          companyId: actor.companyId,
          createdAt: at,
          updatedAt: at,
          version: 1,
        };
        try {
          await store.create(employee, auditOf(actor, 'employee.create', employee, at));
          return employee;
        } catch (e) {
          // A generated login ID that collides is ours to retry, not the admin's problem.
          if (generate && e instanceof StoreConflict && e.reason === 'loginId' && attempt < LOGIN_ID_ATTEMPTS) continue;
          conflictError(e);
        }
      }
    },

    async update(actor: Actor, id: string, input: EmployeeInput, expectedVersion: number, confirmDuplicates: boolean): Promise<Employee> {
      requireAdmin(actor);
      const before = await mustGet(actor.companyId, id);
      if (before.version !== expectedVersion) conflictError(new StoreConflict('version'));
      const newAddresses = EMAIL_SLOTS.filter((slot) => normalizeEmail(input[slot]) !== normalizeEmail(before[slot]) && input[slot] !== '');
      if (newAddresses.length > 0) refuseUnconfirmed(await duplicatesOf(actor.companyId, input, id), confirmDuplicates);
      const at = clock.now().toISOString();
      const after: Employee = {
        ...before,
        ...input,
        loginId: input.loginId === '' ? before.loginId : input.loginId,
        updatedAt: at,
        version: before.version + 1,
      };
      const changed = (Object.keys(input) as Array<keyof EmployeeInput>).filter((k) => before[k] !== after[k]);
      try {
        await store.update(before, after, auditOf(actor, 'employee.update', after, at, { fields: changed.join(',') }));
      } catch (e) {
        conflictError(e);
      }
      if (before.enabled !== after.enabled) await identity.setEnabled(after.id, after.enabled);
      return after;
    },

    /** マイページ: the signed-in account's own record, whatever its role. */
    async own(actor: Actor): Promise<Employee> {
      return mustGet(actor.companyId, actor.accountId);
    },

    /**
     * マイページ: an account changes its own login ID or mail addresses, nothing else, with the
     * same rules, duplicate warning and audit as the admin form.
     */
    async updateOwn(actor: Actor, change: Partial<Pick<EmployeeInput, 'loginId' | EmailSlot>>, confirmDuplicates: boolean): Promise<Employee> {
      const before = await mustGet(actor.companyId, actor.accountId);
      const { id: _i, companyId: _c, createdAt: _ca, updatedAt: _u, version: _v, deleted: _d, passwordStatus: _p, verificationStatus: _vs, passcodeStatus: _pc, mfaStatus: _m, ...fields } = before;
      const result = validateEmployeeInput({ ...fields, ...change });
      if (!result.ok) {
        const issues = result.issues.filter((i) => i.field in change);
        const names = [...new Set(issues.map((i) => i.field))].join(', ');
        throw badRequest('VALIDATION', { ja: `入力内容を確認してください: ${names}`, en: `Check these fields: ${names}` }, { issues });
      }
      const input = result.value;
      if (EMAIL_SLOTS.some((slot) => input[slot] !== '' && normalizeEmail(input[slot]) !== normalizeEmail(before[slot]))) {
        refuseUnconfirmedOwn(await duplicatesOf(actor.companyId, input, before.id), before.id, confirmDuplicates);
      }
      const at = clock.now().toISOString();
      const after: Employee = { ...before, ...input, loginId: input.loginId || before.loginId, updatedAt: at, version: before.version + 1 };
      const changed = (Object.keys(change) as Array<keyof EmployeeInput>).filter((k) => before[k] !== after[k]);
      try {
        await store.update(before, after, auditOf(actor, 'account.update-own', after, at, { fields: changed.join(',') }));
      } catch (e) {
        conflictError(e);
      }
      return after;
    },

    async remove(actor: Actor, id: string): Promise<void> {
      requireAdmin(actor);
      await removeOne(actor, await mustGet(actor.companyId, id));
    },

    /**
     * 選択して削除: each employee as one delete (its own transaction and audit entry, marked as
     * part of a bulk delete). Those that cannot be deleted are reported, not fatal to the others.
     */
    async removeMany(actor: Actor, employeeIds: string[]): Promise<{ deleted: number; results: BulkDeleteResult[] }> {
      requireAdmin(actor);
      const unique = [...new Set(employeeIds)];
      if (unique.length === 0) throw badRequest('NO_TARGETS', { ja: '削除する社員を選んでください。', en: 'Choose at least one employee.' });
      if (unique.length > MAX_BULK_DELETE) {
        throw badRequest('TOO_MANY_TARGETS', { ja: `一度に削除できるのは ${MAX_BULK_DELETE} 人までです。`, en: `At most ${MAX_BULK_DELETE} employees at a time.` });
      }
      const results = await mapLimit(unique, 5, async (id): Promise<BulkDeleteResult> => {
        // The company is the actor's: an id of another company is simply not found here.
        const before = await store.get(actor.companyId, id);
        if (!before || before.deleted) return { employeeId: id, employeeCode: '', name: '', outcome: 'refused', reason: 'not-found', messages: NOT_FOUND };
        const who = { employeeId: id, employeeCode: before.employeeCode, name: fullName(before) };
        try {
          await removeOne(actor, before, { bulk: unique.length });
          return { ...who, outcome: 'deleted' };
        } catch (e) {
          if (e instanceof DomainError && e.code === 'CANNOT_DELETE_SELF') return { ...who, outcome: 'refused', reason: 'self', messages: e.messages };
          if (e instanceof DomainError && e.code === 'VERSION_CONFLICT') return { ...who, outcome: 'refused', reason: 'changed', messages: e.messages };
          throw e;
        }
      });
      return { deleted: results.filter((r) => r.outcome === 'deleted').length, results };
    },
  };
}

export type EmployeeService = ReturnType<typeof createEmployeeService>;

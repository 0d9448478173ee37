import type { Actor } from '../access/actor.js';
import { requireAdmin, requireReader } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { badRequest, conflict, notFound, type Messages } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { textProblem } from '../shared/text.js';
import { isTimeZone } from '../shared/time-zone.js';
import { FACTORS, GROUP_LANGUAGES, GROUP_NAME_MAX, NEW_GROUP_DEFAULTS, type Factor, type Group, type GroupLanguage, type GroupSettings } from './group.js';

/** A company has at most this many groups (the list is one query, the select one short list). */
export const MAX_GROUPS = 100;

/** A group as the admin sees it: its settings and how many employees are in it. */
export interface GroupRecord extends Group {
  /** Kept on the group item, moved in the same transaction as each member's `groupId`. */
  memberCount: number;
}

/** Why a group store refused a write (the service turns each into the error the admin reads). */
export type GroupConflictReason = 'name' | 'limit' | 'members' | 'version' | 'gone';

export class GroupConflict extends Error {
  constructor(readonly reason: GroupConflictReason) {
    super(`Group write refused: ${reason}`);
    this.name = 'GroupConflict';
  }
}

/**
 * Port: a company's groups. Each write carries its audit entry in the same transaction. Names are
 * unique per company after `groupNameKey` (a name-claim item per key); the company's group count
 * is an item too, so `MAX_GROUPS` holds under concurrent creates.
 */
export interface GroupStore {
  list(companyId: string): Promise<GroupRecord[]>;
  get(companyId: string, groupId: string): Promise<GroupRecord | undefined>;
  /** Throws GroupConflict('name' | 'limit'). */
  create(group: GroupRecord, max: number, audit: AuditEntry): Promise<void>;
  /** On the version read. Throws GroupConflict('version' | 'name' | 'gone'). */
  update(before: GroupRecord, after: GroupRecord, audit: AuditEntry): Promise<void>;
  /** Only while the group has no member. Throws GroupConflict('members' | 'gone'). */
  remove(before: GroupRecord, audit: AuditEntry): Promise<void>;
}

/** The key two names collide on: width, case and surrounding spaces do not tell groups apart. */
export function groupNameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** What an admin sends: every field on create (missing ones take the defaults), any on edit. */
export interface GroupInput {
  name?: unknown;
  firstFactor?: unknown;
  secondFactor?: unknown;
  timeZone?: unknown;
  language?: unknown;
}

const invalid = (field: string, messages: Messages) => badRequest('VALIDATION', messages, { field });

/** Checks a group's settings as they will be stored; throws 400 VALIDATION naming the field. */
export function validateGroupSettings(input: GroupInput, base: Omit<GroupSettings, 'name'> & { name?: string }): GroupSettings {
  const name = input.name === undefined ? base.name : typeof input.name === 'string' ? input.name.normalize('NFC').trim().replace(/\s+/g, ' ') : undefined;
  if (!name || name.length > GROUP_NAME_MAX) {
    throw invalid('name', { ja: `グループ名は1〜${GROUP_NAME_MAX}文字で入力してください。`, en: `Enter a group name of 1 to ${GROUP_NAME_MAX} characters.` });
  }
  // Names that draw nothing, or read in another order than they are written, tell two groups apart by stealth.
  if (textProblem(name) || /[\u0000-\u001F\u007F]/.test(name)) {
    throw invalid('name', { ja: 'グループ名に使えない文字が含まれています。', en: 'The group name contains characters that cannot be used.' });
  }
  const firstFactor = input.firstFactor === undefined ? base.firstFactor : input.firstFactor;
  if (!(FACTORS as readonly unknown[]).includes(firstFactor)) {
    throw invalid('firstFactor', { ja: '1つ目の認証はパスワードかワンタイムパスワードを選んでください。', en: 'The first factor is password or otp.' });
  }
  // An edit that changes the first factor and leaves the second out keeps the second only while it still differs.
  const second = input.secondFactor === undefined ? base.secondFactor : input.secondFactor;
  let secondFactor: Factor | undefined;
  if (second !== null && second !== undefined) {
    if (!(FACTORS as readonly unknown[]).includes(second) || second === firstFactor) {
      if (input.secondFactor === undefined) secondFactor = undefined;
      else throw invalid('secondFactor', { ja: '2つ目の認証は「なし」か、1つ目と違う認証を選んでください。', en: 'The second factor is none, or the factor the first is not.' });
    } else secondFactor = second as Factor;
  }
  const timeZone = input.timeZone === undefined ? base.timeZone : input.timeZone;
  if (!isTimeZone(timeZone)) {
    throw invalid('timeZone', { ja: 'タイムゾーンはIANAの名前（例: Asia/Tokyo）で指定してください。', en: 'The time zone must be an IANA name such as Asia/Tokyo.' });
  }
  const language = input.language === undefined ? base.language : input.language;
  if (!(GROUP_LANGUAGES as readonly unknown[]).includes(language)) {
    throw invalid('language', { ja: '表示言語は日本語（ja）か英語（en）を選んでください。', en: 'The language is ja or en.' });
  }
  return { name, firstFactor: firstFactor as Factor, ...(secondFactor ? { secondFactor } : {}), timeZone, language: language as GroupLanguage };
}

const NOT_FOUND = (): Error => notFound({ ja: 'グループが見つかりません。', en: 'Group not found.' });

/** The store's refusal in the admin's words. */
export function groupConflictError(e: unknown): never {
  if (!(e instanceof GroupConflict)) throw e;
  switch (e.reason) {
    case 'name':
      throw conflict('GROUP_NAME_TAKEN', { ja: '同じ名前のグループが既にあります。別の名前にしてください。', en: 'A group with this name already exists. Choose another name.' }, { field: 'name' });
    case 'limit':
      throw conflict('TOO_MANY_GROUPS', {
        ja: `グループは1社につき${MAX_GROUPS}個まで作成できます。使っていないグループを削除してから作成してください。`,
        en: `A company can have at most ${MAX_GROUPS} groups. Delete one you no longer use first.`,
      }, { max: MAX_GROUPS });
    case 'members':
      throw conflict('GROUP_HAS_MEMBERS', {
        ja: '所属する社員がいるグループは削除できません。社員一覧で「グループから外す」か、別のグループへ移してから削除してください。',
        en: 'A group with members cannot be deleted. Remove its members or move them to another group first.',
      });
    case 'version':
      throw conflict('VERSION_CONFLICT', { ja: '他の人がこのグループを変更しました。画面を更新してからやり直してください。', en: 'Someone else changed this group. Reload and try again.' });
    case 'gone':
      throw NOT_FOUND();
  }
}

/** Which settings an edit changed, for the audit entry. */
function changedFields(before: GroupSettings, after: GroupSettings): string {
  return (['name', 'firstFactor', 'secondFactor', 'timeZone', 'language'] as const).filter((f) => before[f] !== after[f]).join(',');
}

/** グループ設定: admins create, edit and delete; viewers read; employees nothing. Each change is audited. */
export function createGroupService({ store, clock, ids }: { store: GroupStore; clock: Clock; ids: Ids }) {
  const audit = (actor: Actor, action: AuditEntry['action'], group: Group, at: string, detail?: AuditEntry['detail']): AuditEntry => ({
    id: ids.next(), companyId: actor.companyId, at, actor: actor.loginId, actorAccountId: actor.accountId, action, target: group.name, result: 'success', sourceIp: actor.sourceIp,
    detail: { group: group.groupId, ...detail },
  });

  async function mustGet(actor: Actor, groupId: string): Promise<GroupRecord> {
    const group = await store.get(actor.companyId, groupId);
    if (!group) throw NOT_FOUND();
    return group;
  }

  return {
    async list(actor: Actor): Promise<GroupRecord[]> {
      requireReader(actor);
      const groups = await store.list(actor.companyId);
      return groups.sort((a, b) => a.name.localeCompare(b.name, 'ja') || a.groupId.localeCompare(b.groupId));
    },

    async get(actor: Actor, groupId: string): Promise<GroupRecord> {
      requireReader(actor);
      return mustGet(actor, groupId);
    },

    async create(actor: Actor, input: GroupInput): Promise<GroupRecord> {
      requireAdmin(actor);
      const settings = validateGroupSettings(input, NEW_GROUP_DEFAULTS);
      const at = clock.now().toISOString();
      const group: GroupRecord = { ...settings, groupId: ids.next(), companyId: actor.companyId, createdAt: at, updatedAt: at, version: 1, memberCount: 0 };
      try {
        await store.create(group, MAX_GROUPS, audit(actor, 'group.create', group, at));
      } catch (e) {
        groupConflictError(e);
      }
      return group;
    },

    /** `version`: the one the admin read; a newer one refuses (409 VERSION_CONFLICT). */
    async update(actor: Actor, groupId: string, input: GroupInput, version?: number): Promise<GroupRecord> {
      requireAdmin(actor);
      const before = await mustGet(actor, groupId);
      if (version !== undefined && version !== before.version) groupConflictError(new GroupConflict('version'));
      const settings = validateGroupSettings(input, before);
      const fields = changedFields(before, settings);
      if (!fields) return before;
      const at = clock.now().toISOString();
      const { secondFactor: _drop, ...kept } = before;
      const after: GroupRecord = { ...kept, ...settings, updatedAt: at, version: before.version + 1 };
      try {
        await store.update(before, after, audit(actor, 'group.update', after, at, { fields }));
      } catch (e) {
        groupConflictError(e);
      }
      return after;
    },

    /** Refused (409 GROUP_HAS_MEMBERS) while anyone is in the group: the store checks the count in the delete itself. */
    async remove(actor: Actor, groupId: string): Promise<void> {
      requireAdmin(actor);
      const before = await mustGet(actor, groupId);
      if (before.memberCount > 0) groupConflictError(new GroupConflict('members'));
      try {
        await store.remove(before, audit(actor, 'group.delete', before, clock.now().toISOString()));
      } catch (e) {
        groupConflictError(e);
      }
    },
  };
}

export type GroupService = ReturnType<typeof createGroupService>;

import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/access/actor.js';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { createGroupService, GroupConflict, groupNameKey, MAX_GROUPS, type GroupRecord, type GroupStore } from '../../../functions/core/groups/service.js';

/** The store as the DynamoDB one behaves: name claims by key, a bounded count, versions, members block deletes. */
function fakeStore() {
  const groups = new Map<string, GroupRecord>();
  const audits: AuditEntry[] = [];
  const names = () => new Map([...groups.values()].map((g) => [`${g.companyId}|${groupNameKey(g.name)}`, g.groupId]));
  const store: GroupStore = {
    async list(companyId) {
      return [...groups.values()].filter((g) => g.companyId === companyId).map((g) => ({ ...g }));
    },
    async get(companyId, groupId) {
      const g = groups.get(groupId);
      return g && g.companyId === companyId ? { ...g } : undefined;
    },
    async create(group, max, audit) {
      if (names().has(`${group.companyId}|${groupNameKey(group.name)}`)) throw new GroupConflict('name');
      if ((await store.list(group.companyId)).length >= max) throw new GroupConflict('limit');
      groups.set(group.groupId, { ...group });
      audits.push(audit);
    },
    async update(before, after, audit) {
      const now = groups.get(before.groupId);
      if (!now) throw new GroupConflict('gone');
      if (now.version !== before.version) throw new GroupConflict('version');
      const holder = names().get(`${after.companyId}|${groupNameKey(after.name)}`);
      if (holder && holder !== after.groupId) throw new GroupConflict('name');
      groups.set(after.groupId, { ...after, memberCount: now.memberCount });
      audits.push(audit);
    },
    async remove(before, audit) {
      const now = groups.get(before.groupId);
      if (!now) throw new GroupConflict('gone');
      if (now.memberCount > 0) throw new GroupConflict('members');
      groups.delete(before.groupId);
      audits.push(audit);
    },
  };
  return { store, groups, audits };
}

function world() {
  const fake = fakeStore();
  let n = 0;
  const service = createGroupService({ store: fake.store, clock: { now: () => new Date('2026-12-01T00:00:00Z') }, ids: { next: () => `ID${String(++n).padStart(24, '0')}` } });
  return { ...fake, service };
}

const actor = (role: Actor['role'], companyId = 'c1'): Actor => ({ accountId: `a-${role}`, companyId, loginId: role, role, displayName: role });
const admin = actor('admin');
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { statusCode: number; code: string; details?: { field?: string } }) => `${e.statusCode} ${e.code}${e.details?.field ? ` ${e.details.field}` : ''}`);

describe('グループ設定: the rules', () => {
  it('makes a new group password only, in Asia/Tokyo and Japanese, and audits it', async () => {
    const w = world();
    const g = await w.service.create(admin, { name: '  本社   営業部 ' });
    expect(g).toMatchObject({ name: '本社 営業部', firstFactor: 'password', timeZone: 'Asia/Tokyo', language: 'ja', memberCount: 0, version: 1 });
    expect(g.secondFactor).toBeUndefined();
    expect(w.audits).toEqual([expect.objectContaining({ action: 'group.create', target: '本社 営業部', actor: 'admin', detail: { group: g.groupId } })]);
  });

  it('takes names of 1 to 50 characters, unique per company whatever their width and case', async () => {
    const w = world();
    expect(await code(w.service.create(admin, { name: '' }))).toBe('400 VALIDATION name');
    expect(await code(w.service.create(admin, { name: ' \u3000 ' }))).toBe('400 VALIDATION name');
    expect(await code(w.service.create(admin, { name: 'あ'.repeat(51) }))).toBe('400 VALIDATION name');
    expect(await code(w.service.create(admin, { name: 'あ'.repeat(50) }))).toBe('ok');
    expect(await code(w.service.create(admin, { name: '\u200B\u200B' }))).toBe('400 VALIDATION name');
    expect(await code(w.service.create(admin, { name: '本社\u202Eevil' }))).toBe('400 VALIDATION name');
    expect(await code(w.service.create(admin, { name: 'tab\u0007bell' }))).toBe('400 VALIDATION name');
    await w.service.create(admin, { name: 'Tokyo Office' });
    expect(await code(w.service.create(admin, { name: 'ＴＯＫＹＯ\u3000office' }))).toBe('409 GROUP_NAME_TAKEN name');
    // Another company may use the same name.
    expect(await code(w.service.create(actor('admin', 'c2'), { name: 'Tokyo Office' }))).toBe('ok');
  });

  it('takes a second factor only when it is the other one; a valid IANA zone; ja or en', async () => {
    const w = world();
    expect(await code(w.service.create(admin, { name: 'a', firstFactor: 'otp', secondFactor: 'otp' }))).toBe('400 VALIDATION secondFactor');
    expect(await code(w.service.create(admin, { name: 'a', firstFactor: 'sms' }))).toBe('400 VALIDATION firstFactor');
    expect(await code(w.service.create(admin, { name: 'a', timeZone: 'Asia/Nowhere' }))).toBe('400 VALIDATION timeZone');
    expect(await code(w.service.create(admin, { name: 'a', timeZone: '../../etc' }))).toBe('400 VALIDATION timeZone');
    expect(await code(w.service.create(admin, { name: 'a', language: 'fr' }))).toBe('400 VALIDATION language');
    const both = await w.service.create(admin, { name: 'b', firstFactor: 'otp', secondFactor: 'password', timeZone: 'Europe/London', language: 'en' });
    expect(both).toMatchObject({ firstFactor: 'otp', secondFactor: 'password', timeZone: 'Europe/London', language: 'en' });
    // Turning the first into what the second was drops the second rather than asking for one factor twice.
    const edited = await w.service.update(admin, both.groupId, { firstFactor: 'password' });
    expect(edited.firstFactor).toBe('password');
    expect(edited.secondFactor).toBeUndefined();
    expect((await w.service.update(admin, both.groupId, { secondFactor: 'otp' })).secondFactor).toBe('otp');
    expect((await w.service.update(admin, both.groupId, { secondFactor: null })).secondFactor).toBeUndefined();
  });

  it('audits an edit with the fields it changed, and writes nothing for an edit that changes nothing', async () => {
    const w = world();
    const g = await w.service.create(admin, { name: 'a' });
    await w.service.update(admin, g.groupId, { name: 'a' });
    expect(w.audits).toHaveLength(1);
    const after = await w.service.update(admin, g.groupId, { name: 'b', timeZone: 'UTC' }, 1);
    expect(after.version).toBe(2);
    expect(w.audits[1]).toMatchObject({ action: 'group.update', detail: { fields: 'name,timeZone' } });
    expect(await code(w.service.update(admin, g.groupId, { name: 'c' }, 1))).toBe('409 VERSION_CONFLICT');
  });

  it('refuses to delete a group with members, with words that say what to do', async () => {
    const w = world();
    const g = await w.service.create(admin, { name: 'a' });
    w.groups.get(g.groupId)!.memberCount = 3;
    await expect(w.service.remove(admin, g.groupId)).rejects.toMatchObject({ statusCode: 409, code: 'GROUP_HAS_MEMBERS', messages: { ja: expect.stringContaining('グループから外す') } });
    w.groups.get(g.groupId)!.memberCount = 0;
    await w.service.remove(admin, g.groupId);
    expect(w.audits.at(-1)).toMatchObject({ action: 'group.delete' });
    expect(await code(w.service.remove(admin, g.groupId))).toBe('404 NOT_FOUND');
  });

  it(`bounds a company to ${MAX_GROUPS} groups and says so`, async () => {
    const w = world();
    for (let i = 0; i < MAX_GROUPS; i++) await w.service.create(admin, { name: `g${i}` });
    await expect(w.service.create(admin, { name: 'one more' })).rejects.toMatchObject({ statusCode: 409, code: 'TOO_MANY_GROUPS', messages: { ja: expect.stringContaining(String(MAX_GROUPS)) } });
  });

  it('lets admins change, viewers read, employees nothing; another company sees none of it', async () => {
    const w = world();
    const g = await w.service.create(admin, { name: 'a' });
    expect(await w.service.list(actor('viewer'))).toHaveLength(1);
    expect(await code(w.service.create(actor('viewer'), { name: 'v' }))).toBe('403 FORBIDDEN');
    expect(await code(w.service.update(actor('viewer'), g.groupId, { name: 'v' }))).toBe('403 FORBIDDEN');
    expect(await code(w.service.remove(actor('viewer'), g.groupId))).toBe('403 FORBIDDEN');
    expect(await code(w.service.list(actor('employee')))).toBe('403 FORBIDDEN');
    const other = actor('admin', 'c2');
    expect(await w.service.list(other)).toEqual([]);
    expect(await code(w.service.update(other, g.groupId, { name: 'x' }))).toBe('404 NOT_FOUND');
    expect(await code(w.service.remove(other, g.groupId))).toBe('404 NOT_FOUND');
  });
});

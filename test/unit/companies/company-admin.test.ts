import { describe, expect, it } from 'vitest';
import { SUPPORT_TENANT, type Actor } from '../../../functions/core/access/actor.js';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { createCompanyAdminService } from '../../../functions/core/companies/company-admin.js';
import { createSettingsService, DEFAULT_SETTINGS, type CompanySettings } from '../../../functions/core/companies/settings.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import type { MfaOwner } from '../../../functions/core/mfa/mfa-lock.js';
import { errorOf } from '../../support/error-of.js';
import { storedEmployee } from '../employees/helpers.js';

const ops: Actor = { accountId: 'S1', companyId: SUPPORT_TENANT, loginId: 'ops', role: 'support', displayName: 'サポート', sourceIp: '192.0.2.9' };
const admin: Actor = { accountId: 'A1', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '' };
const viewer: Actor = { ...admin, accountId: 'V1', loginId: 'viewer', role: 'viewer' };
const company = { id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '' };

function settingsWorld() {
  const saved: Array<{ companyId: string; settings: CompanySettings; audit: AuditEntry }> = [];
  const stored: Record<string, Partial<CompanySettings>> = { C1: { timeZone: 'Asia/Tokyo' } };
  const service = createSettingsService({
    store: { get: async (id) => stored[id], save: async (companyId, settings, audit) => void (saved.push({ companyId, settings, audit }), (stored[companyId] = settings)) },
    clock: { now: () => new Date('2026-12-02T01:00:00Z') },
    ids: { next: () => 'ID1' },
  });
  return { service, saved };
}

describe('client settings (support only)', () => {
  it('support sets the link and the permission, audited in the company log naming the operator', async () => {
    const w = settingsWorld();
    const after = await w.service.setClientSettings(ops, 'C1', { attendanceLink: { enabled: true, breaks: false }, adminMayDeleteMfa: true });
    expect(after).toMatchObject({ attendanceLink: { enabled: true, breaks: false }, adminMayDeleteMfa: true, timeZone: 'Asia/Tokyo', language: 'ja' });
    expect(w.saved[0]!.audit).toEqual({
      id: 'ID1', companyId: 'C1', at: '2026-12-02T01:00:00.000Z', actor: 'support/ops', actorAccountId: 'S1', action: 'support.client-settings.update',
      target: 'C1', result: 'success', sourceIp: '192.0.2.9', detail: { operator: 'ops', role: 'support', attendanceLink: 'clock', adminMayDeleteMfa: true },
    });
  });

  it('refuses admins, breaks without the link, and an unknown company', async () => {
    const w = settingsWorld();
    const on = { attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: false };
    expect((await errorOf(w.service.setClientSettings(admin, 'C1', on))).code).toBe('FORBIDDEN');
    expect((await errorOf(w.service.setClientSettings(ops, 'C1', { ...on, attendanceLink: { enabled: false, breaks: true } }))).code).toBe('BREAKS_WITHOUT_LINK');
    expect((await errorOf(w.service.setClientSettings(ops, 'C9', on))).statusCode).toBe(404);
    expect(w.saved).toEqual([]);
  });
});

function world(settings: Partial<CompanySettings> = {}) {
  const people: Employee[] = [
    storedEmployee({ id: 'E3', companyId: 'C1', employeeCode: '0003', loginId: 'viewer2', role: 'viewer', familyName: '閲覧', givenName: '三郎' }),
    storedEmployee({ id: 'E1', companyId: 'C1', employeeCode: '0009', loginId: 'boss', role: 'admin', familyName: '管理', givenName: '太郎' }),
    storedEmployee({ id: 'E2', companyId: 'C1', employeeCode: '0002', loginId: 'gone', role: 'admin', deleted: true }),
    storedEmployee({ id: 'E4', companyId: 'C1', employeeCode: '0004', loginId: 'taro', role: 'employee', mfaStatus: 'active' }),
  ];
  const removed: Array<[MfaOwner, string, string]> = [];
  const service = createCompanyAdminService({
    directory: {
      company: async (id) => (id === 'C1' ? company : undefined),
      settings: async () => ({ ...DEFAULT_SETTINGS, ...settings }),
      staff: async () => people.filter((e) => e.role !== 'employee'),
      employee: async (cid, id) => people.find((e) => e.companyId === cid && e.id === id),
    },
    mfa: { removeByAdmin: async (owner, actor, target) => (removed.push([owner, actor.loginId, target]), true) },
  });
  return { service, removed };
}

describe('企業情報 and 管理者設定', () => {
  it('tells the company facts to readers', async () => {
    const w = world({ attendanceLink: { enabled: true, breaks: true }, language: 'en' });
    expect(await w.service.info(viewer)).toEqual({ id: 'C1', code: 'demo', name: '株式会社デモ', attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: false, language: 'en', timeZone: 'Asia/Tokyo' });
    expect((await errorOf(w.service.info({ ...ops }))).code).toBe('FORBIDDEN');
  });

  it('lists live admins first, then viewers, each by employee code', async () => {
    const w = world();
    expect((await w.service.staff(viewer)).map((m) => [m.loginId, m.role, m.name])).toEqual([
      ['boss', 'admin', '管理 太郎'],
      ['viewer2', 'viewer', '閲覧 三郎'],
    ]);
  });
});

describe('認証情報の削除', () => {
  it('is refused unless support allowed it, and to viewers', async () => {
    const off = world();
    const e = await errorOf(off.service.deleteMfa(admin, 'E4'));
    expect([e.statusCode, e.code]).toEqual([403, 'MFA_DELETE_NOT_ALLOWED']);
    const on = world({ adminMayDeleteMfa: true });
    expect((await errorOf(on.service.deleteMfa(viewer, 'E4'))).code).toBe('FORBIDDEN');
    expect(on.removed).toEqual([]);
  });

  it('forgets the named employee\'s factor where allowed; unknown or deleted employees are 404', async () => {
    const w = world({ adminMayDeleteMfa: true });
    expect(await w.service.deleteMfa(admin, 'E4')).toEqual({ mfaStatus: 'none' });
    expect(w.removed).toEqual([[{ kind: 'employee', companyId: 'C1', accountId: 'E4' }, 'admin', '0004']]);
    expect((await errorOf(w.service.deleteMfa(admin, 'E2'))).statusCode).toBe(404);
    expect((await errorOf(w.service.deleteMfa({ ...admin, companyId: 'C2' }, 'E4'))).statusCode).toBe(404);
  });
});

import type { Actor } from '../access/actor.js';
import { requireAdmin, requireSupport } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { badRequest, notFound } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { DEFAULT_TIME_ZONE } from '../shared/time-zone.js';
import type { MfaEnforcement } from '../mfa/enforcement.js';
import { ATTENDANCE_LINK_OFF, type AttendanceLink } from '../attendance/clock.js';
import type { GroupLanguage } from '../groups/group.js';

/** 基本設定 › アカウント: how a company hands out accounts. */
export interface CompanySettings {
  /** 通知方法: PDF notices or mail verification. */
  notificationMethod: 'pdf' | 'mail';
  /** Days a verification-request link stays valid, counted from sending (1–14). */
  verificationValidityDays: number;
  /** Days a temporary password may be used for the first sign-in. */
  temporaryPasswordValidityDays: number;
  /**
   * 基本設定 › ログイン設定: 「私用メールアドレスの登録用パスワードに従業員の誕生日を設定する」. The
   * registration password is then the birth date (yyyymmdd), which colleagues may know: the
   * settings screen says so before it is saved; the attempt limits stay the same.
   */
  registrationPasswordFromBirthDate: boolean;
  /** 基本設定 › ログ: the zone log times are shown and exported in (IANA name); groups may override it later. */
  timeZone: string;
  /** 基本設定 › ログ: days audit entries are kept; older ones are removed and cannot be searched. */
  auditRetentionDays: number;
  /** セキュリティ設定 › 2段階認証: optional for everyone, or required of internal accounts. */
  mfaEnforcement: MfaEnforcement;
  /** 企業情報: the company's default language (ja or en); groups may override it for their members. */
  language: GroupLanguage;
  /** 打刻連携: set by support only (admins read it). */
  attendanceLink: AttendanceLink;
  /** 「管理者による認証情報の削除を許可する」: set by support only; off leaves deleting a TOTP registration to support. */
  adminMayDeleteMfa: boolean;
}

export const SETTINGS_LIMITS = {
  verificationValidityDays: { min: 1, max: 14 },
  temporaryPasswordValidityDays: { min: 1, max: 90 },
  // At least 100 days: the log view searches up to 100 days back. At most five years: what
  // Japanese labour law asks attendance records to be kept (労働基準法 109条).
  auditRetentionDays: { min: 100, max: 1830 },
} as const;

/**
 * Defaults from the source help pages (PDF, 7 days). The temporary password lasts 14 days: a
 * printed notice is handed over in person, often across a week of leave or a holiday, and after
 * two weeks a notice lying around is more likely lost than still on its way; reissue is one click.
 */
export const DEFAULT_SETTINGS: CompanySettings = {
  notificationMethod: 'pdf',
  verificationValidityDays: 7,
  temporaryPasswordValidityDays: 14,
  registrationPasswordFromBirthDate: false,
  timeZone: DEFAULT_TIME_ZONE,
  // A little over a year: last year's whole log stays for the yearly security review.
  auditRetentionDays: 400,
  mfaEnforcement: 'optional',
  language: 'ja',
  attendanceLink: ATTENDANCE_LINK_OFF,
  adminMayDeleteMfa: false,
};

/** The settings only support sets (the help page reserves them): 打刻連携 and admins' deleting of a TOTP registration. */
export interface ClientSettings {
  attendanceLink: AttendanceLink;
  adminMayDeleteMfa: boolean;
}

const BREAKS_WITHOUT_LINK = badRequest('BREAKS_WITHOUT_LINK', {
  ja: '休憩の打刻は、ログオン・ログオフを出勤・退勤にする設定と一緒にしか選べません。',
  en: 'Breaks can only be counted when logon and logoff count as clock-in and clock-out.',
});

/** Port: a company's settings, saved with the audit entry of the change. */
export interface SettingsStore {
  get(companyId: string): Promise<Partial<CompanySettings> | undefined>;
  save(companyId: string, settings: CompanySettings, audit: AuditEntry): Promise<void>;
}

export function createSettingsService({ store, clock, ids }: { store: SettingsStore; clock: Clock; ids: Ids }) {
  async function current(companyId: string): Promise<CompanySettings> {
    const stored = await store.get(companyId);
    if (!stored) throw notFound({ ja: '会社が見つかりません。', en: 'Company not found.' });
    return { ...DEFAULT_SETTINGS, ...stored };
  }

  return {
    /** The settings every issuance reads; defaults fill what a company never set. */
    current,

    async get(actor: Actor): Promise<CompanySettings> {
      requireAdmin(actor);
      return current(actor.companyId);
    },

    async update(actor: Actor, change: Partial<CompanySettings>): Promise<CompanySettings> {
      requireAdmin(actor);
      const before = await current(actor.companyId);
      const after = { ...before, ...change };
      const changed = (Object.keys(change) as Array<keyof CompanySettings>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      await store.save(actor.companyId, after, {
        id: ids.next(),
        companyId: actor.companyId,
        at: clock.now().toISOString(),
        actor: actor.loginId,
        actorAccountId: actor.accountId,
        action: 'company.settings.update',
        target: actor.companyId,
        result: 'success',
        sourceIp: actor.sourceIp,
        detail: Object.fromEntries(changed.map((k) => [k, detailValue(after[k])])),
      });
      return after;
    },

    /**
     * Support only: sets 打刻連携 and 「管理者による認証情報の削除を許可する」 of any company, audited in
     * that company's log naming the operator. Breaks count only with the link on.
     */
    async setClientSettings(operator: Actor, companyId: string, change: ClientSettings): Promise<CompanySettings> {
      requireSupport(operator);
      if (change.attendanceLink.breaks && !change.attendanceLink.enabled) throw BREAKS_WITHOUT_LINK;
      const before = await current(companyId);
      const after: CompanySettings = { ...before, attendanceLink: { enabled: change.attendanceLink.enabled, breaks: change.attendanceLink.breaks }, adminMayDeleteMfa: change.adminMayDeleteMfa };
      await store.save(companyId, after, {
        id: ids.next(),
        companyId,
        at: clock.now().toISOString(),
        actor: `support/${operator.loginId}`,
        actorAccountId: operator.accountId,
        action: 'support.client-settings.update',
        target: companyId,
        result: 'success',
        sourceIp: operator.sourceIp,
        detail: { operator: operator.loginId, role: 'support', attendanceLink: attendanceLinkName(after.attendanceLink), adminMayDeleteMfa: after.adminMayDeleteMfa },
      });
      return after;
    },
  };
}

/** 打刻連携 in one word, for the log: off, clock (出勤・退勤), or clock+breaks (with 休憩). */
export const attendanceLinkName = (link: AttendanceLink): 'off' | 'clock' | 'clock+breaks' => (!link.enabled ? 'off' : link.breaks ? 'clock+breaks' : 'clock');

/** An audit detail holds plain values: a setting made of parts is written as its JSON. */
const detailValue = (v: CompanySettings[keyof CompanySettings]): string | number | boolean => (typeof v === 'object' ? JSON.stringify(v) : v);

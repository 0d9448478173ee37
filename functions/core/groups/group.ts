/**
 * Groups (グループ設定): how the employees of a group prove who they are at the PC logon client,
 * and the time zone and language the client and their history use (DESIGN.md §5c).
 * Pure data and small rules: the web bundles it too.
 */
import { DEFAULT_TIME_ZONE } from '../shared/time-zone.js';

/** A factor the PC logon client can ask for: the kagi password or the account's TOTP code. */
export type Factor = 'password' | 'otp';
export const FACTORS = ['password', 'otp'] as const satisfies readonly Factor[];

export type GroupLanguage = 'ja' | 'en';
export const GROUP_LANGUAGES = ['ja', 'en'] as const satisfies readonly GroupLanguage[];

export const GROUP_NAME_MAX = 50;

/** What an admin sets on a group. `secondFactor`, when set, is the other factor. */
export interface GroupSettings {
  name: string;
  firstFactor: Factor;
  secondFactor?: Factor;
  /** IANA zone name: the client's messages and the member's per-user history use it. */
  timeZone: string;
  language: GroupLanguage;
}

export interface Group extends GroupSettings {
  groupId: string;
  companyId: string;
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency counter, as on employees. */
  version: number;
}

/** A new group: password only, as the source help page says. */
export const NEW_GROUP_DEFAULTS: Omit<GroupSettings, 'name'> = {
  firstFactor: 'password',
  timeZone: DEFAULT_TIME_ZONE,
  language: 'ja',
};

/**
 * What a logon or unlock must prove. An employee in no group may use either factor alone; a
 * group's members give its first factor, then its second when it has one.
 */
export type LogonRequirement = { kind: 'either' } | { kind: 'sequence'; factors: readonly Factor[] };

export function logonRequirement(group?: Pick<GroupSettings, 'firstFactor' | 'secondFactor'>): LogonRequirement {
  if (!group) return { kind: 'either' };
  const factors = group.secondFactor && group.secondFactor !== group.firstFactor ? [group.firstFactor, group.secondFactor] : [group.firstFactor];
  return { kind: 'sequence', factors };
}

/** Port: the group an employee belongs to (the employee item's `groupId`), if any. */
export interface GroupDirectory {
  groupOfEmployee(companyId: string, employeeId: string): Promise<Group | undefined>;
}

/**
 * 打刻連携: which PC logon client events count as clock events, and the port they are published
 * through. Publishing is at least once; consumers dedupe by `eventId` (the client's own id).
 */

/** What the PC logon client reports. */
export type ClientEventType = 'logon' | 'logoff' | 'lock' | 'unlock';
export const CLIENT_EVENT_TYPES = ['logon', 'logoff', 'lock', 'unlock'] as const satisfies readonly ClientEventType[];

/** 出勤 · 退勤 · 休憩開始 · 休憩終了. */
export type ClockKind = 'clock-in' | 'clock-out' | 'break-start' | 'break-end';

/** The company's attendance link, set by support only; admins read it on 企業情報. */
export interface AttendanceLink {
  /** Logon and logoff count as 出勤 and 退勤. */
  enabled: boolean;
  /** With `enabled`, lock and unlock also count as 休憩開始 and 休憩終了. */
  breaks: boolean;
}

export const ATTENDANCE_LINK_OFF: AttendanceLink = { enabled: false, breaks: false };

const KIND_OF: Record<ClientEventType, { kind: ClockKind; break: boolean }> = {
  logon: { kind: 'clock-in', break: false },
  logoff: { kind: 'clock-out', break: false },
  lock: { kind: 'break-start', break: true },
  unlock: { kind: 'break-end', break: true },
};

/** The clock kind an event counts as under the company's link, or undefined when it does not count. */
export function clockKindOf(type: ClientEventType, link: AttendanceLink): ClockKind | undefined {
  if (!link.enabled) return undefined;
  const k = KIND_OF[type];
  return k.break && !link.breaks ? undefined : k.kind;
}

/** One clock event as consumers receive it (the documented schema of the bus's `detail`). */
export interface ClockEvent {
  eventId: string;
  companyId: string;
  companyCode: string;
  employeeCode: string;
  kind: ClockKind;
  /** When it happened, as the client said (ISO 8601). */
  at: string;
  /** When kagi received it. */
  receivedAt: string;
}

/** Port: the bus clock events go out on (EventBridge in AWS, an in-process bus locally). */
export interface ClockBus {
  publish(events: readonly ClockEvent[]): Promise<void>;
}

import type { AuditAction, AuditEntry } from '../audit/audit-entry.js';
import { clockKindOf, type AttendanceLink, type ClientEventType, type ClockBus, type ClockEvent, type ClockKind } from '../attendance/clock.js';
import type { Employee } from '../employees/employee.js';
import type { Clock, Ids } from '../shared/ports.js';
import { DomainError } from '../shared/errors.js';
import type { Device } from './devices.js';

/**
 * The PC logon client's events (issue 12, items 4 and 5): logon, logoff, lock and unlock, queued
 * on the PC while offline and sent in batches. Each is stored once per (company, eventId) with
 * one audit entry written at the RECEIVED time (past days of the log are sealed by the daily
 * digest: an entry dated into a sealed day would look like tampering); the client's own time is
 * kept as given in `occurredAt`. An event the company's 打刻連携 counts is published as a
 * ClockEvent at least once: stored unpublished, published, then marked; consumers dedupe by eventId.
 */

export const EVENTS_PER_CALL_MAX = 50;
/** Client ids: ULIDs, UUIDs and the like; nothing longer, nothing that needs escaping. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** How far back an offline queue may reach (the 7 days). */
export const EVENT_MAX_AGE_MS = 7 * 86_400_000;
/** A PC clock a little ahead of the server's is no reason to lose an event. */
export const EVENT_FUTURE_SKEW_MS = 5 * 60_000;
/** Dedupe records outlive the oldest event a client may still send, with room. */
export const EVENT_RECORD_DAYS = 30;

export interface ClientEventInput {
  eventId: string;
  loginId: string;
  type: ClientEventType;
  /** ISO 8601 with an offset, as the PC's clock said. */
  at: string;
  /** How the employee proved who they were (password, otp, password+otp), when the client knows. */
  method?: string;
}

export type EventRefusal = 'too-old' | 'in-future' | 'bad-time' | 'unknown-login-id';

export type EventOutcome = { eventId: string; status: 'stored' | 'duplicate' } | { eventId: string; status: 'refused'; reason: EventRefusal };

/** The stored record of one event: the dedupe key, both times, and the publishing marker. */
export interface EventRecord {
  companyId: string;
  eventId: string;
  deviceId: string;
  accountId: string;
  type: ClientEventType;
  occurredAt: string;
  receivedAt: string;
  clockKind?: ClockKind;
  /** Only on counted events: false until the bus accepted it. */
  published?: boolean;
  /** The ClockEvent as published (counted events only), so a retry re-publishes the same thing. */
  clockEvent?: ClockEvent;
}

/** Port: event records, each written with its audit entry in one transaction. */
export interface EventStore {
  /** Writes the record and the entry; answers the record already there instead (and writes nothing) when the eventId is known. */
  record(record: EventRecord, audit: AuditEntry): Promise<{ stored: true } | { stored: false; existing: EventRecord }>;
  markPublished(companyId: string, eventId: string): Promise<void>;
}

export interface EventServiceDeps {
  store: EventStore;
  bus: ClockBus;
  directory: { employeeByLoginId(companyId: string, loginId: string): Promise<Employee | undefined> };
  company(companyId: string): Promise<{ code: string; attendanceLink: AttendanceLink } | undefined>;
  clock: Clock;
  ids: Ids;
  /** Records written at once (DynamoDB transactions in parallel). */
  concurrency?: number;
}

/** Whether an event's own time is acceptable now: at most 7 days back and a little ahead. */
export function timeRefusal(at: string, now: Date): EventRefusal | undefined {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) return 'bad-time';
  if (ms > now.getTime() + EVENT_FUTURE_SKEW_MS) return 'in-future';
  if (ms < now.getTime() - EVENT_MAX_AGE_MS) return 'too-old';
  return undefined;
}

/** The audit action of an event: `clock.*` when 打刻連携 counts it, else `client.*`. */
export const actionOf = (type: ClientEventType, kind: ClockKind | undefined): AuditAction => (kind ? `clock.${type}` : `client.${type}`);

async function inBatches<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}

const CLOCK_BUS_UNAVAILABLE = new DomainError(503, 'CLOCK_BUS_UNAVAILABLE', {
  ja: '打刻の送信に失敗しました。イベントは保存済みです。しばらくしてから、もう一度送信してください。',
  en: 'The clock events could not be sent on. The events are stored; send them again in a while.',
});

export function createEventService({ store, bus, directory, company, clock, ids, concurrency = 10 }: EventServiceDeps) {
  return {
    /**
     * Stores a batch; answers each event's outcome in order. A refused event is final (the client
     * drops it); stored and duplicate ones are safe to forget. Throws when the bus fails: the
     * client keeps its queue and sends again, and the retry publishes what is still unpublished.
     */
    async ingest(device: Device, events: readonly ClientEventInput[], origin: { sourceIp?: string }): Promise<EventOutcome[]> {
      const companyId = device.companyId;
      const receivedAt = clock.now();
      const settings = await company(companyId);
      const link = settings?.attendanceLink ?? { enabled: false, breaks: false };
      const people = new Map<string, Promise<Employee | undefined>>();
      const employeeOf = (loginId: string) => {
        const key = loginId.trim().toLowerCase();
        if (!people.has(key)) people.set(key, directory.employeeByLoginId(companyId, loginId.trim()).then((e) => (e && !e.deleted ? e : undefined)));
        return people.get(key)!;
      };
      const toPublish: ClockEvent[] = [];
      // The same eventId twice in one call: the first is the event, the others its retries.
      const firsts = new Set<string>();
      const repeats = new Set(events.filter((e) => (firsts.has(e.eventId) ? true : (firsts.add(e.eventId), false))));

      const outcomes = await inBatches(events, concurrency, async (event): Promise<EventOutcome> => {
        if (repeats.has(event)) return { eventId: event.eventId, status: 'duplicate' };
        const refusal = timeRefusal(event.at, receivedAt);
        if (refusal) return { eventId: event.eventId, status: 'refused', reason: refusal };
        const employee = await employeeOf(event.loginId);
        if (!employee) return { eventId: event.eventId, status: 'refused', reason: 'unknown-login-id' };
        const clockKind = clockKindOf(event.type, link);
        const received = receivedAt.toISOString();
        const clockEvent: ClockEvent | undefined = clockKind
          ? { eventId: event.eventId, companyId, companyCode: settings?.code ?? '', employeeCode: employee.employeeCode, kind: clockKind, at: event.at, receivedAt: received }
          : undefined;
        const record: EventRecord = {
          companyId,
          eventId: event.eventId,
          deviceId: device.deviceId,
          accountId: employee.id,
          type: event.type,
          occurredAt: event.at,
          receivedAt: received,
          ...(clockEvent ? { clockKind, published: false, clockEvent } : {}),
        };
        const entry: AuditEntry = {
          id: ids.next(),
          companyId,
          at: received,
          actor: employee.loginId,
          actorAccountId: employee.id,
          action: actionOf(event.type, clockKind),
          target: employee.employeeCode,
          targetAccountId: employee.id,
          result: 'success',
          sourceIp: origin.sourceIp,
          detail: {
            ...(event.method ? { method: event.method } : {}),
            device: device.hostname,
            deviceId: device.deviceId,
            eventId: event.eventId,
            occurredAt: event.at,
            ...(clockKind ? { clockKind } : {}),
          },
        };
        const written = await store.record(record, entry);
        if (written.stored) {
          if (clockEvent) toPublish.push(clockEvent);
          return { eventId: event.eventId, status: 'stored' };
        }
        // A retry: harmless, except that an event whose publishing did not finish goes out again.
        if (written.existing.published === false && written.existing.clockEvent) toPublish.push(written.existing.clockEvent);
        return { eventId: event.eventId, status: 'duplicate' };
      });

      if (toPublish.length > 0) {
        try {
          await bus.publish(toPublish);
        } catch {
          // Nothing is lost: the events stay stored and unpublished, and the client's retry publishes them.
          throw CLOCK_BUS_UNAVAILABLE;
        }
        await inBatches(toPublish, concurrency, (e) => store.markPublished(companyId, e.eventId));
      }
      return outcomes;
    },
  };
}

export type EventService = ReturnType<typeof createEventService>;

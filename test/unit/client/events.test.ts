import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import type { ClockEvent } from '../../../functions/core/attendance/clock.js';
import { createEventService, timeRefusal, type EventRecord, type EventStore } from '../../../functions/core/client/events.js';
import type { Device } from '../../../functions/core/client/devices.js';
import type { Employee } from '../../../functions/core/employees/employee.js';

const NOW = new Date('2026-12-02T03:00:00.000Z');
const device: Device = { deviceId: 'D1', companyId: 'C1', hostname: 'PC-01', authentication: true, enrolledAt: '2026-12-01T00:00:00Z', keyId: 'K1' };
const hanako = { id: 'E1', companyId: 'C1', loginId: 'hanako', employeeCode: '0001', deleted: false } as unknown as Employee;

function memoryStore() {
  const records = new Map<string, EventRecord>();
  const audit: AuditEntry[] = [];
  const store: EventStore = {
    async record(record, entry) {
      const existing = records.get(record.eventId);
      if (existing) return { stored: false, existing: { ...existing } };
      records.set(record.eventId, { ...record });
      audit.push(entry);
      return { stored: true };
    },
    async markPublished(_c, eventId) {
      records.get(eventId)!.published = true;
    },
  };
  return { store, records, audit };
}

function setup(link = { enabled: true, breaks: false }, failBus = { times: 0 }) {
  const mem = memoryStore();
  const published: ClockEvent[] = [];
  let n = 0;
  const service = createEventService({
    store: mem.store,
    bus: {
      async publish(events) {
        if (failBus.times > 0) {
          failBus.times--;
          throw new Error('bus down');
        }
        published.push(...events);
      },
    },
    directory: { employeeByLoginId: async (_c, loginId) => (loginId === 'hanako' ? hanako : undefined) },
    company: async () => ({ code: 'demo', attendanceLink: link }),
    clock: { now: () => NOW },
    ids: { next: () => `ID${++n}` },
  });
  return { ...mem, published, service };
}

const ev = (eventId: string, type: 'logon' | 'logoff' | 'lock' | 'unlock', at = NOW.toISOString()) => ({ eventId, loginId: 'hanako', type, at });

describe('timeRefusal', () => {
  it('takes up to 7 days back and 5 minutes ahead', () => {
    expect(timeRefusal(new Date(NOW.getTime() - 7 * 86_400_000 + 1000).toISOString(), NOW)).toBeUndefined();
    expect(timeRefusal(new Date(NOW.getTime() - 7 * 86_400_000 - 1000).toISOString(), NOW)).toBe('too-old');
    expect(timeRefusal(new Date(NOW.getTime() + 4 * 60_000).toISOString(), NOW)).toBeUndefined();
    expect(timeRefusal(new Date(NOW.getTime() + 6 * 60_000).toISOString(), NOW)).toBe('in-future');
    expect(timeRefusal('not a time', NOW)).toBe('bad-time');
  });
});

describe('event ingestion', () => {
  it('stores each eventId once, dates the audit entry at receipt and keeps the client time as given', async () => {
    const { service, audit, records } = setup({ enabled: false, breaks: false });
    const at = '2026-11-29T09:00:00+09:00';
    expect(await service.ingest(device, [ev('evt-00000001', 'lock', at)], {})).toEqual([{ eventId: 'evt-00000001', status: 'stored' }]);
    expect(await service.ingest(device, [ev('evt-00000001', 'lock', at)], {})).toEqual([{ eventId: 'evt-00000001', status: 'duplicate' }]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'client.lock', at: NOW.toISOString(), detail: { occurredAt: at, device: 'PC-01', deviceId: 'D1', eventId: 'evt-00000001' } });
    expect(records.get('evt-00000001')).toMatchObject({ occurredAt: at, receivedAt: NOW.toISOString() });
  });

  it('counts logon and logoff as 出勤 and 退勤 under the link (breaks only when it says so) and publishes each once', async () => {
    const { service, audit, published } = setup();
    await service.ingest(device, [ev('evt-in-0001', 'logon'), ev('evt-out-001', 'logoff'), ev('evt-lock-01', 'lock')], {});
    expect(audit.map((a) => [a.action, a.detail?.clockKind])).toEqual([
      ['clock.logon', 'clock-in'],
      ['clock.logoff', 'clock-out'],
      ['client.lock', undefined],
    ]);
    expect(published.map((e) => [e.eventId, e.kind, e.employeeCode, e.companyCode])).toEqual([
      ['evt-in-0001', 'clock-in', '0001', 'demo'],
      ['evt-out-001', 'clock-out', '0001', 'demo'],
    ]);
    await service.ingest(device, [ev('evt-in-0001', 'logon')], {});
    expect(published).toHaveLength(2);
  });

  it('a bus failure leaves the event unpublished; the retry publishes it (at least once), and then no more', async () => {
    const fail = { times: 1 };
    const { service, published, records } = setup({ enabled: true, breaks: true }, fail);
    await expect(service.ingest(device, [ev('evt-brk-001', 'lock')], {})).rejects.toMatchObject({ statusCode: 503, code: 'CLOCK_BUS_UNAVAILABLE' });
    expect(records.get('evt-brk-001')?.published).toBe(false);
    expect(await service.ingest(device, [ev('evt-brk-001', 'lock')], {})).toEqual([{ eventId: 'evt-brk-001', status: 'duplicate' }]);
    expect(published.map((e) => e.kind)).toEqual(['break-start']);
    expect(records.get('evt-brk-001')?.published).toBe(true);
    await service.ingest(device, [ev('evt-brk-001', 'lock')], {});
    expect(published).toHaveLength(1);
  });

  it('refuses an unknown login ID and treats a repeat inside one batch as a duplicate', async () => {
    const { service, audit } = setup({ enabled: false, breaks: false });
    const out = await service.ingest(device, [ev('evt-rep-001', 'logon'), ev('evt-rep-001', 'logon'), { ...ev('evt-who-001', 'logon'), loginId: 'nobody' }], {});
    expect(out).toEqual([
      { eventId: 'evt-rep-001', status: 'stored' },
      { eventId: 'evt-rep-001', status: 'duplicate' },
      { eventId: 'evt-who-001', status: 'refused', reason: 'unknown-login-id' },
    ]);
    expect(audit).toHaveLength(1);
  });
});

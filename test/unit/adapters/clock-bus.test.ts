import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClockEvent } from '../../../functions/core/attendance/clock.js';
import { ClockBusFailed, createEventBridgeClockBus } from '../../../functions/adapters/eventbridge/clock-bus.js';

const eventBridge = mockClient(EventBridgeClient);
beforeEach(() => eventBridge.reset());

const event = (i: number): ClockEvent => ({
  eventId: `evt-${String(i).padStart(4, '0')}`,
  companyId: 'C1',
  companyCode: 'demo',
  employeeCode: '0001',
  kind: 'clock-in',
  at: '2026-12-02T08:59:00+09:00',
  receivedAt: '2026-12-02T00:00:05.000Z',
});

describe('the EventBridge clock bus', () => {
  it('puts each event on the bus as source kagi.attendance, detail-type ClockEvent, detail = the event, ten a call', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    await createEventBridgeClockBus('kagi-clock', new EventBridgeClient({ region: 'ap-northeast-1' })).publish(Array.from({ length: 23 }, (_, i) => event(i)));
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 10, 3]);
    const first = calls[0]!.args[0].input.Entries![0]!;
    expect(first).toMatchObject({ EventBusName: 'kagi-clock', Source: 'kagi.attendance', DetailType: 'ClockEvent' });
    expect(JSON.parse(first.Detail!)).toEqual(event(0));
    expect(first.Time).toEqual(new Date('2026-12-02T08:59:00+09:00'));
  });

  it('throws when EventBridge refuses any entry, so the events stay unpublished and a retry sends them again', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    await expect(createEventBridgeClockBus('kagi-clock', new EventBridgeClient({ region: 'ap-northeast-1' })).publish([event(1)])).rejects.toThrow(ClockBusFailed);
  });
});

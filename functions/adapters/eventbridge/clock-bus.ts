import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { ClockBus, ClockEvent } from '../../core/attendance/clock.js';
import { requireEnv } from '../../shared/env.js';
import { countCallsOf } from '../call-counter.js';

/**
 * The bus clock events go out on. In AWS: the stack's EventBridge bus, by PutEvents (source
 * `kagi.attendance`, detail-type `ClockEvent`, detail = the ClockEvent). Locally: the runtime's
 * in-process bus (bin/local/clock-bus.ts), which tests read. This module is imported only by the
 * client handler's wiring, so no other bundle carries the EventBridge client.
 */
export const CLOCK_EVENT_SOURCE = 'kagi.attendance';
export const CLOCK_EVENT_DETAIL_TYPE = 'ClockEvent';
/** PutEvents takes at most 10 entries a call. */
const PUT_EVENTS_MAX = 10;

let local: ClockBus | undefined;
/** Local runtime only: publish on the in-process bus instead of EventBridge. */
export function useLocalClockBus(bus: ClockBus): void {
  local = bus;
}

export class ClockBusFailed extends Error {}

export function createEventBridgeClockBus(busName: string, client: EventBridgeClient = countCallsOf(new EventBridgeClient({}), 'EventBridge')): ClockBus {
  return {
    async publish(events: readonly ClockEvent[]) {
      for (let i = 0; i < events.length; i += PUT_EVENTS_MAX) {
        const slice = events.slice(i, i + PUT_EVENTS_MAX);
        const out = await client.send(
          new PutEventsCommand({
            Entries: slice.map((e) => ({ EventBusName: busName, Source: CLOCK_EVENT_SOURCE, DetailType: CLOCK_EVENT_DETAIL_TYPE, Detail: JSON.stringify(e), Time: new Date(e.at) })),
          }),
        );
        // A partial failure leaves the events unpublished: the caller does not mark them, and a retry sends them again.
        if (out.FailedEntryCount) throw new ClockBusFailed(`EventBridge refused ${out.FailedEntryCount} of ${slice.length} clock events`);
      }
    },
  };
}

let eventBridge: ClockBus | undefined;
/** The bus, resolved at first publish (the local one when the runtime set it). */
export function clockBus(): ClockBus {
  return {
    publish(events) {
      eventBridge ??= local ? undefined : createEventBridgeClockBus(requireEnv('clockBusName'));
      return (local ?? eventBridge!).publish(events);
    },
  };
}

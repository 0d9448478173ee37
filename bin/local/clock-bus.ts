import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { ClockBus, ClockEvent } from '../../functions/core/attendance/clock.js';

/**
 * The local runtime's stand-in for the EventBridge bus of clock events: every published event is
 * appended, one JSON line each, to `clock-events.jsonl` in the data folder (what an attendance
 * system subscribed to the bus would receive, duplicates included), and tests read it back
 * through POST /__local/clock-events.
 */
export function createLocalClockBus(file: string): ClockBus & { published(): ClockEvent[] } {
  return {
    async publish(events) {
      if (events.length > 0) appendFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    },
    published() {
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as ClockEvent);
    },
  };
}

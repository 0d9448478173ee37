import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { OneTimeSchedules, RegistrationExpiryPayload } from '../../functions/core/registration/issuance.js';

interface Pending {
  name: string;
  at: string;
  payload: RegistrationExpiryPayload;
}

/**
 * EventBridge Scheduler's one-time schedules, played by the local runtime: kept in a file of the
 * data folder (so they survive a restart), fired by the runtime's timer once the service's clock
 * (which tests may move) reaches them, and deleted after they run, as ActionAfterCompletion DELETE does.
 */
export function createLocalSchedules(file: string, fire: (payload: RegistrationExpiryPayload) => Promise<unknown>) {
  const load = (): Pending[] => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Pending[]) : []);
  const save = (pending: Pending[]) => writeFileSync(file, JSON.stringify(pending, null, 1));
  let running: Promise<number> | undefined;

  const schedules: OneTimeSchedules = {
    async at(name, at, payload) {
      const pending = load();
      if (pending.some((p) => p.name === name)) return;
      save([...pending, { name, at, payload }]);
    },
  };

  async function runDue(now: Date): Promise<number> {
    const due = load().filter((p) => Date.parse(p.at) <= now.getTime());
    for (const schedule of due) {
      await fire(schedule.payload);
      save(load().filter((p) => p.name !== schedule.name));
    }
    return due.length;
  }

  return {
    schedules,
    /** Fires every schedule due at `now`, one run at a time. */
    runDue(now: Date): Promise<number> {
      running = (running ?? Promise.resolve(0)).then(() => runDue(now), () => runDue(now));
      return running;
    },
  };
}

import { ConflictException, CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { OneTimeSchedules } from '../../core/registration/issuance.js';
import { requireEnv } from '../../shared/env.js';
import { countCallsOf } from '../call-counter.js';

let local: OneTimeSchedules | undefined;
let client: SchedulerClient | undefined;

/** Local runtime only: one-time schedules run by the runtime's timer instead of EventBridge Scheduler. */
export function useLocalSchedules(schedules: OneTimeSchedules): void {
  local = schedules;
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC, rounded up to the next whole second. */
export function atExpression(iso: string): string {
  const whole = new Date(Math.ceil(Date.parse(iso) / 1000) * 1000).toISOString();
  return `at(${whole.slice(0, 19)})`;
}

/**
 * EventBridge Scheduler one-time schedules that delete themselves after they run
 * (ActionAfterCompletion DELETE). A name already taken means a retried chunk made it before: done.
 */
function schedulerSchedules(): OneTimeSchedules {
  return {
    async at(name, when, payload) {
      client ??= countCallsOf(new SchedulerClient({}), 'Scheduler');
      try {
        await client.send(
          new CreateScheduleCommand({
            Name: name,
            GroupName: requireEnv('scheduleGroup'),
            ScheduleExpression: atExpression(when),
            ScheduleExpressionTimezone: 'UTC',
            FlexibleTimeWindow: { Mode: 'OFF' },
            ActionAfterCompletion: 'DELETE',
            Target: {
              Arn: requireEnv('expiryFunctionArn'),
              RoleArn: requireEnv('schedulerRoleArn'),
              Input: JSON.stringify(payload),
              RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86_400 },
            },
          }),
        );
      } catch (e) {
        if (!(e instanceof ConflictException)) throw e;
      }
    },
  };
}

/** The schedules of this process: EventBridge Scheduler in AWS, the runtime's timer locally. */
export function oneTimeSchedules(): OneTimeSchedules {
  return { at: (name, when, payload) => (local ?? schedulerSchedules()).at(name, when, payload) };
}

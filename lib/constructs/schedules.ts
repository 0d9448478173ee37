import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { acknowledge, arnRef } from '../nag.js';

export interface SchedulesProps {
  /** Expires links, passwords and abandoned imports that are past due. */
  readonly sweep: IFunction;
}

/** EventBridge Scheduler schedules. */
export class Schedules extends Construct {
  readonly sweep: Schedule;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const role = new Role(this, 'InvokeRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
    this.sweep = new Schedule(this, 'Sweep', {
      description: 'kagi sweep: expire what is past due',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      // A missed tick is caught up by the next one a minute later; retrying would only overlap it.
      target: new LambdaInvoke(props.sweep, { role, retryAttempts: 0, maxEventAge: Duration.minutes(1) }),
    });
    acknowledge(role, `IAM5[Resource::${arnRef(props.sweep)}:*]`, 'Added by the Scheduler Lambda target so versions and aliases of the sweep function can be invoked; it covers that function only.');
  }
}

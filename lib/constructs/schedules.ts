import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { ENV } from '../../functions/shared/env.js';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { acknowledge, arnRef } from '../nag.js';

export interface SchedulesProps {
  /** Expires links, passwords and abandoned imports that are past due. */
  readonly sweep: IFunction;
  /** A registration-password batch's expiry: the target of the batch's one-time schedules. */
  readonly registrationExpiry: IFunction;
}

/** EventBridge Scheduler schedules. */
export class Schedules extends Construct {
  readonly sweep: Schedule;
  /** Where the one-time schedules of registration-password batches live (each deletes itself after it runs). */
  readonly expiryGroup: ScheduleGroup;
  /** The role those schedules invoke the expiry function as. */
  readonly expiryRole: Role;
  private readonly registrationExpiry: IFunction;

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

    this.registrationExpiry = props.registrationExpiry;
    this.expiryGroup = new ScheduleGroup(this, 'RegistrationExpiry', {});
    this.expiryRole = new Role(this, 'ExpiryInvokeRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
    props.registrationExpiry.grantInvoke(this.expiryRole);
    acknowledge(this.expiryRole, `IAM5[Resource::${arnRef(props.registrationExpiry)}:*]`, 'Added by grantInvoke so versions and aliases of the expiry function can be invoked; it covers that function only.');
  }

  /**
   * Lets `fn` create the one-time schedules of registration-password batches: in the expiry group
   * only, passing only the expiry role, targeting only the expiry function.
   */
  allowExpirySchedules(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    const group = this.expiryGroup.scheduleGroupName;
    fn.addToRolePolicy(new PolicyStatement({ actions: ['scheduler:CreateSchedule'], resources: [Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${group}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME })] }));
    acknowledge(
      fn.role ?? fn,
      `IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${Stack.of(this).resolve(group) as string}/*]`,
      'Each batch creates its own one-time schedule, named by its job id, so the names are not known at deploy time; the statement covers the expiry group only.',
    );
    fn.addToRolePolicy(new PolicyStatement({ actions: ['iam:PassRole'], resources: [this.expiryRole.roleArn] }));
    fn.addEnvironment(ENV.scheduleGroup, this.expiryGroup.scheduleGroupName);
    fn.addEnvironment(ENV.expiryFunctionArn, this.registrationExpiry.functionArn);
    fn.addEnvironment(ENV.schedulerRoleArn, this.expiryRole.roleArn);
  }
}

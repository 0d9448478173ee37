import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { EventBus, Rule, type IRuleTarget } from 'aws-cdk-lib/aws-events';
import { CfnResourcePolicy, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CLOCK_EVENT_DETAIL_TYPE, CLOCK_EVENT_SOURCE } from '../../functions/adapters/eventbridge/clock-bus.js';

/**
 * 打刻連携: the bus the PC logon client's clock events (出勤・退勤・休憩) go out on (README, "Clock
 * events"). Only the client handler may put events on it. The rule copies every clock event to a
 * log group: the record of what was published, and the place to see the schema live. An
 * attendance system subscribes with a rule of its own on this bus (same source and detail-type),
 * targeting its queue or API destination; publishing is at least once, so it dedupes by eventId.
 */
export class ClockBus extends Construct {
  readonly bus: EventBus;
  readonly rule: Rule;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'kagi: clock events of the PC logon client (打刻連携)' });
    this.logGroup = new LogGroup(this, 'Published', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.RETAIN });
    // EventBridge writes to the log group under the log group's resource policy. CloudFormation's
    // own resource, rather than the events-targets construct, which sets it by a custom-resource Lambda.
    const policy = new CfnResourcePolicy(this, 'EventsMayWrite', {
      policyName: `${Stack.of(this).stackName}-clock-events`,
      policyDocument: Stack.of(this).toJsonString({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${this.logGroup.logGroupArn}` }],
      }),
    });
    const toLogGroup: IRuleTarget = { bind: () => ({ arn: this.logGroup.logGroupArn }) };
    this.rule = new Rule(this, 'ToLog', {
      eventBus: this.bus,
      description: 'Every clock event, to the log group (attendance systems add their own rule with the same pattern)',
      eventPattern: { source: [CLOCK_EVENT_SOURCE], detailType: [CLOCK_EVENT_DETAIL_TYPE] },
      targets: [toLogGroup],
    });
    this.rule.node.addDependency(policy);
  }
}

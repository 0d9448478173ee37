import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { KagiFunction } from './kagi-function.js';

export interface AlarmsProps {
  /** Who is told: the address subscribed to the alarm topic (it confirms the subscription once). */
  readonly email: string;
  readonly deadLetterQueue: IQueue;
  /** Every function the job queue, its dead-letter queue, the schedules and SES events run. */
  readonly jobFunctions: KagiFunction[];
  readonly httpApi: IHttpApi;
}

const FIVE_MINUTES = Duration.minutes(5);
/** The API's 5xx alarm looks at a rate, and only once there are this many requests in the period. */
export const API_5XX_MIN_REQUESTS = 20;
export const API_5XX_PERCENT = 5;
/** Where the job functions' logged errors are counted (a metric filter on each log group). */
export const LOGGED_ERRORS = { namespace: 'kagi', metricName: 'JobLoggedErrors' } as const;

/**
 * The alarms someone must act on (README › Deploy › Alarms says what to do for each) and the SNS
 * topic they notify, encrypted with a key CloudWatch may use.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly deadLetters: Alarm;
  readonly workerErrors: Alarm;
  readonly apiServerErrors: Alarm;
  readonly jobThrottles: Alarm;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', { enableKeyRotation: true, description: 'kagi: encrypts the alarm notifications topic' });
    // CloudWatch publishes the alarm to the encrypted topic: it needs the key for that.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: 'kagi alarms', masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.email));
    const notify = new SnsAction(this.topic);

    const alarm = (name: string, description: string, metric: IMetric, threshold: number) => {
      const created = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      return created;
    };

    this.deadLetters = alarm(
      'DeadLetterQueueNotEmpty',
      'kagi: a job chunk failed on every delivery and waits on the dead-letter queue (its consumer ends it as unprocessed rows; if this stays in alarm, the consumer fails too).',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      1,
    );

    // A chunk that fails is reported back to SQS, not thrown, so Lambda's Errors miss it: the
    // worker logs it as an error, and so do the dead-letter consumer and the sweep when a job
    // cannot be ended or had to be ended as stalled.
    const failed: Record<string, IMetric> = {
      logged: new Metric({ ...LOGGED_ERRORS, period: FIVE_MINUTES, statistic: 'Sum' }),
    };
    const throttled: Record<string, IMetric> = {};
    props.jobFunctions.forEach((fn, i) => {
      new MetricFilter(fn, 'LoggedErrors', {
        logGroup: fn.logGroup,
        filterPattern: FilterPattern.stringValue('$.level', '=', 'ERROR'),
        metricNamespace: LOGGED_ERRORS.namespace,
        metricName: LOGGED_ERRORS.metricName,
        metricValue: '1',
      });
      failed[`errors${i}`] = fn.function.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
      throttled[`throttles${i}`] = fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' });
    });

    this.workerErrors = alarm(
      'WorkerErrors',
      'kagi: a job function failed (a chunk that will be retried, a dead-lettered chunk that could not be ended, a job ended as stalled, or a crash or timeout).',
      new MathExpression({ expression: Object.keys(failed).map((k) => `FILL(${k}, 0)`).join(' + '), usingMetrics: failed, period: FIVE_MINUTES, label: 'Job function errors' }),
      1,
    );

    const errors = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const requests = props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    this.apiServerErrors = alarm(
      'ApiServerErrorRate',
      `kagi: at least ${API_5XX_PERCENT}% of API requests answered 5xx in five minutes (a 5xx is a bug).`,
      new MathExpression({
        expression: `IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * FILL(errors, 0) / requests, 0)`,
        usingMetrics: { errors, requests },
        period: FIVE_MINUTES,
        label: 'API 5xx %',
      }),
      API_5XX_PERCENT,
    );

    this.jobThrottles = alarm(
      'JobThrottles',
      'kagi: Lambda throttled a job function (the account concurrency is exhausted; chunks wait, and a job may be ended as stalled).',
      new MathExpression({ expression: Object.keys(throttled).map((k) => `FILL(${k}, 0)`).join(' + '), usingMetrics: throttled, period: FIVE_MINUTES, label: 'Job function throttles' }),
      1,
    );
  }
}

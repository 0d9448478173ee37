import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { JOBS } from '../../functions/http/routes.js';
import { WORKER_CONCURRENCY } from '../../functions/core/jobs/queue.js';
import { jobEntry } from '../paths.js';
import { KagiFunction, WORKER_TIMEOUT, type FunctionResources } from './kagi-function.js';

export type JobName = keyof typeof JOBS;

/** The job that drains the queue; the others are started by schedules. */
const QUEUE_CONSUMER: JobName = 'worker';

export interface JobsProps {
  /** Everything a worker may touch except the queue, which this construct owns. */
  readonly resources: Omit<FunctionResources, 'queue'>;
}

/** The job queue (with its dead-letter queue) and one worker function per entry of JOBS. */
export class Jobs extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly workers: Record<JobName, KagiFunction>;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: at least six times the function timeout, so a
      // message is not handed out again while a throttled or retried worker still holds it.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });

    const resources: FunctionResources = { ...props.resources, queue: this.queue };
    this.workers = {} as Record<JobName, KagiFunction>;
    for (const name of Object.keys(JOBS) as JobName[]) {
      this.workers[name] = new KagiFunction(this, `Worker-${name}`, {
        entry: jobEntry(name),
        kind: 'worker',
        access: JOBS[name],
        resources,
      });
    }

    this.workers[QUEUE_CONSUMER].function.addEventSource(
      new SqsEventSource(this.queue, {
        // One chunk per invocation; a failed chunk is retried alone.
        batchSize: 1,
        // Caps the write load a big import puts on the table and on Cognito's admin quotas.
        maxConcurrency: WORKER_CONCURRENCY,
        reportBatchItemFailures: true,
      }),
    );
  }
}

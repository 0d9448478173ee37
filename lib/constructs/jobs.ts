import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { JOBS } from '../../functions/http/routes.js';
import { WORKER_CONCURRENCY } from '../../functions/core/jobs/queue.js';
import { DELIVERY_LIMIT, VISIBILITY_TIMEOUT_SECONDS } from '../../functions/core/jobs/delivery.js';
import { jobEntry } from '../paths.js';
import { KagiFunction, type FunctionResources } from './kagi-function.js';

export type JobName = keyof typeof JOBS;

/** The job that drains the queue; the others are started by schedules and events. */
const QUEUE_CONSUMER: JobName = 'worker';
/** The job that ends what the queue gave up on. */
const DEAD_LETTER_CONSUMER: JobName = 'dead-letters';

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
      // It has a Lambda consumer too: the same margin over the function's timeout.
      visibilityTimeout: Duration.seconds(VISIBILITY_TIMEOUT_SECONDS),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda consumers: at least six times the function timeout, so a
      // message is not handed out again while a throttled or retried worker still holds it.
      visibilityTimeout: Duration.seconds(VISIBILITY_TIMEOUT_SECONDS),
      // The local queue dead-letters after as many deliveries (functions/adapters/queue/local-queue.ts).
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: DELIVERY_LIMIT },
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
    // Without a consumer, a dead-lettered chunk would leave its job running and its employees
    // claimed forever; this one ends the chunk as unprocessed rows, and so the job.
    this.workers[DEAD_LETTER_CONSUMER].function.addEventSource(
      new SqsEventSource(this.deadLetterQueue, { batchSize: 1, maxConcurrency: 2, reportBatchItemFailures: true }),
    );
  }
}

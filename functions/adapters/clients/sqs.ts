import { SQSClient } from '@aws-sdk/client-sqs';
import { countCallsOf } from '../call-counter.js';

let sqsClient: SQSClient | undefined;
/** The SQS client, built once per process (AWS only: locally jobs go to the in-process queue). */
export function sqs(): SQSClient {
  sqsClient ??= countCallsOf(new SQSClient({}), 'SQS');
  return sqsClient;
}

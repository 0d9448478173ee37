import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetAccountCommand } from '@aws-sdk/client-sesv2';
import { dynamo } from './clients/dynamodb.js';
import { s3 } from './clients/s3.js';
import { ses } from './clients/ses.js';
import { createUserPoolAdmin } from './cognito/user-pool.js';
import { requireEnv } from '../shared/env.js';

/** Asks each dependency one cheap question; resolves with the names of those that did not answer. */
export async function unhealthyDependencies(): Promise<string[]> {
  const checks: Record<string, () => Promise<unknown>> = {
    table: () => dynamo().send(new DescribeTableCommand({ TableName: requireEnv('tableName') })),
    files: () => s3().send(new HeadBucketCommand({ Bucket: requireEnv('filesBucket') })),
    mail: () => ses().send(new GetAccountCommand({})),
    identity: () => createUserPoolAdmin().ping(),
  };
  const names = Object.keys(checks);
  const results = await Promise.allSettled(names.map((n) => withTimeout(checks[n]!(), 3000)));
  return names.filter((_, i) => results[i]!.status === 'rejected');
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { STALL_AFTER_MS } from '../../core/jobs/delivery.js';
import type { JobWatch } from '../../core/jobs/engine.js';
import type { JobRef } from '../../core/jobs/job.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { tableName, type TransactItem } from './table.js';

// A job's watch item: its latest heartbeat, and its stall deadline in the due index, where the
// sweep finds it without a Scan. It is written in the transaction that creates (or commits) the
// job and deleted in the one that ends it, so a job has a deadline exactly while it runs.

const deadlineAfter = (at: string) => new Date(Date.parse(at) + STALL_AFTER_MS).toISOString();

/** The pk of the job's own item, which its watch shares. */
const jobPk = (job: JobRef) => (job.kind === 'employee-import' ? keys.employeeImport(job.companyId, job.jobId) : keys.job(job.companyId, job.jobId)).pk;
const watchKey = (job: JobRef) => keys.jobWatch(jobPk(job));

/** The watch of a job that starts now, for the transaction that creates it. */
export function watchPut(job: JobRef, at: string): TransactItem {
  const key = watchKey(job);
  const deadline = deadlineAfter(at);
  return {
    Put: {
      TableName: tableName(),
      Item: { ...key, ...keys.due(deadline, key.pk), entity: ENTITY.jobWatch, kind: job.kind, companyId: job.companyId, jobId: job.jobId, beatAt: at, deadline },
    },
  };
}

/** Removes the watch, for the transaction that ends the job (`pk`: the job's or the import's). */
export function watchDelete(pk: string): TransactItem {
  return { Delete: { TableName: tableName(), Key: keys.jobWatch(pk) } };
}

/** The job a watch item (as the due index lists it) belongs to. */
export function watchedJob(item: Record<string, unknown>): JobRef {
  return { kind: item.kind as JobRef['kind'], companyId: String(item.companyId), jobId: String(item.jobId) };
}

export function createJobWatch(): JobWatch {
  function moveDeadline(job: JobRef, at: string, set: string, condition: string, values: Record<string, unknown>) {
    const key = watchKey(job);
    const deadline = deadlineAfter(at);
    return new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET deadline = :deadline, gsi1pk = :bucket, gsi1sk = :due, ${set}`,
      ConditionExpression: `attribute_exists(pk) AND ${condition}`,
      ExpressionAttributeValues: { ':deadline': deadline, ':bucket': keys.due(deadline, key.pk).gsi1pk, ':due': keys.due(deadline, key.pk).gsi1sk, ...values },
    });
  }

  return {
    async beat(job, chunk, at) {
      try {
        await dynamo().send(moveDeadline(job, at, 'beatAt = :at, beatChunk = :chunk', 'attribute_not_exists(ending)', { ':at': at, ':chunk': chunk }));
        return true;
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
      // No watch at all: the job ended (its chunk finds that out itself), or it began before
      // watches existed. Only a job being ended stops the chunk here.
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: watchKey(job), ConsistentRead: true }));
      return out.Item?.ending === undefined;
    },

    async takeOverEnding(job, at) {
      try {
        await dynamo().send(moveDeadline(job, at, 'ending = :at', 'deadline <= :at', { ':at': at }));
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },
  };
}

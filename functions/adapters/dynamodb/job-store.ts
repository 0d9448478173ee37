import { BatchGetCommand, BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { JobStore } from '../../core/issuance/pdf-issuance.js';
import type { ChunkRecord, Job, JobKind, JobResult, JobRow, MailJobMode, StopReason } from '../../core/jobs/job.js';
import type { RerunStore, RerunTarget } from '../../core/jobs/rerun.js';
import type { BulkJobEndingStore } from '../../core/jobs/ending.js';
import { WORKER_TIMEOUT_SECONDS } from '../../core/jobs/delivery.js';
import type { MailJobStore, MailTarget } from '../../core/issuance/mail-issuance.js';
import type { ExportJobStore } from '../../core/audit/export.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, jobListPk, keys } from './keys.js';
import { GSI1 } from './table-def.js';
import { auditPut, tableName, transact, type TransactItem } from './table.js';
import { counterUpdate, sumDeltas } from './status-counters.js';
import { countDeltas } from '../../core/issuance/counts.js';
import { lastMailAttribute } from './employee-store.js';
import { claimUpdate } from './employee-claims.js';
import { markerPut } from './mail-store.js';
import { watchDelete, watchPut } from './job-watch.js';

const MAX_LISTED_RESULTS = 2000;

function jobFromItem(item: Record<string, unknown>): Job {
  const done = Number(item.progressDone ?? 0);
  const total = Number(item.progressTotal ?? 0);
  return {
    jobId: String(item.jobId),
    companyId: String(item.companyId),
    kind: (item.kind as JobKind | undefined) ?? 'pdf-issuance',
    ...(item.mode ? { mode: item.mode as MailJobMode } : {}),
    reissue: Boolean(item.reissue),
    state: item.finishedAt ? (item.stopReason ? 'failed' : 'done') : done > 0 ? 'running' : 'queued',
    chunks: Number(item.chunks),
    progress: { done, total },
    counts: { succeeded: Number(item.succeeded ?? 0), failed: Number(item.failed ?? 0), excluded: Number(item.excluded ?? 0) },
    createdBy: String(item.createdBy),
    ...(item.createdByAccountId ? { createdByAccountId: String(item.createdByAccountId) } : {}),
    ...(item.csvMail ? { csvMail: item.csvMail as Job['csvMail'] } : {}),
    createdAt: String(item.createdAt),
    finishedAt: item.finishedAt as string | undefined,
    fileKey: item.fileKey as string | undefined,
    fileExpiresAt: item.fileExpiresAt as string | undefined,
    results: [],
    ...(item.stopReason ? { stopReason: item.stopReason as StopReason } : {}),
    ...(item.rerunOf ? { rerunOf: String(item.rerunOf) } : {}),
    ...(item.rerunBy ? { rerunBy: String(item.rerunBy) } : {}),
    ...(item.kind === 'group-assignment' ? { assignGroupId: typeof item.assignGroupId === 'string' ? item.assignGroupId : null } : {}),
  };
}

async function chunkItems(pk: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamo().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)', ExpressionAttributeValues: { ':pk': pk, ':c': 'CHUNK#' }, ExclusiveStartKey: startKey }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Records a chunk once: its done-marker with results, the job's progress, the per-employee
 * writes (each reporting 'state' when refused) and the counter update, in one transaction.
 * False when the chunk was already recorded.
 */
export async function recordChunk(
  companyId: string,
  jobId: string,
  chunk: number,
  results: JobResult[],
  succeeded: readonly JobRow[],
  hasPart: boolean,
  employeeWrites: TransactItem[],
  counter: TransactItem | undefined,
): Promise<boolean> {
  const failed = results.filter((r) => r.outcome === 'failed').length;
  const excluded = results.length - failed;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...keys.jobChunk(companyId, jobId, chunk), entity: ENTITY.jobChunk, chunk, results, hasPart,
          succeeded: succeeded.map(({ employeeId, employeeCode, name }) => ({ employeeId, employeeCode, name })),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.job(companyId, jobId),
        UpdateExpression: 'ADD progressDone :n, succeeded :ok, failed :failed, excluded :excluded',
        ExpressionAttributeValues: { ':n': succeeded.length + results.length, ':ok': succeeded.length, ':failed': failed, ':excluded': excluded },
      },
    },
    ...employeeWrites,
  ];
  if (counter) items.push(counter);
  try {
    await transact(items, ['exists', undefined, ...employeeWrites.map(() => 'state' as const)]);
    return true;
  } catch (e) {
    if (e instanceof StoreConflict && e.reason === 'exists') return false;
    throw e;
  }
}

/** Bulk jobs: the job item holds progress counters; each chunk has a targets item and, once run, a done-marker with its results. */
export function createJobStore(): JobStore & MailJobStore & ExportJobStore & RerunStore & BulkJobEndingStore {
  const db = dynamo();
  return {
    /** Chunk targets are employee ids, or (mail jobs) employee ids with the address slot to mail. */
    async create(job: Job, chunkTargets: string[][] | MailTarget[][], audit) {
      const key = keys.job(job.companyId, job.jobId);
      // Targets first: a job is visible only once all its chunks can be read.
      const targetItems = chunkTargets.map((targets: Array<string | MailTarget>, chunk) => {
        const employeeIds = targets.map((t) => (typeof t === 'string' ? t : t.employeeId));
        const addresses = targets.every((t) => typeof t !== 'string') ? targets.map((t) => (t as MailTarget).address) : undefined;
        return { PutRequest: { Item: { ...keys.jobTargets(job.companyId, job.jobId, chunk), entity: ENTITY.jobTargets, employeeIds, ...(addresses ? { addresses } : {}) } } };
      });
      for (let i = 0; i < targetItems.length; i += 25) {
        let request: Record<string, unknown[]> | undefined = { [tableName()]: targetItems.slice(i, i + 25) };
        while (request && Object.keys(request).length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: request as never }));
          request = out.UnprocessedItems as typeof request;
        }
      }
      // A re-run is tied to the job it re-runs, once: a second re-run of the same job is refused.
      const rerunOf: TransactItem[] = job.rerunOf
        ? [{
            Update: {
              TableName: tableName(),
              Key: keys.job(job.companyId, job.rerunOf),
              UpdateExpression: 'SET rerunBy = :job',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rerunBy)',
              ExpressionAttributeValues: { ':job': job.jobId },
            },
          }]
        : [];
      await transact(
        [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...key, ...keys.jobList(job.companyId, job.createdAt, job.jobId), entity: ENTITY.job, jobId: job.jobId, companyId: job.companyId, kind: job.kind, mode: job.mode, reissue: job.reissue, chunks: job.chunks,
                progressDone: 0, progressTotal: job.progress.total, succeeded: 0, failed: 0, excluded: 0, createdBy: job.createdBy, createdByAccountId: job.createdByAccountId, createdAt: job.createdAt,
                rerunOf: job.rerunOf,
                ...(job.assignGroupId !== undefined ? { assignGroupId: job.assignGroupId } : {}),
                expiresAtEpoch: Math.ceil(Date.parse(job.createdAt) / 1000) + 30 * 86_400,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          auditPut(audit),
          watchPut({ kind: job.kind, companyId: job.companyId, jobId: job.jobId }, job.createdAt),
          ...rerunOf,
        ],
        ['exists', undefined, undefined, 'state'],
      );
    },

    async get(companyId, jobId) {
      const key = keys.job(companyId, jobId);
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
      if (!out.Item) return undefined;
      const job = jobFromItem(out.Item);
      if (job.counts.failed + job.counts.excluded > 0) {
        const results = (await chunkItems(key.pk)).flatMap((i) => (i.results as JobResult[]) ?? []);
        job.results = results.slice(0, MAX_LISTED_RESULTS);
      }
      return job;
    },

    async list(companyId, since) {
      const jobs: Job[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName(),
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
            ExpressionAttributeValues: { ':pk': jobListPk(companyId), ':since': since },
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
          }),
        );
        jobs.push(...(out.Items ?? []).map(jobFromItem));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return jobs;
    },

    async chunkRecords(companyId, jobId) {
      return (await chunkItems(keys.job(companyId, jobId).pk))
        .map((i): ChunkRecord => ({ chunk: Number(i.chunk), succeeded: (i.succeeded as JobRow[]) ?? [], results: (i.results as JobResult[]) ?? [] }))
        .sort((a, b) => a.chunk - b.chunk);
    },

    async targets(companyId, jobId, chunk) {
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.jobTargets(companyId, jobId, chunk), ConsistentRead: true }));
      return (out.Item?.employeeIds as string[]) ?? [];
    },

    async claimAndBegin(companyId, jobId, at, claims, markers) {
      const items: TransactItem[] = [
        ...claims.map((c): TransactItem => ({ Update: claimUpdate('password', companyId, c.employeeId, jobId, at, c.expected) })),
        ...markers.map((m): TransactItem => ({ Put: markerPut(m.record, m.replacing) })),
      ];
      if (items.length === 0) return true;
      if (items.length > 100) return false;
      try {
        await transact(items, items.map(() => 'state' as const));
        return true;
      } catch (e) {
        if (e instanceof StoreConflict) return false;
        throw e;
      }
    },

    async mailTargets(companyId, jobId, chunk) {
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.jobTargets(companyId, jobId, chunk), ConsistentRead: true }));
      const employeeIds = (out.Item?.employeeIds as string[]) ?? [];
      const addresses = (out.Item?.addresses as number[]) ?? [];
      return employeeIds.map((employeeId, i) => ({ employeeId, address: (addresses[i] ?? 1) as MailTarget['address'] }));
    },

    async finishMailChunk(companyId, jobId, chunk, { sent, failed, results }) {
      const failedCount = results.filter((r) => r.outcome === 'failed').length;
      const excluded = results.length - failedCount;
      const released = (employeeId: string): TransactItem => ({
        Update: {
          TableName: tableName(),
          Key: keys.employee(companyId, employeeId),
          UpdateExpression: 'REMOVE issuanceClaim, issuanceClaimAt',
          ConditionExpression: 'issuanceClaim = :job',
          ExpressionAttributeValues: { ':job': jobId },
        },
      });
      // A sent mail's marker settles (state sent, SES's message id). With 50 employees a chunk's
      // write passes DynamoDB's 100 items; the markers then go first, in a write of their own:
      // a marker that says sent is the truth whatever happens next, and a retried chunk finds it
      // and records that employee without mailing again (see the worker).
      const settled = sent.map((s): TransactItem => ({
        Update: {
          TableName: tableName(),
          Key: keys.mail(companyId, s.employeeId, s.mailId),
          UpdateExpression: s.messageId ? 'SET #state = :sent, messageId = :mid' : 'SET #state = :sent',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sent': 'sent', ...(s.messageId ? { ':mid': s.messageId } : {}) },
        },
      }));
      const items: TransactItem[] = [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.jobChunk(companyId, jobId, chunk), entity: ENTITY.jobChunk, chunk, results, hasPart: false,
              succeeded: sent.map(({ employeeId, employeeCode, name }) => ({ employeeId, employeeCode, name })),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName: tableName(),
            Key: keys.job(companyId, jobId),
            UpdateExpression: 'ADD progressDone :n, succeeded :ok, failed :failed, excluded :excluded',
            ExpressionAttributeValues: { ':n': sent.length + results.length, ':ok': sent.length, ':failed': failedCount, ':excluded': excluded },
          },
        },
        ...sent.map((s): TransactItem => {
          const request = s.linkDigest !== undefined;
          const values: Record<string, unknown> = { ':p': s.next.password, ':v': s.next.verification, ':job': jobId, ':at': s.requestedAt, ':mail': s.mailId };
          let update: string;
          if (request) {
            Object.assign(values, { ':digest': s.linkDigest, ':until': s.linkExpiresAt, ':address': s.address });
            update = 'SET passwordStatus = :p, verificationStatus = :v, verificationTokenDigest = :digest, verificationRequestedAt = :at, verificationExpiresAt = :until, verificationAddress = :address, #lastMail = :mail REMOVE issuanceClaim, issuanceClaimAt';
          } else {
            Object.assign(values, { ':until': s.passwordExpiresAt, ':address': s.address });
            update = 'SET passwordStatus = :p, verificationStatus = :v, passwordIssuedAt = :at, temporaryPasswordExpiresAt = :until, verificationAddress = :address, #lastMail = :mail REMOVE issuanceClaim, issuanceClaimAt, verificationTokenDigest';
          }
          return {
            Update: {
              TableName: tableName(), Key: keys.employee(companyId, s.employeeId), UpdateExpression: update, ConditionExpression: 'issuanceClaim = :job',
              ExpressionAttributeNames: { '#lastMail': lastMailAttribute(s.address) }, ExpressionAttributeValues: values,
            },
          };
        }),
        ...failed.map((f) => released(f.employeeId)),
      ];
      const failedMarkers = failed.map((f): TransactItem => ({
        Update: {
          TableName: tableName(),
          Key: keys.mail(companyId, f.employeeId, f.mailId),
          UpdateExpression: 'SET #state = :failed, delivery = :failed',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':failed': 'failed' },
        },
      }));
      const counter = counterUpdate(companyId, sumDeltas(sent.map((s) => countDeltas(s.from, s.next))));
      if (counter) items.push(counter);
      const record = async (write: TransactItem[]) => {
        try {
          await transact(write, ['exists', ...write.slice(1).map(() => 'state' as const)]);
          return true;
        } catch (e) {
          if (e instanceof StoreConflict && e.reason === 'exists') return false;
          throw e;
        }
      };
      if (items.length + settled.length + failedMarkers.length <= 100) return record([...items, ...settled, ...failedMarkers]);
      if (settled.length > 0) await transact(settled, settled.map(() => 'state' as const));
      if (items.length + failedMarkers.length <= 100) return record([...items, ...failedMarkers]);
      // A chunk whose every mail failed (SES refusing all): the failed markers are bookkeeping of
      // mails never taken; they follow the record, which let their employees go.
      const recorded = await record(items);
      if (recorded) await transact(failedMarkers, failedMarkers.map(() => 'state' as const));
      return recorded;
    },

    async finishSlice(companyId, jobId, chunk, rows) {
      try {
        await transact(
          [
            { Put: { TableName: tableName(), Item: { ...keys.jobChunk(companyId, jobId, chunk), entity: ENTITY.jobChunk, chunk, rows, results: [], hasPart: true }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Update: { TableName: tableName(), Key: keys.job(companyId, jobId), UpdateExpression: 'ADD progressDone :one, succeeded :rows', ExpressionAttributeValues: { ':one': 1, ':rows': rows } } },
          ],
          ['exists'],
        );
        return true;
      } catch (e) {
        if (e instanceof StoreConflict && e.reason === 'exists') return false;
        throw e;
      }
    },

    async abandonSlice(companyId, jobId, chunk, reason) {
      // The slice counts as done (the job can end) with no part and no rows; the job keeps why.
      try {
        await transact(
          [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.jobChunk(companyId, jobId, chunk), entity: ENTITY.jobChunk, chunk, rows: 0, results: [], hasPart: false, unprocessed: reason },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.job(companyId, jobId),
                UpdateExpression: 'ADD progressDone :one SET stopReason = if_not_exists(stopReason, :reason)',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':one': 1, ':reason': reason },
              },
            },
          ],
          ['exists', 'state'],
        );
        return true;
      } catch (e) {
        if (e instanceof StoreConflict && e.reason === 'exists') return false;
        throw e;
      }
    },

    async recordedChunks(companyId, jobId) {
      return (await chunkItems(keys.job(companyId, jobId).pk)).map((i) => Number(i.chunk));
    },

    async recordUnprocessed(companyId, jobId, chunk, results, reason) {
      try {
        await transact(
          [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.jobChunk(companyId, jobId, chunk), entity: ENTITY.jobChunk, chunk, results, hasPart: false, succeeded: [], unprocessed: reason },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.job(companyId, jobId),
                UpdateExpression: 'ADD progressDone :n, failed :n SET stopReason = if_not_exists(stopReason, :reason)',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':n': results.length, ':reason': reason },
              },
            },
          ],
          ['exists', 'state'],
        );
        return true;
      } catch (e) {
        if (e instanceof StoreConflict && e.reason === 'exists') return false;
        throw e;
      }
    },

    async jobState(companyId, jobId, chunk) {
      const jobKey = keys.job(companyId, jobId);
      const chunkKey = keys.jobChunk(companyId, jobId, chunk);
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = { [tableName()]: { Keys: [jobKey, chunkKey], ConsistentRead: true } };
      const found: Record<string, unknown>[] = [];
      while (request && Object.keys(request).length > 0) {
        const out = await db.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(out.Responses?.[tableName()] ?? []));
        request = out.UnprocessedKeys as typeof request;
      }
      const item = found.find((i) => i.pk === jobKey.pk && i.sk === jobKey.sk);
      return { job: item ? jobFromItem(item) : undefined, chunkDone: found.some((i) => i.pk === chunkKey.pk && i.sk === chunkKey.sk) };
    },

    async chunkDone(companyId, jobId, chunk) {
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.jobChunk(companyId, jobId, chunk), ConsistentRead: true }));
      return out.Item !== undefined;
    },

    async finishChunk(companyId, jobId, chunk, { issued, released, results, hasPart }) {
      // Each issued employee gets its new status and leaves this job's claim, all or nothing.
      const employees = issued.map(
        (s): TransactItem => ({
          Update: {
            TableName: tableName(),
            Key: keys.employee(companyId, s.employeeId),
            UpdateExpression: 'SET passwordStatus = :p, verificationStatus = :v, passwordIssuedAt = :at, temporaryPasswordExpiresAt = :until REMOVE issuanceClaim, issuanceClaimAt',
            ConditionExpression: 'issuanceClaim = :job',
            ExpressionAttributeValues: { ':p': s.next.password, ':v': s.next.verification, ':at': s.issuedAt, ':until': s.temporaryPasswordExpiresAt, ':job': jobId },
          },
        }),
      );
      const releases = released.map(
        (employeeId): TransactItem => ({
          Update: {
            TableName: tableName(),
            Key: keys.employee(companyId, employeeId),
            UpdateExpression: 'REMOVE issuanceClaim, issuanceClaimAt',
            ConditionExpression: 'issuanceClaim = :job',
            ExpressionAttributeValues: { ':job': jobId },
          },
        }),
      );
      const counter = counterUpdate(companyId, sumDeltas(issued.map((s) => countDeltas(s.from, s.next))));
      return recordChunk(companyId, jobId, chunk, results, issued, hasPart, [...employees, ...releases], counter);
    },

    async claimFinalize(companyId, jobId, at = new Date().toISOString()) {
      // A claim older than a worker timeout was held by a worker that died while it built the
      // file: the job would never end, so another may take over.
      const stale = new Date(Date.parse(at) - WORKER_TIMEOUT_SECONDS * 1000).toISOString();
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.job(companyId, jobId),
            UpdateExpression: 'SET finalizing = :at',
            ConditionExpression: '(attribute_not_exists(finalizing) OR finalizing < :stale) AND progressDone >= progressTotal AND attribute_not_exists(finishedAt)',
            ExpressionAttributeValues: { ':at': at, ':stale': stale },
          }),
        );
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },

    async releaseFinalize(companyId, jobId, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.job(companyId, jobId),
            UpdateExpression: 'REMOVE finalizing',
            ConditionExpression: 'finalizing = :at AND attribute_not_exists(finishedAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
      } catch (e) {
        // Ended meanwhile, or taken over: the claim is no longer this caller's to let go.
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
    },

    async chunksWithPart(companyId, jobId) {
      const items = await chunkItems(keys.job(companyId, jobId).pk);
      return items.filter((i) => i.hasPart).map((i) => Number(i.chunk)).sort((a, b) => a - b);
    },

    async complete(companyId, jobId, given, audit) {
      const done = given as Parameters<JobStore['complete']>[2];
      await transact(
        [
          {
            Update: {
              TableName: tableName(),
              Key: keys.job(companyId, jobId),
              UpdateExpression: `SET finishedAt = :at, fileKey = :key, fileExpiresAt = :until${done.csvMail ? ', csvMail = :mail' : ''}`,
              ConditionExpression: 'attribute_not_exists(finishedAt)',
              ExpressionAttributeValues: { ':at': done.finishedAt, ':key': done.fileKey ?? null, ':until': done.fileExpiresAt ?? null, ...(done.csvMail ? { ':mail': done.csvMail } : {}) },
            },
          },
          auditPut(audit),
          // The job has ended: nothing is left for the sweep to watch.
          watchDelete(keys.job(companyId, jobId).pk),
        ],
        ['state'],
      );
    },

    async rerunTargets(companyId, jobId) {
      const pk = keys.job(companyId, jobId).pk;
      const failed = new Set((await chunkItems(pk)).flatMap((i) => ((i.results as JobResult[]) ?? []).filter((r) => r.outcome === 'failed').map((r) => r.employeeId)));
      if (failed.size === 0) return [];
      const targets: RerunTarget[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await db.send(
          new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)', ExpressionAttributeValues: { ':pk': pk, ':t': 'TARGETS#' }, ExclusiveStartKey: startKey }),
        );
        for (const item of out.Items ?? []) {
          const addresses = item.addresses as MailTarget['address'][] | undefined;
          (item.employeeIds as string[]).forEach((employeeId, i) => {
            if (failed.has(employeeId)) targets.push({ employeeId, ...(addresses ? { address: addresses[i] ?? 1 } : {}) });
          });
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return targets;
    },
  };
}

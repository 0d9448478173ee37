import { BatchGetCommand, GetCommand, QueryCommand, type BatchGetCommandInput, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { EmployeeImport, ImportIssue } from '../../core/imports/employee-import.js';
import { MAX_LISTED_ISSUES } from '../../core/imports/employee-import.js';
import type { ImportStore } from '../../core/imports/service.js';
import type { StopReason } from '../../core/jobs/job.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { auditPut, tableName, transact, type TransactItem } from './table.js';
import { watchDelete, watchPut } from './job-watch.js';

const RECORD_FIELDS = [
  'importId', 'companyId', 'state', 'encoding', 'total', 'creates', 'updates', 'errorCount', 'warningCount', 'errors', 'warnings',
  'succeeded', 'failed', 'createdBy', 'createdAt', 'expiresAt', 'finishedAt', 'stopReason', 'chunkRows',
] as const;

function recordFromItem(item: Record<string, unknown>): EmployeeImport {
  const record = Object.fromEntries(RECORD_FIELDS.map((f) => [f, item[f]])) as unknown as EmployeeImport;
  record.progress = { done: Number(item.progressDone ?? 0), total: Number(item.progressTotal ?? 0) };
  record.failedRows = [];
  return record;
}

export function createImportStore(): ImportStore {
  const db = dynamo();
  return {
    async create(record, audit) {
      const { progress, failedRows: _none, ...fields } = record;
      const key = keys.employeeImport(record.companyId, record.importId);
      await transact(
        [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...key,
                // Listed by hour of expiry so the sweep finds abandoned previews without a Scan.
                ...keys.due(record.expiresAt, key.pk),
                entity: ENTITY.employeeImport,
                ...fields,
                progressDone: progress.done,
                progressTotal: progress.total,
                expiresAtEpoch: Math.ceil(new Date(record.expiresAt).getTime() / 1000) + 30 * 86_400,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          auditPut(audit),
        ],
        ['exists'],
      );
    },

    async get(companyId, importId) {
      const key = keys.employeeImport(companyId, importId);
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
      if (!out.Item) return undefined;
      const record = recordFromItem(out.Item);
      if (record.failed > 0) record.failedRows = await failuresOf(key.pk);
      return record;
    },

    async transition(companyId, importId, from, to, audit) {
      const items: TransactItem[] = [
        {
          Update: {
            TableName: tableName(),
            Key: keys.employeeImport(companyId, importId),
            // Leaving the preview takes it off the sweep's list.
            UpdateExpression: from === 'previewed' ? 'SET #state = :to REMOVE gsi1pk, gsi1sk' : 'SET #state = :to',
            ConditionExpression: '#state = :from',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':from': from, ':to': to },
          },
        },
      ];
      if (audit) items.push(auditPut(audit));
      // A committed import runs on the job queue: from now on the sweep watches it.
      if (to === 'committing') items.push(watchPut({ kind: 'employee-import', companyId, jobId: importId }, audit?.at ?? new Date().toISOString()));
      await transact(items, ['state']);
    },

    async chunkDone(companyId, importId, chunk) {
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: keys.importChunk(companyId, importId, chunk), ConsistentRead: true }));
      return out.Item !== undefined;
    },

    async chunkStart(companyId, importId, chunk) {
      const recordKey = keys.employeeImport(companyId, importId);
      const markerKey = keys.importChunk(companyId, importId, chunk);
      let request: BatchGetCommandInput['RequestItems'] = { [tableName()]: { Keys: [recordKey, markerKey], ConsistentRead: true } };
      const found: Array<Record<string, unknown>> = [];
      while (request && Object.keys(request).length > 0) {
        const out: BatchGetCommandOutput = await db.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(out.Responses?.[tableName()] ?? []));
        request = out.UnprocessedKeys;
      }
      const record = found.find((item) => item.sk === recordKey.sk && item.pk === recordKey.pk);
      return { record: record ? recordFromItem(record) : undefined, done: found.some((item) => item.sk === markerKey.sk && item.pk === markerKey.pk) };
    },

    async finishChunk(companyId, importId, chunk, { succeeded, failed, rows }, stopReason) {
      try {
        await transact(
          [
            {
              Put: {
                TableName: tableName(),
                Item: { ...keys.importChunk(companyId, importId, chunk), entity: ENTITY.importChunk, failures: failed },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: tableName(),
                Key: keys.employeeImport(companyId, importId),
                UpdateExpression: `ADD progressDone :rows, succeeded :ok, failed :failed${stopReason ? ' SET stopReason = if_not_exists(stopReason, :reason)' : ''}`,
                ExpressionAttributeValues: { ':rows': rows, ':ok': succeeded, ':failed': failed.length, ...(stopReason ? { ':reason': stopReason } : {}) },
              },
            },
          ],
          ['exists'],
        );
        return true;
      } catch (e) {
        // Only the marker's own condition means "already recorded"; anything else must surface.
        if (e instanceof StoreConflict && e.reason === 'exists') return false;
        throw e;
      }
    },

    async finishIfComplete(companyId, importId, at, audit) {
      const key = keys.employeeImport(companyId, importId);
      // Read first: only the chunk that completes the rows writes the end (the condition below
      // still decides between two that both see it). Chunks the job engine gave up on end the
      // import as failed; its other rows stay saved.
      const now = (
        await db.send(
          new GetCommand({ TableName: tableName(), Key: key, ProjectionExpression: '#state, progressDone, progressTotal, stopReason', ExpressionAttributeNames: { '#state': 'state' }, ConsistentRead: true }),
        )
      ).Item;
      if (!now || now.state !== 'committing' || Number(now.progressDone ?? 0) < Number(now.progressTotal ?? 0)) return false;
      const stopped = now.stopReason;
      try {
        await transact(
          [
            {
              Update: {
                TableName: tableName(),
                Key: key,
                UpdateExpression: 'SET #state = :end, finishedAt = :at',
                ConditionExpression: '#state = :committing AND progressDone >= progressTotal',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':end': stopped ? 'failed' : 'done', ':committing': 'committing', ':at': at },
              },
            },
            auditPut(stopped ? { ...audit, result: 'failure', reason: stopped as StopReason } : audit),
            watchDelete(key.pk),
          ],
          ['state'],
        );
        return true;
      } catch (e) {
        if (e instanceof StoreConflict && e.reason === 'state') return false;
        throw e;
      }
    },
  };
}

async function failuresOf(pk: string): Promise<ImportIssue[]> {
  const failures: ImportIssue[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
        ExpressionAttributeValues: { ':pk': pk, ':chunk': 'CHUNK#' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) failures.push(...((item.failures as ImportIssue[]) ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey && failures.length < MAX_LISTED_ISSUES);
  return failures.sort((a, b) => a.line - b.line).slice(0, MAX_LISTED_ISSUES);
}

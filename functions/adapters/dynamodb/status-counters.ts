import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { applyDeltas, emptyCounts, type CountDeltas, type Counts } from '../../core/issuance/counts.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys, statusCountsPk } from './keys.js';
import { tableName, type TransactItem } from './table.js';

/**
 * Status counters of a company, spread over a few items of one partition: parallel chunk
 * transactions each pick one, so they rarely wait on each other; a read sums them all.
 */
const SHARDS = 8;

/** The counter update to put in a status change's transaction; undefined when nothing changes. */
export function counterUpdate(companyId: string, deltas: CountDeltas): TransactItem | undefined {
  const entries = Object.entries(deltas).filter(([, v]) => v !== 0);
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = { '#entity': 'entity' };
  const values: Record<string, unknown> = { ':entity': ENTITY.statusCounts };
  const adds = entries.map(([name, value], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = value;
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: tableName(),
      Key: keys.statusCounts(companyId, Math.floor(Math.random() * SHARDS)),
      UpdateExpression: `SET #entity = :entity ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Adds deltas together (a chunk or a pack writes one counter update for all its changes). */
export function sumDeltas(all: CountDeltas[]): CountDeltas {
  const sum: Record<string, number> = {};
  for (const d of all) for (const [k, v] of Object.entries(d)) sum[k] = (sum[k] ?? 0) + (v ?? 0);
  return sum as CountDeltas;
}

/** The company's counts: one Query over its counter shards. */
export async function readCounts(companyId: string): Promise<Counts> {
  const out = await dynamo().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statusCountsPk(companyId) } }));
  let counts = emptyCounts();
  for (const item of out.Items ?? []) {
    const { pk: _p, sk: _s, entity: _e, ...values } = item;
    counts = applyDeltas(counts, values as CountDeltas);
  }
  return counts;
}

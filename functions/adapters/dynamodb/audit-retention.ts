import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_SETTINGS } from '../../core/companies/settings.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { requireEnv } from '../../shared/env.js';

/**
 * How long a company keeps its audit entries: every entry is written with its TTL (its time plus
 * the company's retention), so DynamoDB removes it when the retention has passed. The setting is
 * read once per company and process for a few minutes, not once per entry: a change reaches every
 * writer within CACHE_MS and applies to entries written from then on.
 */
const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { days: number; until: number }>();

/** The company's retention in days (the default for a company that never set one). */
export async function auditRetentionDays(companyId: string): Promise<number> {
  const hit = cache.get(companyId);
  if (hit && hit.until > Date.now()) return hit.days;
  const out = await dynamo().send(
    new GetCommand({
      TableName: requireEnv('tableName'),
      Key: keys.company(companyId),
      ProjectionExpression: '#s.#r',
      ExpressionAttributeNames: { '#s': 'settings', '#r': 'auditRetentionDays' },
    }),
  );
  const stored = (out.Item?.settings as { auditRetentionDays?: unknown } | undefined)?.auditRetentionDays;
  const days = typeof stored === 'number' && stored > 0 ? stored : DEFAULT_SETTINGS.auditRetentionDays;
  rememberRetention(companyId, days);
  return days;
}

/** The settings store tells the writers of its own process at once. */
export function rememberRetention(companyId: string, days: number): void {
  cache.set(companyId, { days, until: Date.now() + CACHE_MS });
}

/** Epoch seconds when an entry written at `at` expires under `days` of retention. */
export const auditExpiry = (at: string, days: number) => Math.ceil(Date.parse(at) / 1000) + days * 86_400;

/** Sets the TTL of an audit item that has none (the entry's time plus its company's retention). */
export async function stampAuditExpiry(item: Record<string, unknown>): Promise<void> {
  if (item.entity !== ENTITY.audit || item.expiresAtEpoch !== undefined) return;
  item.expiresAtEpoch = auditExpiry(String(item.at), await auditRetentionDays(String(item.companyId)));
}

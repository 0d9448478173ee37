import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAuditCounter } from '../../../functions/adapters/dynamodb/audit-count.js';
import type { PlannedStream } from '../../../functions/core/audit/query-plan.js';
import { ENV } from '../../../functions/shared/env.js';

const dynamoMock = mockClient(DynamoDBDocumentClient);
const person: PlannedStream[] = [
  { partition: { kind: 'actor', accountId: '01KAAAAAAAAAAAAAAAAAAAAAAA' }, filter: {} },
  { partition: { kind: 'target', accountId: '01KAAAAAAAAAAAAAAAAAAAAAAA' }, filter: {} },
];
const range = { from: '2026-08-01T00:00:00.000Z', to: '2026-11-08T23:59:59.999Z' };

beforeEach(() => {
  dynamoMock.reset();
  process.env[ENV.tableName] = 'kagi';
});

describe('audit counter (DynamoDB)', () => {
  it('counts one person’s entries as actor and as target, each query capped by what is left of the budget', async () => {
    dynamoMock.on(QueryCommand).resolvesOnce({ Count: 40, ScannedCount: 40 }).resolvesOnce({ Count: 12, ScannedCount: 15 });
    expect(await createAuditCounter().count('C1', person, range)).toBe(52);
    const [actor, target] = dynamoMock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(actor).toMatchObject({ IndexName: 'gsi1', Select: 'COUNT', Limit: 2500 });
    expect(target).toMatchObject({ IndexName: 'gsi2', Select: 'COUNT', Limit: 2460 });
    // What they did to their own account is counted once, as theirs.
    expect(target!.FilterExpression).toContain('#actor <> :self');
  });

  it('gives up (no count) once a person’s entries pass the budget, without reading on', async () => {
    dynamoMock.on(QueryCommand).resolves({ Count: 2500, ScannedCount: 2500, LastEvaluatedKey: { pk: 'x', sk: 'y' } });
    expect(await createAuditCounter().count('C1', person, range)).toBeUndefined();
    expect(dynamoMock.commandCalls(QueryCommand)).toHaveLength(1);
  });
});

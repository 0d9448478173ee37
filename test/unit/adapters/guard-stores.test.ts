import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createFailureCounterStore } from '../../../functions/adapters/dynamodb/failure-counter-store.js';
import { createSignInRecordStore } from '../../../functions/adapters/dynamodb/sign-in-record-store.js';
import { createThrottleStore } from '../../../functions/adapters/dynamodb/throttle-store.js';
import { ENV } from '../../../functions/shared/env.js';

const dynamoMock = mockClient(DynamoDBDocumentClient);
const secretsMock = mockClient(SecretsManagerClient);
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => {
  dynamoMock.reset();
  secretsMock.reset();
  process.env[ENV.tableName] = 'kagi';
});

describe('failure counter store (DynamoDB)', () => {
  it('counts a failure with one atomic ADD that answers the new record, with a TTL or without one', async () => {
    dynamoMock.on(UpdateCommand).resolves({ Attributes: { failures: 4, lastFailureAt: '2026-11-21T09:00:00.000Z' } });
    const store = createFailureCounterStore();
    expect(await store.addFailure('signin:abc:all', new Date('2026-11-21T09:00:00Z'), new Date('2026-11-21T21:00:00Z'))).toEqual({ failures: 4, lastFailureAt: '2026-11-21T09:00:00.000Z' });
    const input = dynamoMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Key: { pk: 'FAIL#signin:abc:all', sk: '#FAIL' }, ReturnValues: 'ALL_NEW' });
    expect(input.UpdateExpression).toMatch(/^ADD failures :one SET .*expiresAtEpoch = :ttl$/);
    expect(input.ConditionExpression).toBeUndefined();
    expect(input.ExpressionAttributeValues![':ttl']).toBe(Date.parse('2026-11-21T21:00:00Z') / 1000);
    await store.addFailure('totp:E1', new Date('2026-11-21T09:00:00Z'), undefined);
    expect(dynamoMock.commandCalls(UpdateCommand)[1]!.args[0].input.UpdateExpression).toMatch(/REMOVE expiresAtEpoch$/);
  });

  it('reads many keys in one consistent batch and asks again for unprocessed ones', async () => {
    dynamoMock
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { kagi: [{ pk: 'FAIL#a', failures: 2, trustedUntil: '2026-12-01T00:00:00Z' }] }, UnprocessedKeys: { kagi: { Keys: [{ pk: 'FAIL#b', sk: '#FAIL' }], ConsistentRead: true } } })
      .resolvesOnce({ Responses: { kagi: [{ pk: 'FAIL#b', failures: 1, lastFailureAt: '2026-11-21T09:00:00Z' }] } });
    const found = await createFailureCounterStore().read(['a', 'b', 'c']);
    expect(found).toEqual(new Map([['a', { failures: 2, trustedUntil: '2026-12-01T00:00:00Z' }], ['b', { failures: 1, lastFailureAt: '2026-11-21T09:00:00Z' }]]));
    expect(dynamoMock.commandCalls(BatchGetCommand)[0]!.args[0].input.RequestItems!.kagi!.ConsistentRead).toBe(true);
    expect(await createFailureCounterStore().read([])).toEqual(new Map());
  });

  it('resets only while the failures are still the ones seen, and reports a lost race without throwing', async () => {
    dynamoMock.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const store = createFailureCounterStore();
    expect(await store.settle('k', 3)).toBe(true);
    expect(dynamoMock.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({ ConditionExpression: 'failures = :seen', ExpressionAttributeValues: { ':seen': 3 } });
    expect(await store.settle('k', 0, { until: new Date('2026-12-21T09:00:00Z'), retainUntil: new Date('2026-12-21T09:00:00Z') })).toBe(false);
    const second = dynamoMock.commandCalls(UpdateCommand)[1]!.args[0].input;
    expect(second.ConditionExpression).toBe('attribute_not_exists(failures) OR failures = :seen');
    expect(second.UpdateExpression).toContain('trustedUntil = :trusted');
  });

  it('passes other errors on, and clears a key with a delete', async () => {
    dynamoMock.on(UpdateCommand).rejects(new Error('throttled'));
    await expect(createFailureCounterStore().settle('k', 1)).rejects.toThrow('throttled');
    dynamoMock.on(DeleteCommand).resolves({});
    await createFailureCounterStore().clear('k');
    expect(dynamoMock.commandCalls(DeleteCommand)[0]!.args[0].input.Key).toEqual({ pk: 'FAIL#k', sk: '#FAIL' });
  });
});

describe('throttle store (DynamoDB)', () => {
  it('adds one hit atomically, with the window TTL, and answers the count', async () => {
    dynamoMock.on(UpdateCommand).resolves({ Attributes: { hits: 7 } });
    expect(await createThrottleStore().hit('auth:source:x:1', new Date('2026-11-21T09:02:00Z'))).toBe(7);
    expect(dynamoMock.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: 'THROTTLE#auth:source:x:1', sk: '#WINDOW' },
      UpdateExpression: 'ADD hits :one SET entity = :entity, expiresAtEpoch = :ttl',
      ExpressionAttributeValues: { ':one': 1, ':ttl': Date.parse('2026-11-21T09:02:00Z') / 1000 },
    });
  });
});

describe('sign-in record store (DynamoDB)', () => {
  it('moves last to previous in one unconditional update, and raises the sign-out mark only upwards', async () => {
    dynamoMock.on(UpdateCommand).resolvesOnce({}).resolvesOnce({}).rejectsOnce(conditionFailed());
    const store = createSignInRecordStore();
    await store.recordSignIn('C1', 'E1', '2026-11-21T09:00:00.000Z');
    const first = dynamoMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(first.UpdateExpression).toBe('SET previousSignInAt = if_not_exists(lastSignInAt, :none), lastSignInAt = :at, entity = :entity');
    expect(first.ConditionExpression).toBeUndefined();
    await store.recordSignOut('C1', 'E1', 1_700_000_000);
    await store.recordSignOut('C1', 'E1', 1_600_000_000);
    expect(dynamoMock.commandCalls(UpdateCommand)[1]!.args[0].input.ConditionExpression).toBe('attribute_not_exists(signedOutAt) OR signedOutAt < :t');
  });
});

describe('origin-verify secret', () => {
  it('is read from Secrets Manager once per process when only its ARN is configured', async () => {
    delete process.env[ENV.originVerify];
    process.env[ENV.originVerifySecretArn] = 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:kagi-origin-verify';
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 's3cr3t' });
    const { originVerifySecret } = await import('../../../functions/adapters/secrets/origin-verify.js');
    expect(await originVerifySecret()).toBe('s3cr3t');
    expect(await originVerifySecret()).toBe('s3cr3t');
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });
});

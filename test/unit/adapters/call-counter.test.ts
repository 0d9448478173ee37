import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { callMilliseconds, countCallsOf, countedCalls, inCallScope, startCountingCalls } from '../../../functions/adapters/call-counter.js';

/** A client that never reaches the network: the build step answers every command. */
function offlineClient() {
  const client = countCallsOf(new DynamoDBClient({ region: 'ap-northeast-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }), 'DynamoDB');
  client.middlewareStack.add(() => async () => ({ output: { $metadata: {} }, response: {} }), { step: 'build', name: 'offline' });
  return client;
}

describe('AWS call counter', () => {
  it('counts each command once, by scope, service and operation, only after counting starts', async () => {
    const client = offlineClient();
    const get = new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } });
    await client.send(get);
    startCountingCalls();
    await client.send(get);
    await inCallScope('worker', async () => {
      await client.send(get);
      await client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' } } }));
      await client.send(new PutItemCommand({ TableName: 't', Item: { pk: { S: 'b' } } }));
    });
    expect(Object.fromEntries(countedCalls())).toEqual({
      'other DynamoDB GetItem': 1,
      'worker DynamoDB GetItem': 1,
      'worker DynamoDB PutItem': 2,
    });
    expect([...callMilliseconds().keys()].sort()).toEqual(['other DynamoDB GetItem', 'worker DynamoDB GetItem', 'worker DynamoDB PutItem']);
    startCountingCalls();
    expect(countedCalls().size).toBe(0);
  });
});

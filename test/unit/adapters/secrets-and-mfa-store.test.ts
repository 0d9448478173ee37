import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMfaStore } from '../../../functions/adapters/dynamodb/mfa-store.js';
import { ENV } from '../../../functions/shared/env.js';

const dynamoMock = mockClient(DynamoDBDocumentClient);
const secretsMock = mockClient(SecretsManagerClient);
const taro = { kind: 'employee', companyId: 'C1', accountId: 'E1' } as const;
const audit = { id: 'a1', companyId: 'C1', at: '2026-11-21T09:00:00.000Z', actor: 'taro', action: 'mfa.setup.confirm', result: 'success' } as const;

beforeEach(() => {
  dynamoMock.reset();
  secretsMock.reset();
  process.env[ENV.tableName] = 'kagi';
});

describe('TOTP key (Powertools parameters)', () => {
  it('is read from Secrets Manager once per process, only where the function was given its ARN', async () => {
    delete process.env[ENV.totpKey];
    process.env[ENV.totpKeySecretArn] = 'arn:aws:secretsmanager:ap-northeast-1:111122223333:secret:kagi-totp-key';
    secretsMock.on(GetSecretValueCommand).resolves({ SecretString: 'm'.repeat(64) });
    const { createTotpKeySource, totpKeyConfigured } = await import('../../../functions/adapters/secrets/totp-key.js');
    expect(totpKeyConfigured()).toBe(true);
    const source = createTotpKeySource();
    expect(await source.material()).toBe('m'.repeat(64));
    expect(await createTotpKeySource().material()).toBe('m'.repeat(64));
    expect(secretsMock.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    delete process.env[ENV.totpKeySecretArn];
    expect(totpKeyConfigured()).toBe(false);
    await expect(createTotpKeySource().material()).rejects.toThrow(/not given the TOTP key/);
  });
});

describe('second-factor store (DynamoDB)', () => {
  it('claims a time step with one conditional update, refusing a step already seen', async () => {
    dynamoMock.on(UpdateCommand).resolvesOnce({}).rejectsOnce(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    const store = createMfaStore();
    expect(await store.acceptStep(taro, 100)).toBe(true);
    expect(await store.acceptStep(taro, 100)).toBe(false);
    const input = dynamoMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Key: { pk: 'CO#C1#EMP#E1', sk: '#MFA' }, UpdateExpression: 'SET lastStep = :step' });
    expect(input.ConditionExpression).toBe('#status = :active AND (attribute_not_exists(lastStep) OR lastStep < :step)');
  });

  it('removes a backup code only while its hash is still there', async () => {
    dynamoMock.on(UpdateCommand).resolves({});
    await createMfaStore().consumeBackupCode(taro, 'c3', 'scrypt$hash');
    const input = dynamoMock.commandCalls(UpdateCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ UpdateExpression: 'REMOVE backupCodes.#slot', ConditionExpression: '#status = :active AND backupCodes.#slot = :hash', ExpressionAttributeNames: { '#slot': 'c3' } });
  });

  it('turns a factor on with the account status, its version and the 2FA counters in one transaction', async () => {
    dynamoMock.on(TransactWriteCommand).resolves({});
    // The audit entry's TTL comes from the company's retention (read once, then cached).
    dynamoMock.on(GetCommand).resolves({ Item: { settings: { auditRetentionDays: 120 } } });
    await createMfaStore().activate(taro, { pendingSecret: 'v1.sealed', step: 7, backupCodes: { c0: 'h' }, at: audit.at }, audit, { kind: 'internal' });
    const items = dynamoMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items).toHaveLength(4);
    expect(items[0]!.Update).toMatchObject({ Key: { pk: 'CO#C1#EMP#E1', sk: '#MFA' }, ConditionExpression: '#status = :pending AND pendingSecret = :secret' });
    expect(items[1]!.Update).toMatchObject({ Key: { pk: 'CO#C1#EMP#E1', sk: '#EMP' }, ExpressionAttributeValues: { ':to': 'active', ':kind': 'internal' } });
    expect(items[1]!.Update!.UpdateExpression).toContain('#version = #version + :one');
    expect(items[2]!.Update!.ExpressionAttributeNames).toEqual({ '#entity': 'entity', '#c0': 'mfa#unset', '#c1': 'mfa#set' });
    expect(items[2]!.Update!.ExpressionAttributeValues).toMatchObject({ ':c0': -1, ':c1': 1 });
    expect(items[3]!.Put!.Item).toMatchObject({ action: 'mfa.setup.confirm', expiresAtEpoch: Math.ceil(Date.parse(audit.at) / 1000) + 120 * 86_400 });
  });

  it("keeps a support operator's factor under SUPPORT#, with no account item or counter to move", async () => {
    dynamoMock.on(TransactWriteCommand).resolves({});
    dynamoMock.on(GetCommand).resolves({ Item: { status: 'active', sealedSecret: 'v1.x', backupCodes: { c0: 'h' } } });
    const ops = { kind: 'support', accountId: 'S1' } as const;
    expect(await createMfaStore().remove(ops, { ...audit, companyId: '~support', action: 'support.mfa.reset' })).toBe(true);
    const items = dynamoMock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => Object.keys(i)[0])).toEqual(['Delete', 'Put']);
    expect(items[0]!.Delete).toMatchObject({ Key: { pk: 'SUPPORT#S1', sk: '#MFA' }, ConditionExpression: '#status = :active' });
  });
});

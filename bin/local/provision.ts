import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { TABLE_DEF } from '../../functions/adapters/dynamodb/table-def.js';
import { cognito, dynamo, s3 } from '../../functions/adapters/aws-clients.js';

export const LOCAL_NAMES = { table: 'kagi', queueTable: 'kagi-local-queue', bucket: 'kagi-files', digestBucket: 'kagi-audit-digests', userPool: 'kagi-local', client: 'kagi-backend' } as const;

const indexOf = (g: (typeof TABLE_DEF.globalSecondaryIndexes)[number]): GlobalSecondaryIndex => ({
  IndexName: g.indexName,
  KeySchema: [
    { AttributeName: g.partitionKey, KeyType: 'HASH' },
    { AttributeName: g.sortKey, KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'ALL' },
});

/**
 * Creates the table from the shared definition, if it is not there yet; a table kept from an
 * earlier version gets the indexes it lacks (one at a time, as DynamoDB builds them).
 */
export async function ensureTable(): Promise<void> {
  const db = dynamo();
  try {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: LOCAL_NAMES.table }));
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
    for (const g of TABLE_DEF.globalSecondaryIndexes.filter((i) => !present.has(i.indexName))) {
      await db.send(
        new UpdateTableCommand({
          TableName: LOCAL_NAMES.table,
          AttributeDefinitions: [g.partitionKey, g.sortKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
          GlobalSecondaryIndexUpdates: [{ Create: indexOf(g) }],
        }),
      );
    }
    return;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  const attributes = new Set<string>([TABLE_DEF.partitionKey, TABLE_DEF.sortKey]);
  const indexes: GlobalSecondaryIndex[] = TABLE_DEF.globalSecondaryIndexes.map((g) => {
    attributes.add(g.partitionKey);
    attributes.add(g.sortKey);
    return indexOf(g);
  });
  await db.send(
    new CreateTableCommand({
      TableName: LOCAL_NAMES.table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE_DEF.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEF.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes,
    }),
  );
  await db.send(
    new UpdateTimeToLiveCommand({ TableName: LOCAL_NAMES.table, TimeToLiveSpecification: { AttributeName: TABLE_DEF.ttlAttribute, Enabled: true } }),
  );
}

/** The local job queue's own table (pk, sk), if it is not there yet. */
export async function ensureQueueTable(): Promise<void> {
  const db = dynamo();
  try {
    await db.send(new DescribeTableCommand({ TableName: LOCAL_NAMES.queueTable }));
    return;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  await db.send(
    new CreateTableCommand({
      TableName: LOCAL_NAMES.queueTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
}

/** The files bucket, readable by the local site's pages through presigned links (CORS, as in AWS), and the audit digest bucket (no Object Lock in s3rver; AWS has it). */
export async function ensureBucket(siteOrigins: string[]): Promise<void> {
  for (const Bucket of [LOCAL_NAMES.bucket, LOCAL_NAMES.digestBucket]) {
    try {
      await s3().send(new HeadBucketCommand({ Bucket }));
    } catch {
      await s3().send(new CreateBucketCommand({ Bucket }));
    }
  }
  await s3().send(
    new PutBucketCorsCommand({
      Bucket: LOCAL_NAMES.bucket,
      CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: siteOrigins, MaxAgeSeconds: 3600 }] },
    }),
  );
}

/** The user pool and the backend's confidential client, found by name or created. */
export async function ensureUserPool(): Promise<{ userPoolId: string; clientId: string }> {
  const idp = cognito();
  const pools = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === LOCAL_NAMES.userPool)?.Id;
  if (!userPoolId) {
    const created = await idp.send(
      new CreateUserPoolCommand({
        PoolName: LOCAL_NAMES.userPool,
        Policies: { PasswordPolicy: { MinimumLength: 10, RequireLowercase: false, RequireUppercase: false, RequireNumbers: false, RequireSymbols: false } },
        Schema: [{ Name: 'company_id', AttributeDataType: 'String', Mutable: false }],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      }),
    );
    userPoolId = created.UserPool!.Id!;
  }
  const clients = await idp.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === LOCAL_NAMES.client)?.ClientId;
  if (!clientId) {
    const created = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: LOCAL_NAMES.client,
        GenerateSecret: true,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        IdTokenValidity: 1,
        AccessTokenValidity: 1,
        RefreshTokenValidity: 30,
        TokenValidityUnits: { IdToken: 'hours', AccessToken: 'hours', RefreshToken: 'days' },
      }),
    );
    clientId = created.UserPoolClient!.ClientId!;
  }
  return { userPoolId, clientId };
}

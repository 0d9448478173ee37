import { existsSync } from 'node:fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEF } from '../../functions/adapters/dynamodb/table-def.js';
import { HANDLERS, JOBS, ROUTES, type HandlerAccess } from '../../functions/http/routes.js';
import { ENV } from '../../functions/shared/env.js';
import type { KagiFunction } from '../../lib/constructs/kagi-function.js';
import { asArray, synthKagi, type SynthesizedKagi } from './kagi-synth.js';
import { WAF_LIMITS } from '../../lib/constructs/edge-web-acl.js';
import { WEB_ACL_ARN_PARAMETER } from '../../lib/edge-stack.js';
import { PUBLIC_THROTTLE_FAMILIES } from '../../functions/core/guard/public-limits.js';
import { DELIVERY_LIMIT, STALL_AFTER_MS, VISIBILITY_TIMEOUT_SECONDS, WORKER_TIMEOUT_SECONDS } from '../../functions/core/jobs/delivery.js';
import { API_5XX_MIN_REQUESTS, API_5XX_PERCENT, LOGGED_ERRORS } from '../../lib/constructs/alarms.js';

let kagi: SynthesizedKagi;
beforeAll(() => {
  kagi = synthKagi();
});
afterAll(() => kagi?.dispose());

const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
// Opening a route to the public is a security decision: it has to be listed here too.
const PUBLIC_ROUTES = [
  'GET /api/health', 'POST /api/auth/login', 'POST /api/auth/new-password', 'POST /api/auth/refresh', 'POST /api/auth/logout',
  // The second step of a sign-in (its handle is the credential) and the support operators' own sign-in page.
  'POST /api/auth/mfa', 'POST /api/auth/support-login',
  // The web time clock checks a passcode without a sign-in.
  'POST /api/timeclock/verify',
  // The verify page: the link's token is the only credential.
  'GET /api/verification/{token}', 'POST /api/verification/{token}',
  // The sign-in page shows the company's display name once it knows the code.
  'GET /api/companies/{code}',
  // Self-registration: the company URL key and the mailed link's token are the only credentials.
  'POST /api/registration/{companyKey}', 'GET /api/registration/links/{token}', 'POST /api/registration/links/{token}',
  // The PC logon client: the enrollment key, then the device credential, checked by the handler itself.
  'POST /api/client/enroll', 'POST /api/client/authenticate', 'POST /api/client/events',
];

const resourcesOf = (type: string) => Object.entries(kagi.resources).filter(([, r]) => r.Type === type);
const propsOf = (construct: Parameters<SynthesizedKagi['logicalId']>[0]) => kagi.resources[kagi.logicalId(construct)]!.Properties;

function allFunctions(): Array<[string, KagiFunction, HandlerAccess, 'http' | 'worker']> {
  return [
    ...Object.entries(kagi.stack.handlers).map(([n, f]) => [n, f, HANDLERS[n as keyof typeof HANDLERS], 'http'] as const),
    ...Object.entries(kagi.stack.jobs.workers).map(([n, f]) => [n, f, JOBS[n as keyof typeof JOBS], 'worker'] as const),
  ] as Array<[string, KagiFunction, HandlerAccess, 'http' | 'worker']>;
}

/** Every IAM action the function's role is allowed, from the policies attached to it. */
function actionsOf(fn: KagiFunction): Set<string> {
  const roleId = kagi.logicalId(fn.function.role!);
  const actions = new Set<string>();
  for (const [, policy] of resourcesOf('AWS::IAM::Policy')) {
    if (!asArray(policy.Properties.Roles).some((r: any) => r.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      if (statement.Effect === 'Allow') asArray<string>(statement.Action).forEach((a) => actions.add(a));
    }
  }
  return actions;
}

/** The S3 actions the function's role is allowed on the objects of one bucket. */
function s3ActionsOn(fn: KagiFunction, bucket: { node: any }): string[] {
  const roleId = kagi.logicalId(fn.function.role!);
  const bucketId = kagi.logicalId(bucket as never);
  const actions = new Set<string>();
  for (const [, policy] of resourcesOf('AWS::IAM::Policy')) {
    if (!asArray(policy.Properties.Roles).some((r: any) => r.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      if (statement.Effect !== 'Allow' || !JSON.stringify(statement.Resource).includes(bucketId)) continue;
      asArray<string>(statement.Action).filter((a) => a.startsWith('s3:')).forEach((a) => actions.add(a));
    }
  }
  return [...actions].sort();
}

/** Logical ids of the secrets a function may read. */
function secretsReadBy(fn: KagiFunction): Set<string> {
  const roleId = kagi.logicalId(fn.function.role!);
  const secrets = new Set<string>();
  for (const [, policy] of resourcesOf('AWS::IAM::Policy')) {
    if (!asArray(policy.Properties.Roles).some((r: any) => r.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      if (statement.Effect !== 'Allow' || !asArray<string>(statement.Action).includes('secretsmanager:GetSecretValue')) continue;
      for (const resource of asArray<any>(statement.Resource)) if (resource.Ref) secrets.add(resource.Ref);
    }
  }
  return secrets;
}

describe('HTTP API', () => {
  const routes = () => new Map(resourcesOf('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties]));

  it('has exactly one route per entry of ROUTES', () => {
    expect([...routes().keys()].sort()).toEqual(ROUTES.map(routeKey).sort());
  });

  it('puts the Cognito JWT authorizer on every jwt route, admin routes included, and on nothing else', () => {
    const [[authorizerId]] = resourcesOf('AWS::ApiGatewayV2::Authorizer') as [[string, unknown]];
    for (const route of ROUTES) {
      const props = routes().get(routeKey(route));
      if (route.auth === 'jwt') expect(props, routeKey(route)).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      else expect(props.AuthorizationType, routeKey(route)).toBe('NONE');
    }
    const admin = [...routes().entries()].filter(([key]) => key.split(' ')[1]!.startsWith('/api/admin/'));
    expect(admin.length).toBeGreaterThan(0);
    for (const [key, props] of admin) expect(props.AuthorizationType, key).toBe('JWT');
    const open = [...routes().entries()].filter(([, p]) => p.AuthorizationType !== 'JWT').map(([key]) => key);
    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('accepts only ID tokens of the backend client of the kagi user pool', () => {
    const identity = kagi.stack.identity;
    kagi.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: kagi.logicalId(identity.client) }],
        Issuer: { 'Fn::GetAtt': [kagi.logicalId(identity.userPool), 'ProviderURL'] },
      },
    });
  });

  it('sends each route to the function of its handler module', () => {
    const integrations = Object.fromEntries(resourcesOf('AWS::ApiGatewayV2::Integration'));
    for (const route of ROUTES) {
      const target = routes().get(routeKey(route)).Target['Fn::Join'][1][1].Ref as string;
      expect(integrations[target]!.Properties.IntegrationUri, routeKey(route)).toEqual({
        'Fn::GetAtt': [kagi.logicalId(kagi.stack.handlers[route.handler].function), 'Arn'],
      });
    }
  });

  it('throttles and access-logs the default stage', () => {
    kagi.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });
});

describe('functions', () => {
  it('creates one function per handler module and per job', () => {
    expect(Object.keys(kagi.stack.handlers).sort()).toEqual(Object.keys(HANDLERS).sort());
    expect(Object.keys(kagi.stack.jobs.workers).sort()).toEqual(Object.keys(JOBS).sort());
  });

  it('runs every kagi function on Node.js 22, arm64, with source maps and its own log group', () => {
    for (const [name, fn] of allFunctions()) {
      const props = propsOf(fn.function);
      expect(props, name).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'kagi' } },
        LoggingConfig: { LogGroup: { Ref: kagi.logicalId(fn.node.findChild('Logs')) } },
      });
      expect(propsOf(fn.node.findChild('Logs')).RetentionInDays, name).toBe(30);
    }
  });

  it('sizes API handlers, heavy handlers and workers differently', () => {
    for (const [name, fn, access, kind] of allFunctions()) {
      const expected = kind === 'worker' ? [1024, 300] : access.heavy ? [1536, 29] : [512, 10];
      const props = propsOf(fn.function);
      expect([props.MemorySize, props.Timeout], name).toEqual(expected);
    }
  });

  it('tells a function the name of a resource only when it may use it', () => {
    for (const [name, fn, access] of allFunctions()) {
      const vars = Object.keys(propsOf(fn.function).Environment.Variables);
      expect(vars, name).toEqual(expect.arrayContaining([ENV.tableName, ENV.userPoolId, ENV.userPoolClientId, ENV.publicBaseUrl]));
      expect(vars.includes(ENV.filesBucket), `${name} files`).toBe(Boolean(access.files));
      expect(vars.includes(ENV.queueUrl), `${name} queue`).toBe(Boolean(access.queue));
      expect(vars.includes(ENV.mailFrom) && vars.includes(ENV.sesConfigurationSet), `${name} mail`).toBe(Boolean(access.mail));
      for (const v of vars) expect(v, name).toMatch(/^(KAGI_|NODE_OPTIONS$|POWERTOOLS_SERVICE_NAME$)/);
    }
  });

  it('grants exactly the table, files, queue and mail access of the manifest', () => {
    for (const [name, fn, access] of allFunctions()) {
      const actions = actionsOf(fn);
      expect(actions.has('dynamodb:Query'), name).toBe(true);
      expect(actions.has('dynamodb:PutItem'), `${name} table write`).toBe(access.table === 'readwrite');
      const expectedS3 = { undefined: [], read: ['s3:GetObject'], readwrite: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'] };
      expect(s3ActionsOn(fn, kagi.stack.files.bucket), `${name} files`).toEqual(expectedS3[String(access.files) as keyof typeof expectedS3]);
      // The seals of the log: the sweep only adds them, verify only reads them, nobody deletes one.
      const expectedSeals = { undefined: [], read: ['s3:GetObject'], write: ['s3:PutObject'] };
      expect(s3ActionsOn(fn, kagi.stack.auditDigests.bucket), `${name} seals`).toEqual(expectedSeals[String(access.digests) as keyof typeof expectedSeals]);
      expect(Object.keys(propsOf(fn.function).Environment.Variables).includes(ENV.auditDigestBucket), `${name} seals env`).toBe(Boolean(access.digests));
      expect(actions.has('sqs:SendMessage'), `${name} queue`).toBe(Boolean(access.queue));
      expect(actions.has('ses:SendEmail') && actions.has('ses:SendBulkEmail'), `${name} mail`).toBe(Boolean(access.mail));
      for (const a of actions) expect(a, name).not.toContain('*');
    }
  });

  it('grants exactly the Cognito actions of each access level', () => {
    const byLevel: Record<string, string[]> = {
      auth: ['DescribeUserPoolClient', 'AdminInitiateAuth'],
      'admin-read': ['AdminGetUser', 'DescribeUserPool', 'DescribeUserPoolClient'],
      'admin-write': [
        'AdminCreateUser', 'AdminSetUserPassword', 'AdminUpdateUserAttributes', 'AdminDisableUser', 'AdminEnableUser',
        'AdminDeleteUser', 'AdminUserGlobalSignOut', 'AdminGetUser', 'DescribeUserPoolClient',
      ],
    };
    for (const [name, fn, access] of allFunctions()) {
      const expected = [...new Set((access.cognito ?? []).flatMap((level) => byLevel[level]!))].map((a) => `cognito-idp:${a}`).sort();
      const granted = [...actionsOf(fn)].filter((a) => a.startsWith('cognito-idp:')).sort();
      expect(granted, name).toEqual(expected);
    }
  });

  it('keeps pdf-lib and fontkit out of every API handler bundle, which is ESM with a source map', () => {
    for (const [name, fn] of Object.entries(kagi.stack.handlers)) {
      const key = propsOf(fn.function).Code.S3Key as string;
      const code = kagi.readAsset(key, 'index.mjs');
      expect(code, name).not.toMatch(/["'](pdf-lib|fontkit|@pdf-lib\/[^"']*|@expo-google-fonts\/[^"']*)["']/);
      expect(code, name).toContain('createRequire');
      expect(existsSync(`${kagi.assetDir(key)}/index.mjs.map`), name).toBe(true);
    }
  });
});

describe('data and files', () => {
  it('builds the table from TABLE_DEF: keys, GSIs with all attributes, TTL, PITR, on demand, kept on delete', () => {
    const gsis = TABLE_DEF.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    kagi.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: TABLE_DEF.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DEF.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: gsis,
        TimeToLiveSpecification: { AttributeName: TABLE_DEF.ttlAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });

  it('blocks public access to every bucket and refuses plain HTTP on each', () => {
    const buckets = resourcesOf('AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    const policies = resourcesOf('AWS::S3::BucketPolicy').map(([, p]) => p.Properties);
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const policy = policies.find((p) => p.Bucket.Ref === id);
      expect(policy?.PolicyDocument.Statement, id).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      );
      const publicAllows = policy?.PolicyDocument.Statement.filter(
        (s: any) => s.Effect === 'Allow' && (s.Principal === '*' || s.Principal?.AWS === '*'),
      );
      expect(publicAllows, id).toEqual([]);
    }
  });

  it('indexes the audit log by whose account was acted on (gsi2), beside gsi1, all attributes projected', () => {
    const [[, table]] = resourcesOf('AWS::DynamoDB::Table') as [[string, any]];
    expect(table.Properties.GlobalSecondaryIndexes.map((g: any) => [g.IndexName, g.KeySchema.map((k: any) => k.AttributeName), g.Projection.ProjectionType])).toEqual([
      ['gsi1', ['gsi1pk', 'gsi1sk'], 'ALL'],
      ['gsi2', ['gsi2pk', 'gsi2sk'], 'ALL'],
    ]);
  });

  it('keeps the audit log seals under S3 Object Lock, compliance mode, one year', () => {
    const seals = propsOf(kagi.stack.auditDigests.bucket);
    expect(seals.ObjectLockEnabled).toBe(true);
    expect(seals.ObjectLockConfiguration).toEqual({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } });
    expect(seals.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(seals.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: kagi.logicalId(kagi.stack.files.accessLogsBucket) });
    // Kept past the longest retention a company may set, never removed with the stack.
    expect(seals.LifecycleConfiguration.Rules).toEqual(expect.arrayContaining([expect.objectContaining({ ExpirationInDays: 1861, Status: 'Enabled' })]));
    kagi.template.hasResource('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    // Only the sweep may add one, and only under audit-digests/.
    const writers = allFunctions().filter(([, fn]) => s3ActionsOn(fn, kagi.stack.auditDigests.bucket).includes('s3:PutObject')).map(([name]) => name);
    expect(writers).toEqual(['sweep']);
  });

  it('expires generated files after two days, registration-password files after their month, and logs access to the files and site buckets', () => {
    const files = propsOf(kagi.stack.files.bucket);
    const expiring = files.LifecycleConfiguration.Rules.filter((r: any) => r.ExpirationInDays !== undefined);
    expect(expiring.map((r: any) => [r.Prefix, r.ExpirationInDays, r.Status]).sort()).toEqual([
      ['imports/', 2, 'Enabled'],
      ['jobs/', 2, 'Enabled'],
      ['registration/', 35, 'Enabled'],
    ]);
    const logs = { Ref: kagi.logicalId(kagi.stack.files.accessLogsBucket) };
    expect(files.LoggingConfiguration.DestinationBucketName).toEqual(logs);
    expect(propsOf(kagi.stack.web.bucket).LoggingConfiguration.DestinationBucketName).toEqual(logs);
  });

  it('lets only the site read generated files across origins (the notice PDF download)', () => {
    const rules = propsOf(kagi.stack.files.bucket).CorsConfiguration.CorsRules;
    expect(rules).toHaveLength(1);
    expect(rules[0].AllowedMethods.sort()).toEqual(['GET', 'HEAD']);
    expect(rules[0].AllowedOrigins).toEqual([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [kagi.logicalId(kagi.stack.web.distribution), 'DomainName'] }]] }]);
    expect(propsOf(kagi.stack.web.bucket).CorsConfiguration).toBeUndefined();
  });
});

describe('identity', () => {
  it('lets only admins create users, signs in by username, and keeps the pool', () => {
    kagi.template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        UsernameAttributes: Match.absent(),
        AliasAttributes: Match.absent(),
        Policies: {
          PasswordPolicy: { MinimumLength: 10, RequireLowercase: false, RequireUppercase: false, RequireNumbers: false, RequireSymbols: false },
        },
        Schema: [{ Name: 'company_id', AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: Match.anyValue() }],
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
        DeletionProtection: 'ACTIVE',
      },
    });
  });

  it('has one confidential client for password sign-in only (plus the admin check of temporary passwords), without hosted OAuth', () => {
    kagi.template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const client = propsOf(kagi.stack.identity.client);
    expect(client).toMatchObject({
      GenerateSecret: true,
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 43200,
    });
    expect([...client.ExplicitAuthFlows].sort()).toEqual(['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);
    expect(client.AllowedOAuthFlows).toBeUndefined();
    expect(client.CallbackURLs).toBeUndefined();
  });

  it('never puts the client secret in the template (the backend reads it at cold start)', () => {
    expect(JSON.stringify(kagi.template.toJSON())).not.toMatch(/ClientSecret/i);
    const customResources = Object.values(kagi.resources).filter((r) => r.Type.startsWith('Custom::'));
    expect(customResources.map((r) => r.Type).sort()).toEqual(['Custom::AWS', 'Custom::CDKBucketDeployment']);
    // The one SDK-call custom resource reads the web ACL's ARN from SSM, nothing from Cognito.
    const sdkCall = JSON.parse(customResources.find((r) => r.Type === 'Custom::AWS')!.Properties.Create);
    expect(sdkCall).toMatchObject({ service: 'SSM', action: 'getParameter' });
    expect(JSON.stringify(sdkCall)).not.toMatch(/cognito/i);
  });
});

describe('jobs and schedules', () => {
  it('feeds the import worker one message at a time, at most five in parallel, with partial batch failures', () => {
    kagi.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: kagi.logicalId(kagi.stack.jobs.workers['worker'].function) },
      EventSourceArn: { 'Fn::GetAtt': [kagi.logicalId(kagi.stack.jobs.queue), 'Arn'] },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 5 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('hides a message for at least six worker timeouts and dead-letters it after three receives', () => {
    const queue = propsOf(kagi.stack.jobs.queue);
    const workerTimeout = propsOf(kagi.stack.jobs.workers['worker'].function).Timeout as number;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * workerTimeout);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [kagi.logicalId(kagi.stack.jobs.deadLetterQueue), 'Arn'] },
      maxReceiveCount: DELIVERY_LIMIT,
    });
    expect(DELIVERY_LIMIT).toBe(3);
    for (const [id, q] of resourcesOf('AWS::SQS::Queue')) expect(q.Properties.SqsManagedSseEnabled, id).toBe(true);
  });

  it('has the dead-letter queue consumed by the dead-letters function, one message at a time, with partial batch failures', () => {
    const consumers = resourcesOf('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes(kagi.logicalId(kagi.stack.jobs.deadLetterQueue)));
    expect(consumers.map(([, m]) => m.Properties)).toEqual([
      expect.objectContaining({
        FunctionName: { Ref: kagi.logicalId(kagi.stack.jobs.workers['dead-letters'].function) },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    ]);
    // The same limit the local queue dead-letters after, and the consumer's own margin over its timeout.
    expect(propsOf(kagi.stack.jobs.queue).RedrivePolicy.maxReceiveCount).toBe(DELIVERY_LIMIT);
    const consumerTimeout = propsOf(kagi.stack.jobs.workers['dead-letters'].function).Timeout as number;
    expect(propsOf(kagi.stack.jobs.deadLetterQueue).VisibilityTimeout).toBeGreaterThanOrEqual(6 * consumerTimeout);
    // It asks the worker to end the job: it may send to the job queue, and it knows the queue's URL.
    expect([...actionsOf(kagi.stack.jobs.workers['dead-letters'])]).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(propsOf(kagi.stack.jobs.workers['dead-letters'].function).Environment.Variables[ENV.queueUrl]).toEqual({ Ref: kagi.logicalId(kagi.stack.jobs.queue) });
  });

  it('stalls a job only after a visibility timeout and a worker timeout with no sign of life', () => {
    const workerTimeout = propsOf(kagi.stack.jobs.workers['worker'].function).Timeout as number;
    const visibility = propsOf(kagi.stack.jobs.queue).VisibilityTimeout as number;
    expect(workerTimeout).toBe(WORKER_TIMEOUT_SECONDS);
    expect(visibility).toBe(VISIBILITY_TIMEOUT_SECONDS);
    expect(STALL_AFTER_MS).toBeGreaterThanOrEqual((visibility + workerTimeout) * 1000);
  });

  it('runs the sweep function every minute', () => {
    kagi.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [kagi.logicalId(kagi.stack.jobs.workers.sweep.function), 'Arn'] } },
    });
  });
});

describe('registration-password expiry schedules', () => {
  const schedules = () => kagi.stack.schedules;
  const policiesOf = (fn: KagiFunction) => {
    const roleId = kagi.logicalId(fn.function.role!);
    return resourcesOf('AWS::IAM::Policy')
      .filter(([, p]) => asArray(p.Properties.Roles).some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
  };

  it('keeps the one-time schedules in their own group, run as a role that may invoke the expiry function only', () => {
    expect(resourcesOf('AWS::Scheduler::ScheduleGroup')).toHaveLength(1);
    const role = propsOf(schedules().expiryRole);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' } }),
    ]);
    const roleId = kagi.logicalId(schedules().expiryRole);
    const statements = resourcesOf('AWS::IAM::Policy')
      .filter(([, p]) => asArray(p.Properties.Roles).some((r: any) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    expect(statements.flatMap((st) => asArray<string>(st.Action))).toEqual(['lambda:InvokeFunction']);
    const expiryArn = { 'Fn::GetAtt': [kagi.logicalId(kagi.stack.jobs.workers['registration-expiry'].function), 'Arn'] };
    expect(JSON.stringify(statements[0].Resource)).toContain(JSON.stringify(expiryArn));
  });

  it('lets only the functions marked `schedules` create them: in that group, passing that role, with their names in the environment', () => {
    const groupName = kagi.stack.resolve(schedules().expiryGroup.scheduleGroupName);
    for (const [name, fn, access] of allFunctions()) {
      const statements = policiesOf(fn);
      const creates = statements.filter((st) => asArray<string>(st.Action).some((a) => a.startsWith('scheduler:')));
      const passes = statements.filter((st) => asArray<string>(st.Action).includes('iam:PassRole'));
      const vars = propsOf(fn.function).Environment?.Variables ?? {};
      if (!access.schedules) {
        expect([creates, passes], name).toEqual([[], []]);
        expect(vars[ENV.scheduleGroup], name).toBeUndefined();
        continue;
      }
      expect(creates.flatMap((st) => asArray<string>(st.Action)), name).toEqual(['scheduler:CreateSchedule']);
      expect(JSON.stringify(creates[0].Resource), name).toContain(`:schedule/${groupName}/*`);
      expect(passes.map((st) => st.Resource), name).toEqual([{ 'Fn::GetAtt': [kagi.logicalId(schedules().expiryRole), 'Arn'] }]);
      expect(vars[ENV.scheduleGroup], name).toEqual(groupName);
      expect(vars[ENV.schedulerRoleArn], name).toEqual({ 'Fn::GetAtt': [kagi.logicalId(schedules().expiryRole), 'Arn'] });
      expect(vars[ENV.expiryFunctionArn], name).toEqual({ 'Fn::GetAtt': [kagi.logicalId(kagi.stack.jobs.workers['registration-expiry'].function), 'Arn'] });
    }
    expect(JOBS.worker).toMatchObject({ schedules: true });
  });
});

describe('mail delivery events', () => {
  it('publishes send, delivery, bounce, complaint and reject events of the configuration set to EventBridge', () => {
    kagi.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: kagi.logicalId(kagi.stack.mail.configurationSet) },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['send', 'delivery', 'bounce', 'complaint', 'reject'],
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      },
    });
  });

  it('routes the configuration set\'s SES events to the mail-events handler, and nothing else does', () => {
    // The clock-event bus's own rule (tested below) is on its own bus; SES events reach the default one.
    const rules = resourcesOf('AWS::Events::Rule').filter(([, r]) => (r as any).Properties.EventBusName === undefined);
    expect(rules).toHaveLength(1);
    const [, rule] = rules[0] as [string, any];
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: kagi.logicalId(kagi.stack.mail.configurationSet) }] } } },
    });
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [kagi.logicalId(kagi.stack.jobs.workers['mail-events'].function), 'Arn'] });
  });

  it('gives the account send rate to every mail sender and to the settings (for the estimate) only', () => {
    for (const [name, fn, access] of allFunctions()) {
      const vars = Object.keys(propsOf(fn.function).Environment?.Variables ?? {});
      expect(vars.includes(ENV.sesSendRate), name).toBe(Boolean(access.mail || ('sendRate' in access && access.sendRate)));
    }
    expect(HANDLERS.settings).toMatchObject({ sendRate: true });
    expect('mail' in HANDLERS.settings).toBe(false);
  });
});

describe('web', () => {
  const distribution = () => propsOf(kagi.stack.web.distribution).DistributionConfig;

  it('serves the site from a private bucket over HTTPS, client-side routes through a viewer function', () => {
    const config = distribution();
    const [[rewriteId]] = resourcesOf('AWS::CloudFront::Function') as [[string, unknown]];
    const [[headersId, headers]] = resourcesOf('AWS::CloudFront::ResponseHeadersPolicy') as [[string, any]];
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [rewriteId, 'FunctionARN'] } }],
      ResponseHeadersPolicyId: { Ref: headersId },
    });
    expect(headers.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toMatchObject({
      StrictTransportSecurity: { Override: true },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY' },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
      ContentSecurityPolicy: { ContentSecurityPolicy: expect.stringContaining("frame-ancestors 'none'") },
    });
    const siteOrigin = config.Origins.find((o: any) => o.Id === config.DefaultCacheBehavior.TargetOriginId);
    expect(siteOrigin.OriginAccessControlId).toBeDefined();
    expect(siteOrigin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    // Error pages would turn the API's own 403/404 into index.html.
    expect(config.CustomErrorResponses).toBeUndefined();
  });

  it('forwards /api/* uncached to the HTTP API on the same origin', () => {
    const config = distribution();
    const api = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    });
    const origin = config.Origins.find((o: any) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain(kagi.logicalId(kagi.stack.api.httpApi));
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });

  it('deploys the Vite build and a runtime config.json with a same-origin API base', () => {
    const deployment = resourcesOf('Custom::CDKBucketDeployment')[0]![1].Properties;
    expect(deployment.DestinationBucketName).toEqual({ Ref: kagi.logicalId(kagi.stack.web.bucket) });
    const dirs = (deployment.SourceObjectKeys as string[]).map((key) => kagi.assetDir(key));
    expect(dirs.some((dir) => existsSync(`${dir}/index.html`))).toBe(true);
    const configKey = (deployment.SourceObjectKeys as string[]).find((key) => existsSync(`${kagi.assetDir(key)}/config.json`));
    expect(JSON.parse(kagi.readAsset(configKey!, 'config.json'))).toEqual({ apiBaseUrl: '' });
  });
});

describe('edge protection (WAF, client address)', () => {
  const edgeResources = () => Object.entries(kagi.edgeTemplate.toJSON().Resources as Record<string, any>);

  it('puts a CloudFront-scope web ACL in us-east-1 with per-address rate rules, tighter on the public API routes', () => {
    expect(kagi.edge.region).toBe('us-east-1');
    const [[, acl]] = edgeResources().filter(([, r]) => r.Type === 'AWS::WAFv2::WebACL') as [[string, any]];
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const rules = Object.fromEntries(acl.Properties.Rules.map((r: any) => [r.Name, r]));
    const all = rules.RatePerAddressAll.Statement.RateBasedStatement;
    const open = rules.RatePerAddressPublicRoutes.Statement.RateBasedStatement;
    expect(all).toMatchObject({ AggregateKeyType: 'IP', Limit: WAF_LIMITS.allPer5Min, EvaluationWindowSec: 300 });
    expect(open).toMatchObject({ AggregateKeyType: 'IP', Limit: WAF_LIMITS.publicPer5Min });
    expect(open.Limit).toBeLessThan(all.Limit);
    const prefixes = open.ScopeDownStatement.OrStatement.Statements.map((st: any) => st.ByteMatchStatement.SearchString);
    expect(prefixes.sort()).toEqual(['/api/auth/', '/api/client/', '/api/companies/', '/api/registration/', '/api/timeclock/', '/api/verification/']);
    // Every public route of the API lies under one of them (health excepted).
    for (const key of PUBLIC_ROUTES.filter((k) => k !== 'GET /api/health')) expect(prefixes.some((p: string) => key.split(' ')[1]!.startsWith(p)), key).toBe(true);
    for (const name of ['RatePerAddressAll', 'RatePerAddressPublicRoutes']) {
      expect(rules[name].Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429, CustomResponseBodyKey: 'TooManyRequests' } } });
    }
    expect(JSON.parse(acl.Properties.CustomResponseBodies.TooManyRequests.Content)).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS' } });
  });

  it('associates the web ACL with the distribution through the SSM hand-off', () => {
    const [[paramId, param]] = edgeResources().filter(([, r]) => r.Type === 'AWS::SSM::Parameter') as [[string, any]];
    const [[aclId]] = edgeResources().filter(([, r]) => r.Type === 'AWS::WAFv2::WebACL') as [[string, any]];
    expect(param.Properties).toMatchObject({ Name: WEB_ACL_ARN_PARAMETER, Value: { 'Fn::GetAtt': [aclId, 'Arn'] } });
    void paramId;
    const [[readerId, reader]] = resourcesOf('Custom::AWS') as [[string, any]];
    const create = JSON.stringify(reader.Properties.Create);
    expect(create).toContain('getParameter');
    expect(create).toContain(WEB_ACL_ARN_PARAMETER);
    expect(create).toContain('us-east-1');
    expect(propsOf(kagi.stack.web.distribution).DistributionConfig.WebACLId).toEqual({ 'Fn::GetAtt': [readerId, 'Parameter.Value'] });
    expect(kagi.stack.dependencies.map((d) => d.node.id)).toContain('KagiEdge');
  });

  it('sends the origin-verify secret to the API and lets only the HTTP functions read it', () => {
    const secretId = kagi.logicalId(kagi.stack.originVerify.secret);
    const config = propsOf(kagi.stack.web.distribution).DistributionConfig;
    const api = config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');
    const origin = config.Origins.find((o: any) => o.Id === api.TargetOriginId);
    const [header] = origin.OriginCustomHeaders;
    expect(header.HeaderName).toBe('X-Origin-Verify');
    // A dynamic reference: the value itself is never in the template.
    expect(JSON.stringify(header.HeaderValue)).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(header.HeaderValue)).toContain(secretId);
    for (const [name, fn, , kind] of allFunctions()) {
      const env = propsOf(fn.function).Environment.Variables;
      const actions = actionsOf(fn);
      if (kind === 'http') {
        expect(env[ENV.originVerifySecretArn], name).toEqual({ Ref: secretId });
        expect(secretsReadBy(fn).has(secretId), name).toBe(true);
      } else {
        expect(env[ENV.originVerifySecretArn], name).toBeUndefined();
        expect(actions.has('secretsmanager:GetSecretValue'), name).toBe(false);
      }
    }
  });

  it('generates the TOTP key in the stack, keeps it on deletion, and lets only the functions that verify or set up codes read it', () => {
    const keyId = kagi.logicalId(kagi.stack.totpKey.secret);
    const key = kagi.resources[keyId]!;
    expect(key.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(key.DeletionPolicy).toBe('Retain');
    const readers = allFunctions().filter(([, fn]) => secretsReadBy(fn).has(keyId)).map(([name]) => name).sort();
    expect(readers).toEqual(['auth', 'client', 'mfa']);
    for (const [name, fn, access] of allFunctions()) {
      const env = propsOf(fn.function).Environment.Variables;
      expect(env[ENV.totpKeySecretArn], name).toEqual(access.totpKey ? { Ref: keyId } : undefined);
      expect(env[ENV.totpKey], name).toBeUndefined();
    }
    expect(JSON.stringify(kagi.template.toJSON())).not.toMatch(/"SecretString"/);
  });

  it('has a clock-event bus with a rule to a retained log group, and lets only the client handler put events on it', () => {
    const busId = kagi.logicalId(kagi.stack.clockBus.bus);
    expect(kagi.resources[busId]!.Type).toBe('AWS::Events::EventBus');
    const rule = kagi.resources[kagi.logicalId(kagi.stack.clockBus.rule)]!;
    expect(rule.Properties.EventBusName).toEqual({ Ref: busId });
    expect(rule.Properties.EventPattern).toEqual({ source: ['kagi.attendance'], 'detail-type': ['ClockEvent'] });
    const logId = kagi.logicalId(kagi.stack.clockBus.logGroup);
    expect(JSON.stringify(rule.Properties.Targets)).toContain(logId);
    expect(kagi.resources[logId]!.DeletionPolicy).toBe('Retain');
    const putters = allFunctions().filter(([, fn]) => actionsOf(fn).has('events:PutEvents')).map(([name]) => name);
    expect(putters).toEqual(['client']);
    for (const [name, fn, access] of allFunctions()) {
      expect(propsOf(fn.function).Environment.Variables[ENV.clockBusName], name).toEqual(access.clockBus ? { Ref: busId } : undefined);
    }
  });

  it('lets every public route\'s function update the table (throttle windows and failure counters live there)', () => {
    const publicHandlers = new Set(ROUTES.filter((r) => r.auth === 'none' && r.path !== '/api/health').map((r) => r.handler));
    expect([...publicHandlers].sort()).toEqual(['auth', 'client', 'companies', 'registration', 'timeclock', 'verification']);
    for (const name of publicHandlers) {
      const fn = kagi.stack.handlers[name];
      expect(actionsOf(fn).has('dynamodb:UpdateItem'), name).toBe(true);
      expect(actionsOf(fn).has('dynamodb:BatchGetItem'), name).toBe(true);
    }
  });

  it('keeps the API stage limit well above what one address may send', () => {
    const [[, stage]] = resourcesOf('AWS::ApiGatewayV2::Stage') as [[string, any]];
    const perSecond = stage.Properties.DefaultRouteSettings.ThrottlingRateLimit;
    expect(perSecond).toBeGreaterThanOrEqual(10 * (PUBLIC_THROTTLE_FAMILIES.auth.perSource.limit / PUBLIC_THROTTLE_FAMILIES.auth.perSource.windowSeconds));
  });
});

describe('alarms', () => {
  const topicRef = () => ({ Ref: kagi.logicalId(kagi.stack.alarms.topic) });
  const alarmProps = (alarm: Parameters<SynthesizedKagi['logicalId']>[0]) => propsOf(alarm);
  /** The metrics an alarm's math expression reads, by id. */
  const metricsOf = (alarm: Parameters<SynthesizedKagi['logicalId']>[0]) =>
    Object.fromEntries((alarmProps(alarm).Metrics as any[]).filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat.Metric])) as Record<string, any>;
  const jobFunctionRefs = () => Object.values(kagi.stack.jobs.workers).map((w) => ({ Ref: kagi.logicalId(w.function) }));

  it('notifies one KMS-encrypted SNS topic whose mail subscriber is the AlarmEmail parameter', () => {
    const parameter = kagi.template.toJSON().Parameters.AlarmEmail;
    expect(parameter).toMatchObject({ Type: 'String' });
    expect(new RegExp(parameter.AllowedPattern).test('ops@example.co.jp')).toBe(true);
    expect(new RegExp(parameter.AllowedPattern).test('not an address')).toBe(false);
    expect(resourcesOf('AWS::SNS::Topic')).toHaveLength(1);
    expect(propsOf(kagi.stack.alarms.topic).KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    kagi.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' }, TopicArn: topicRef() });
    // CloudWatch publishes to the encrypted topic: the topic key lets it.
    const keyId = (propsOf(kagi.stack.alarms.topic).KmsMasterKeyId as any)['Fn::GetAtt'][0];
    const statements = kagi.resources[keyId]!.Properties.KeyPolicy.Statement as any[];
    expect(statements.some((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com' && asArray(s.Action).includes('kms:GenerateDataKey*'))).toBe(true);
  });

  it('has exactly the four alarms, each telling the topic when it fires and when it clears', () => {
    const alarms = resourcesOf('AWS::CloudWatch::Alarm');
    const ours = [kagi.stack.alarms.deadLetters, kagi.stack.alarms.workerErrors, kagi.stack.alarms.apiServerErrors, kagi.stack.alarms.jobThrottles].map((a) => kagi.logicalId(a));
    expect(alarms.map(([id]) => id).sort()).toEqual([...ours].sort());
    for (const [id, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions, id).toEqual([topicRef()]);
      expect(alarm.Properties.OKActions, id).toEqual([topicRef()]);
      expect(alarm.Properties.TreatMissingData, id).toBe('notBreaching');
      expect(alarm.Properties.AlarmDescription, id).toMatch(/^kagi: /);
    }
  });

  it('fires when the dead-letter queue holds any message', () => {
    expect(alarmProps(kagi.stack.alarms.deadLetters)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [kagi.logicalId(kagi.stack.jobs.deadLetterQueue), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  it('fires on any error of a job function: Lambda errors of each, and errors they log (a chunk reported back to SQS)', () => {
    const props = alarmProps(kagi.stack.alarms.workerErrors);
    expect(props).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1 });
    const metrics = Object.values(metricsOf(kagi.stack.alarms.workerErrors));
    const errorsOf = metrics.filter((m) => m.Namespace === 'AWS/Lambda' && m.MetricName === 'Errors').map((m) => m.Dimensions[0].Value);
    expect(errorsOf).toEqual(expect.arrayContaining(jobFunctionRefs()));
    expect(errorsOf).toHaveLength(jobFunctionRefs().length);
    expect(metrics).toContainEqual({ Namespace: LOGGED_ERRORS.namespace, MetricName: LOGGED_ERRORS.metricName });
    const expression = (props.Metrics as any[]).find((m) => m.Expression).Expression as string;
    for (const m of props.Metrics as any[]) if (m.MetricStat) expect(expression).toContain(`FILL(${m.Id}, 0)`);
    // Every job function's log group counts its ERROR lines into that metric.
    const filters = resourcesOf('AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    for (const worker of Object.values(kagi.stack.jobs.workers)) {
      expect(filters).toContainEqual(
        expect.objectContaining({
          LogGroupName: { Ref: kagi.logicalId(worker.logGroup) },
          FilterPattern: expect.stringMatching(/\$\.level\s*=\s*"?ERROR/),
          MetricTransformations: [expect.objectContaining({ MetricNamespace: LOGGED_ERRORS.namespace, MetricName: LOGGED_ERRORS.metricName, MetricValue: '1' })],
        }),
      );
    }
  });

  it(`fires when ${API_5XX_PERCENT}% or more of the API's requests answer 5xx, once there is traffic enough to tell`, () => {
    const props = alarmProps(kagi.stack.alarms.apiServerErrors);
    expect(props).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: API_5XX_PERCENT });
    const metrics = metricsOf(kagi.stack.alarms.apiServerErrors);
    const apiId = { Ref: kagi.logicalId(kagi.stack.api.httpApi) };
    expect(Object.values(metrics)).toEqual(
      expect.arrayContaining([
        { Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: apiId }] },
        { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'ApiId', Value: apiId }] },
      ]),
    );
    const expression = (props.Metrics as any[]).find((m) => m.Expression).Expression as string;
    expect(expression).toMatch(new RegExp(`>= ${API_5XX_MIN_REQUESTS}`));
    expect(expression).toMatch(/100 \* /);
  });

  it('fires when Lambda throttles any job function', () => {
    const props = alarmProps(kagi.stack.alarms.jobThrottles);
    expect(props).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1 });
    const throttled = Object.values(metricsOf(kagi.stack.alarms.jobThrottles)).filter((m) => m.Namespace === 'AWS/Lambda' && m.MetricName === 'Throttles');
    expect(throttled.map((m) => m.Dimensions[0].Value)).toEqual(expect.arrayContaining(jobFunctionRefs()));
    expect(throttled).toHaveLength(jobFunctionRefs().length);
  });
});

describe('outputs', () => {
  it('names the site, API, user pool, client and buckets', () => {
    const outputs = Object.keys(kagi.template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining(['SiteUrl', 'ApiUrl', 'UserPoolId', 'UserPoolClientId', 'FilesBucketName', 'SiteBucketName']),
    );
    kagi.template.hasParameter('SenderEmail', { Type: 'String' });
    kagi.template.hasParameter('AlarmEmail', { Type: 'String' });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in either stack', () => {
    for (const stack of [kagi.stack, kagi.edge]) {
      const report = new AwsSolutionsChecks().validateScope(stack);
      const findings = report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
      expect(findings).toEqual([]);
    }
  });

  it('does report findings (the check above can fail)', () => {
    const probe = new Stack(new App(), 'Probe');
    new Bucket(probe, 'PlainBucket');
    const rules = new AwsSolutionsChecks().validateScope(probe).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });

  it('gives every acknowledgement a reason and scopes it below the stack', () => {
    const acknowledgements: Array<{ path: string; id: string; reason: unknown }> = [];
    for (const construct of kagi.stack.node.findAll()) {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) {
          acknowledgements.push({ path: construct.node.path, id, reason });
        }
      }
    }
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      expect(id, path).toMatch(/^Annotation::AwsSolutions-[A-Z]+\d+/);
      expect(typeof reason === 'string' && reason.trim().length >= 30, `${id} at ${path}`).toBe(true);
      expect(path, id).not.toBe(kagi.stack.node.path);
    }
  });
});

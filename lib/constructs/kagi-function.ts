import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { HandlerAccess } from '../../functions/http/routes.js';
import { ENV } from '../../functions/shared/env.js';
import { noticeFontPaths } from '../../functions/jobs/pdf/fonts.js';
import { WORKER_TIMEOUT_SECONDS } from '../../functions/core/jobs/delivery.js';
import { acknowledge, arnRef } from '../nag.js';
import { REPO_ROOT, repoPath } from '../paths.js';
import type { Identity } from './identity.js';
import type { Mail } from './mail.js';

/** What a function may be bound to; `KagiFunction` binds only what its access flags name. */
export interface FunctionResources {
  readonly table: ITable;
  readonly filesBucket: IBucket;
  /** The audit log's locked day seals. */
  readonly digestBucket: IBucket;
  readonly queue: IQueue;
  readonly mail: Mail;
  readonly identity: Identity;
  /** The site's public URL (CloudFront), for links in mails and PDFs. */
  readonly publicBaseUrl: string;
  /** HTTP functions: the X-Origin-Verify secret, to trust CloudFront's viewer address. */
  readonly originVerify?: ISecret;
  /** The key material sealing TOTP secrets, for functions whose access says `totpKey`. */
  readonly totpKey?: ISecret;
  /** The clock-event bus (打刻連携), for functions whose access says `clockBus`. */
  readonly clockBus?: IEventBus;
}

export type FunctionKind = 'http' | 'worker';

export interface KagiFunctionProps {
  /** Path of the module exporting `handler`. */
  readonly entry: string;
  readonly kind: FunctionKind;
  readonly access: HandlerAccess;
  readonly resources: FunctionResources;
}

const SIZES = {
  http: { memorySize: 512, timeout: Duration.seconds(10) },
  // API Gateway cuts every integration at 30 s.
  heavyHttp: { memorySize: 1536, timeout: Duration.seconds(29) },
  worker: { memorySize: 1024, timeout: Duration.seconds(WORKER_TIMEOUT_SECONDS) },
} as const;

// ESM output still meets CommonJS dependencies that call require(); give them one.
const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

// The SDK v3 ships with the Node.js 22 runtime, but kagi bundles the clients it uses: measured in
// fresh processes, a handler with its SDK clients bundled and minified loads in about half the time
// it takes with the runtime's copy (README, bench section; `KAGI_BENCH_ONLY=bundles`). The bench
// builds the runtime-copy variant with this list.
export const RUNTIME_PROVIDED = ['@aws-sdk/*'];
// PDF rendering belongs to workers. Left external in API bundles, an accidental import shows up
// as a bare import in the bundle (the infra tests look for it) instead of megabytes of fonts.
export const NEVER_IN_API = ['pdf-lib', '@pdf-lib/*', 'fontkit', '@expo-google-fonts/*'];

function fontCopyHooks() {
  const paths = Object.values(noticeFontPaths());
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_input: string, output: string) => [`mkdir -p "${output}/fonts"`, ...paths.map((p) => `cp "${p}" "${output}/fonts/"`)],
  };
}

/**
 * How every kagi function is bundled (esbuild through NodejsFunction). The bench builds variants
 * of it (the SDK bundled in, unminified) to compare their cold loads against this one.
 */
export function bundlingOf(kind: FunctionKind, access: HandlerAccess): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: ESM_REQUIRE_BANNER,
    minify: true,
    sourceMap: true,
    logLevel: LogLevel.WARNING,
    sourcesContent: false,
    // Japanese messages stay UTF-8 instead of \u escapes. (`charset` is not passed on to
    // esbuild by aws-cdk-lib 2.276, hence the raw flag.)
    esbuildArgs: { '--charset': 'utf8' },
    // Nothing of the SDK is external: see RUNTIME_PROVIDED.
    externalModules: kind === 'http' ? NEVER_IN_API : [],
    // What each input adds to the bundle: the bench and the infra test read the size without the SDK from it.
    metafile: true,
    // esbuild cannot bundle font files: copy them beside the bundle (read from fonts/ at run time).
    ...(access.fonts ? { commandHooks: fontCopyHooks() } : {}),
  };
}

/**
 * One kagi Lambda function: Node.js 22 on arm64, ESM bundle (SDK clients included) with source maps, its own log group
 * (one month), and exactly the grants and environment its access flags ask for.
 */
export class KagiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: KagiFunctionProps) {
    super(scope, id);
    const size = props.kind === 'worker' ? SIZES.worker : props.access.heavy ? SIZES.heavyHttp : SIZES.http;
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    this.logGroup = logGroup;
    // An own role instead of AWSLambdaBasicExecutionRole: write to this log group only.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);

    const { identity, publicBaseUrl } = props.resources;
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      ...size,
      role,
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'kagi',
        [ENV.userPoolId]: identity.userPool.userPoolId,
        [ENV.userPoolClientId]: identity.client.userPoolClientId,
        [ENV.publicBaseUrl]: publicBaseUrl,
      },
      bundling: bundlingOf(props.kind, props.access),
    });
    acknowledge(
      this,
      'L1',
      'Node.js 22 is the runtime kagi targets and tests on (DESIGN.md §9); moving to a newer runtime is a deliberate upgrade, not a side effect of a CDK bump.',
    );
    this.bind(props.access, props.resources);
    if (props.kind === 'http' && props.resources.originVerify) {
      props.resources.originVerify.grantRead(this.function);
      this.function.addEnvironment(ENV.originVerifySecretArn, props.resources.originVerify.secretArn);
    }
  }

  private bind(access: HandlerAccess, resources: FunctionResources): void {
    const fn = this.function;
    if (access.table === 'readwrite') resources.table.grantReadWriteData(fn);
    else resources.table.grantReadData(fn);
    fn.addEnvironment(ENV.tableName, resources.table.tableName);
    acknowledge(
      this,
      `IAM5[Resource::${arnRef(resources.table)}/index/*]`,
      'Queries run on the global secondary indexes of the one kagi table; the pattern covers only that table.',
    );

    if (access.files) {
      const actions = access.files === 'readwrite' ? ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] : ['s3:GetObject'];
      fn.addToRolePolicy(new PolicyStatement({ actions, resources: [resources.filesBucket.arnForObjects('*')] }));
      fn.addEnvironment(ENV.filesBucket, resources.filesBucket.bucketName);
      acknowledge(
        this,
        `IAM5[Resource::${arnRef(resources.filesBucket)}/*]`,
        'Object keys are generated per request (exports, notices, staged imports); access is limited to objects of the files bucket.',
      );
    }

    if (access.digests) {
      // Write means add a seal, never read one back or remove one (Object Lock forbids that anyway).
      const actions = access.digests === 'write' ? ['s3:PutObject'] : ['s3:GetObject'];
      fn.addToRolePolicy(new PolicyStatement({ actions, resources: [resources.digestBucket.arnForObjects('audit-digests/*')] }));
      fn.addEnvironment(ENV.auditDigestBucket, resources.digestBucket.bucketName);
      acknowledge(
        this,
        `IAM5[Resource::${arnRef(resources.digestBucket)}/audit-digests/*]`,
        'One seal object per company and day under audit-digests/; access is limited to that prefix of the digest bucket.',
      );
    }

    if (access.queue) {
      resources.queue.grantSendMessages(fn);
      fn.addEnvironment(ENV.queueUrl, resources.queue.queueUrl);
    }

    if (access.mail) {
      resources.mail.grantSend(fn);
      fn.addEnvironment(ENV.mailFrom, resources.mail.senderEmail);
      fn.addEnvironment(ENV.sesConfigurationSet, resources.mail.configurationSet.configurationSetName);
      fn.addEnvironment(ENV.sesSendRate, String(resources.mail.sendRatePerSecond));
    }

    if (access.totpKey) {
      if (!resources.totpKey) throw new Error('A function that verifies second-factor codes needs the TOTP key');
      resources.totpKey.grantRead(fn);
      fn.addEnvironment(ENV.totpKeySecretArn, resources.totpKey.secretArn);
    }

    if (access.clockBus) {
      if (!resources.clockBus) throw new Error('A function that publishes clock events needs the clock-event bus');
      resources.clockBus.grantPutEventsTo(fn);
      fn.addEnvironment(ENV.clockBusName, resources.clockBus.eventBusName);
    }

    if (access.sendRate && !access.mail) fn.addEnvironment(ENV.sesSendRate, String(resources.mail.sendRatePerSecond));

    resources.identity.grant(fn, access.cognito ?? []);
  }
}

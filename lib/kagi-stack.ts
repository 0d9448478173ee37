import { CfnOutput, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { JOBS, type HandlerAccess, type HandlerName } from '../functions/http/routes.js';
import { Alarms } from './constructs/alarms.js';
import { Api } from './constructs/api.js';
import { Files } from './constructs/files.js';
import { AuditDigests } from './constructs/audit-digests.js';
import { Identity } from './constructs/identity.js';
import { Jobs } from './constructs/jobs.js';
import type { KagiFunction } from './constructs/kagi-function.js';
import { Mail } from './constructs/mail.js';
import { Schedules } from './constructs/schedules.js';
import { KagiTable } from './constructs/table.js';
import { Web } from './constructs/web.js';
import { OriginVerify } from './constructs/origin-verify.js';
import { TotpKey } from './constructs/totp-key.js';
import { ClockBus } from './constructs/clock-bus.js';
import { WebAclRef } from './constructs/web-acl-ref.js';
import { WEB_ACL_ARN_PARAMETER } from './edge-stack.js';

/** Everything kagi runs on in AWS, in one environment-agnostic stack. */
export class KagiStack extends Stack {
  readonly table: KagiTable;
  readonly identity: Identity;
  readonly mail: Mail;
  readonly files: Files;
  readonly auditDigests: AuditDigests;
  readonly api: Api;
  readonly handlers: Record<HandlerName, KagiFunction>;
  readonly web: Web;
  readonly jobs: Jobs;
  readonly schedules: Schedules;
  readonly originVerify: OriginVerify;
  readonly totpKey: TotpKey;
  readonly clockBus: ClockBus;
  readonly webAcl: WebAclRef;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const senderEmail = new CfnParameter(this, 'SenderEmail', {
      type: 'String',
      description: 'Sender address of every kagi mail; SES sends a verification mail to it on deploy.',
      allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      constraintDescription: 'must be a mail address',
    });

    const alarmEmail = new CfnParameter(this, 'AlarmEmail', {
      type: 'String',
      description: 'Who is told when an alarm fires (dead-lettered job chunks, worker errors, API 5xx rate, throttled job functions); confirms the SNS subscription once.',
      allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      constraintDescription: 'must be a mail address',
    });

    this.table = new KagiTable(this, 'Table');
    this.identity = new Identity(this, 'Identity');
    this.mail = new Mail(this, 'Mail', { senderEmail: senderEmail.valueAsString });
    this.files = new Files(this, 'Files');
    this.auditDigests = new AuditDigests(this, 'AuditDigests', { accessLogs: this.files.accessLogsBucket });

    // CloudFront needs the API's domain, and the functions need CloudFront's URL: create the
    // API first, the site second, the functions last.
    this.api = new Api(this, 'Api', { identity: this.identity });
    this.originVerify = new OriginVerify(this, 'OriginVerify');
    this.totpKey = new TotpKey(this, 'TotpKey');
    this.clockBus = new ClockBus(this, 'ClockBus');
    this.webAcl = new WebAclRef(this, 'WebAcl', { parameterName: WEB_ACL_ARN_PARAMETER });
    this.web = new Web(this, 'Web', {
      apiDomainName: this.api.domainName,
      accessLogsBucket: this.files.accessLogsBucket,
      originVerifyHeader: this.originVerify.headerValue,
      webAclArn: this.webAcl.arn,
    });
    // The site saves a notice PDF by reading its presigned link from the page: only the site may.
    this.files.allowDownloadsFrom(this.web.url);

    const resources = {
      table: this.table.table,
      filesBucket: this.files.bucket,
      digestBucket: this.auditDigests.bucket,
      mail: this.mail,
      identity: this.identity,
      publicBaseUrl: this.web.url,
    };
    this.jobs = new Jobs(this, 'Jobs', { resources });
    this.handlers = this.api.addRoutes({ ...resources, queue: this.jobs.queue, originVerify: this.originVerify.secret, totpKey: this.totpKey.secret, clockBus: this.clockBus.bus });
    this.schedules = new Schedules(this, 'Schedules', { sweep: this.jobs.workers.sweep.function, registrationExpiry: this.jobs.workers['registration-expiry'].function });
    for (const [name, access] of Object.entries(JOBS) as Array<[keyof typeof JOBS, HandlerAccess]>) {
      if (access.schedules) this.schedules.allowExpirySchedules(this.jobs.workers[name].function);
    }
    this.mail.deliverEventsTo(this.jobs.workers['mail-events'].function);
    this.alarms = new Alarms(this, 'Alarms', {
      email: alarmEmail.valueAsString,
      deadLetterQueue: this.jobs.deadLetterQueue,
      jobFunctions: Object.values(this.jobs.workers),
      httpApi: this.api.httpApi,
    });

    new CfnOutput(this, 'SiteUrl', { value: this.web.url });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Direct HTTP API endpoint; browsers use SiteUrl/api' });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.identity.client.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'FilesBucketName', { value: this.files.bucket.bucketName });
    new CfnOutput(this, 'SiteBucketName', { value: this.web.bucket.bucketName });
    new CfnOutput(this, 'AccessLogsBucketName', { value: this.files.accessLogsBucket.bucketName });
    new CfnOutput(this, 'ClockBusName', { value: this.clockBus.bus.eventBusName, description: 'EventBridge bus of the clock events (打刻連携); attendance systems subscribe with a rule on it' });
    new CfnOutput(this, 'AuditDigestBucketName', { value: this.auditDigests.bucket.bucketName, description: 'Locked day seals of the audit log (S3 Object Lock)' });
  }
}

/**
 * Environment variable names shared by the CDK stack (which sets them) and the handlers (which
 * read them once at module load). Locally, bin/local.ts sets the same names plus the endpoints.
 */
export const ENV = {
  tableName: 'KAGI_TABLE_NAME',
  filesBucket: 'KAGI_FILES_BUCKET',
  /** The audit log's day digests (S3 Object Lock in AWS): tamper evidence kept out of the table's reach. */
  auditDigestBucket: 'KAGI_AUDIT_DIGEST_BUCKET',
  userPoolId: 'KAGI_USER_POOL_ID',
  userPoolClientId: 'KAGI_USER_POOL_CLIENT_ID',
  queueUrl: 'KAGI_QUEUE_URL',
  mailFrom: 'KAGI_MAIL_FROM',
  sesConfigurationSet: 'KAGI_SES_CONFIGURATION_SET',
  /** The account's SES send rate (mails per second); the mail workers share it. */
  sesSendRate: 'KAGI_SES_SEND_RATE',
  /** Issue 13: the account's raised Cognito quotas, e.g. `UserCreation=100,UserUpdate=50` (unset: the documented defaults). */
  cognitoQuotas: 'KAGI_COGNITO_QUOTAS',
  /** Public base URL of the site (sign-in links in mails and PDFs). */
  publicBaseUrl: 'KAGI_PUBLIC_BASE_URL',
  /** ARN of the secret CloudFront sends as X-Origin-Verify (AWS). */
  originVerifySecretArn: 'KAGI_ORIGIN_VERIFY_SECRET_ARN',
  /** Local only: the X-Origin-Verify value itself (the local gateway plays CloudFront). */
  originVerify: 'KAGI_ORIGIN_VERIFY',
  /** ARN of the secret whose value keys the sealing of TOTP secrets (AWS; functions that verify or set up codes only). */
  totpKeySecretArn: 'KAGI_TOTP_KEY_SECRET_ARN',
  /** Local only: the TOTP key material itself (the local runtime reads it from .kagi/totp-key). */
  totpKey: 'KAGI_TOTP_KEY',
  /** Optional JSON that replaces public-route throttle limits per family (see core/guard/public-limits.ts). */
  throttleLimits: 'KAGI_THROTTLE_LIMITS',
  /** Local only: how many chunks one worker process runs at once (the local queue runs them all in one). Unset in AWS: one. */
  chunksPerProcess: 'KAGI_CHUNKS_PER_PROCESS',
  /** The registration-expiry function the batch's one-time schedules invoke, the role they run as, their group. */
  expiryFunctionArn: 'KAGI_EXPIRY_FUNCTION_ARN',
  schedulerRoleArn: 'KAGI_SCHEDULER_ROLE_ARN',
  scheduleGroup: 'KAGI_SCHEDULE_GROUP',
  /** The EventBridge bus the PC logon client's clock events are published on (the client handler only). */
  clockBusName: 'KAGI_CLOCK_BUS_NAME',
  /** Local only: endpoints of the stand-ins. Unset in AWS. */
  dynamodbEndpoint: 'KAGI_DYNAMODB_ENDPOINT',
  s3Endpoint: 'KAGI_S3_ENDPOINT',
  sesEndpoint: 'KAGI_SES_ENDPOINT',
  cognitoEndpoint: 'KAGI_COGNITO_ENDPOINT',
} as const;

export type EnvKey = keyof typeof ENV;

/** Reads a required variable; throws at module load so a misconfigured function fails fast. */
export function requireEnv(key: EnvKey): string {
  const value = process.env[ENV[key]];
  if (!value) throw new Error(`Missing environment variable ${ENV[key]}`);
  return value;
}

export function optionalEnv(key: EnvKey): string | undefined {
  return process.env[ENV[key]] || undefined;
}

/** SES's usual starting quota, used where the stack gave no send rate. */
const DEFAULT_SES_SEND_RATE = 14;

/** The account's SES send rate in mails per second: the bulk mail job keeps to it. */
export function sesSendRate(): number {
  const rate = Number(optionalEnv('sesSendRate'));
  return Number.isFinite(rate) && rate > 0 ? rate : DEFAULT_SES_SEND_RATE;
}

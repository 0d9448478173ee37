import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SETTINGS_LIMITS } from '../../functions/core/companies/settings.js';

/** How long S3 refuses to change or remove a seal: compliance mode binds the root user too. */
export const DIGEST_LOCK_DAYS = 365;

export interface AuditDigestsProps {
  readonly accessLogs: IBucket;
}

/**
 * The audit log's day seals (tamper evidence): S3 Object Lock in compliance mode, one year. The
 * sweep adds a seal each day; nothing in kagi can overwrite or delete one before its year is up,
 * so whoever can rewrite the table cannot also rewrite the evidence against it. Seals are removed
 * once no company could still keep the entries they cover.
 */
export class AuditDigests extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AuditDigestsProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Object Lock needs versioning; a second upload of a day's seal is a new, also locked, version.
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(DIGEST_LOCK_DAYS)),
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { expiration: Duration.days(SETTINGS_LIMITS.auditRetentionDays.max + 31), noncurrentVersionExpiration: Duration.days(DIGEST_LOCK_DAYS + 1) },
      ],
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'audit-digests/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

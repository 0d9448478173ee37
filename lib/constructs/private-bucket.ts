import { Duration } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface PrivateBucketProps {
  /** Where S3 writes server access logs; only the log bucket itself has none. */
  readonly accessLogs?: { bucket: IBucket; prefix: string };
  /** One duration for every object, or one per key prefix. */
  readonly expireAfter?: Duration | ReadonlyArray<{ prefix: string; after: Duration }>;
}

/** Every bucket of kagi: never public, TLS only, S3-managed keys, ACLs off, kept on stack deletion. */
export function privateBucket(scope: Construct, id: string, props: PrivateBucketProps = {}): Bucket {
  const lifecycleRules: LifecycleRule[] = [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }];
  if (props.expireAfter instanceof Duration) lifecycleRules.push({ expiration: props.expireAfter });
  else for (const rule of props.expireAfter ?? []) lifecycleRules.push({ prefix: rule.prefix, expiration: rule.after });
  return new Bucket(scope, id, {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: false,
    lifecycleRules,
    serverAccessLogsBucket: props.accessLogs?.bucket,
    serverAccessLogsPrefix: props.accessLogs?.prefix,
  });
}

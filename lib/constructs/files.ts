import { Duration } from 'aws-cdk-lib';
import { REGISTRATION_FILE_PREFIX } from '../../functions/core/registration/issuance.js';
import { HttpMethods, type Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';
import { privateBucket } from './private-bucket.js';

/** Private buckets: generated files (PDF notices, CSV exports, staged imports) and the access logs of every bucket. */
export class Files extends Construct {
  readonly bucket: Bucket;
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accessLogsBucket = privateBucket(this, 'AccessLogs', { expireAfter: Duration.days(365) });
    acknowledge(this.accessLogsBucket, 'S1', 'This is the server access log target; logging it into itself would loop.');

    // Generated files are handed out through short presigned URLs and are worthless after a
    // day: two days of expiry bounds how long personal data sits in the bucket. Registration
    // passwords' files live their month under their own prefix: each batch's one-time schedule
    // deletes them at its expiry (and every download checks it); 35 days is only the backstop.
    this.bucket = privateBucket(this, 'Bucket', {
      expireAfter: [
        { prefix: 'jobs/', after: Duration.days(2) },
        { prefix: 'imports/', after: Duration.days(2) },
        { prefix: REGISTRATION_FILE_PREFIX, after: Duration.days(35) },
      ],
      accessLogs: { bucket: this.accessLogsBucket, prefix: 'files/' },
    });
  }

  /** Lets pages of `siteUrl` read generated files through presigned GET links (CORS). */
  allowDownloadsFrom(siteUrl: string): void {
    this.bucket.addCorsRule({ allowedMethods: [HttpMethods.GET, HttpMethods.HEAD], allowedOrigins: [siteUrl], maxAge: 3600 });
  }
}

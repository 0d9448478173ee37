import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

/**
 * The secret CloudFront adds to every /api/* origin request as X-Origin-Verify. The functions
 * trust CloudFront-Viewer-Address (the real client address) only on requests that carry it; a
 * request sent to the API's own endpoint cannot choose the address its limits are counted by.
 */
export class OriginVerify extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'kagi: X-Origin-Verify value CloudFront sends to the API',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      this.secret,
      'SMG4',
      'Rotation must change the CloudFront origin header in the same step; the value is rotated by replacing the secret and redeploying (README, Security). Functions read it at cold start.',
    );
  }

  /** The value as a CloudFormation dynamic reference: it never appears in the template. */
  get headerValue(): string {
    return this.secret.secretValue.unsafeUnwrap();
  }
}

import { Duration } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';
import { privateBucket } from './private-bucket.js';
import { deploySite } from './site-deployment.js';
import { SPA_REWRITE_SOURCE } from './spa-rewrite.js';

export interface WebProps {
  /** Host name of the HTTP API, served under /api/* from the same origin as the site. */
  readonly apiDomainName: string;
  readonly accessLogsBucket: IBucket;
  /** Sent to the API as X-Origin-Verify (a dynamic reference to the secret). */
  readonly originVerifyHeader: string;
  /** The us-east-1 WAF web ACL in front of the distribution. */
  readonly webAclArn: string;
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets style attributes (progress bars).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The admin site and employee pages: a private bucket behind CloudFront (origin access control),
 * with the HTTP API under /api/* on the same origin, so no CORS and no third-party cookies.
 */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    this.bucket = privateBucket(this, 'SiteBucket', { accessLogs: { bucket: props.accessLogsBucket, prefix: 'site/' } });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // Sign-in links carry tokens in the URL: no Referer leaves the site.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
      },
    });
    const spaRewrite = new EdgeFunction(this, 'SpaRewrite', {
      code: FunctionCode.fromInline(SPA_REWRITE_SOURCE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'kagi: serve index.html for client-side routes',
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'kagi site and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn,
      // Includes Japan, where the users are.
      priceClass: PriceClass.PRICE_CLASS_200,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
            // Proves to the functions that CloudFront-Viewer-Address is CloudFront's (client-address.ts).
            customHeaders: { 'X-Origin-Verify': props.originVerifyHeader },
          }),
          // A redirect would drop the body of a POST: plain HTTP is refused instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Also forwards CloudFront's own headers, CloudFront-Viewer-Address among them.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
    });
    acknowledge(this.distribution, 'CFR1', 'Employees sign in from wherever they are (business trips, overseas offices); no country is excluded.');
    acknowledge(this.distribution, 'CFR3', 'Requests that matter are logged by the HTTP API access log and the audit log; the static assets carry no personal data.');
    acknowledge(this.distribution, 'CFR4', 'Served on the default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes; a custom domain gets TLSv1.2_2021.');

    deploySite(this, 'Deploy', { bucket: this.bucket, distribution: this.distribution });
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}

import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * WAF rate limits per viewer address, evaluated at the edge before a request reaches API Gateway
 * or a function. They are the coarse outer line, set above kagi's own per-address limits
 * (core/guard/public-limits.ts) so that the service, which knows routes and companies, decides
 * first in normal use; WAF catches floods kagi would otherwise pay Lambda time to refuse.
 */
export const WAF_LIMITS = {
  /** Any path, per address per 5 minutes (about 67 requests a second). */
  allPer5Min: 20_000,
  /** The public API routes (sign-in family, time clock, verification links, the PC logon client), per address per 5 minutes. */
  publicPer5Min: 15_000,
} as const;

export const PUBLIC_PATH_PREFIXES = ['/api/auth/', '/api/companies/', '/api/timeclock/', '/api/verification/', '/api/registration/', '/api/client/'] as const;

const TOO_MANY = 'TooManyRequests';

const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

const block429 = { block: { customResponse: { responseCode: 429, customResponseBodyKey: TOO_MANY } } };

export class EdgeWebAcl extends Construct {
  readonly acl: CfnWebACL;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.acl = new CfnWebACL(this, 'Acl', {
      name: 'kagi-edge',
      description: 'kagi: rate limits per viewer address in front of CloudFront',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('kagi-edge'),
      // The one error shape of the API, so the web client shows it like kagi's own 429.
      customResponseBodies: {
        [TOO_MANY]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            error: { code: 'TOO_MANY_REQUESTS', message: 'リクエストが多すぎます。しばらく待ってからもう一度お試しください。 (Too many requests. Try again later.)' },
          }),
        },
      },
      rules: [
        {
          name: 'RatePerAddressPublicRoutes',
          priority: 0,
          action: block429,
          visibilityConfig: visibility('kagi-rate-public'),
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              limit: WAF_LIMITS.publicPer5Min,
              scopeDownStatement: {
                orStatement: {
                  statements: PUBLIC_PATH_PREFIXES.map((prefix) => ({
                    byteMatchStatement: {
                      fieldToMatch: { uriPath: {} },
                      positionalConstraint: 'STARTS_WITH',
                      searchString: prefix,
                      textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
                    },
                  })),
                },
              },
            },
          },
        },
        {
          name: 'RatePerAddressAll',
          priority: 1,
          action: block429,
          visibilityConfig: visibility('kagi-rate-all'),
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', evaluationWindowSec: 300, limit: WAF_LIMITS.allPer5Min } },
        },
        {
          // Known bad addresses (botnets, scanners) from AWS threat intelligence: few false positives.
          name: 'AmazonIpReputation',
          priority: 2,
          overrideAction: { none: {} },
          visibilityConfig: visibility('kagi-ip-reputation'),
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
        },
      ],
    });
  }

  get arn(): string {
    return this.acl.attrArn;
  }
}

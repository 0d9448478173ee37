import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { KagiEdgeStack } from './edge-stack.js';
import { KagiStack } from './kagi-stack.js';

// Pinned here rather than only in cdk.json so the app the tests build in-process and the app
// the CLI synthesizes are the same; cdk.json can still override them.
const FEATURE_FLAGS = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:enablePartitionLiterals': true,
};

/**
 * The kagi CDK app: the `Kagi` stack and, in us-east-1, the `KagiEdge` stack with the WAF web ACL
 * in front of its CloudFront distribution; checked by cdk-nag's AwsSolutions pack on synth.
 */
export function createKagiApp(props: AppProps = {}): { app: App; stack: KagiStack; edge: KagiEdgeStack } {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const edge = new KagiEdgeStack(app, 'KagiEdge', { description: 'kagi: WAF web ACL for the CloudFront distribution (us-east-1)' });
  const stack = new KagiStack(app, 'Kagi', {
    description: 'kagi: employee account issuance (API, site, jobs)',
  });
  // The web ACL (and its ARN parameter) must exist before the distribution that uses it.
  stack.addStackDependency(edge);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, edge };
}

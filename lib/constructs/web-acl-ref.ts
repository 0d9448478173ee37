import { Aws, Stack } from 'aws-cdk-lib';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';

/**
 * Reads the edge stack's web ACL ARN from its SSM parameter in us-east-1 at deploy time (the
 * explicit hand-off that crossRegionReferences would otherwise do, without pinning this stack to
 * a region). The web ACL is updated in place when its rules change; only if it were replaced
 * (renamed) would this need a new physical id to read the new ARN.
 */
export class WebAclRef extends Construct {
  readonly arn: string;

  constructor(scope: Construct, id: string, props: { parameterName: string }) {
    super(scope, id);
    const call = {
      service: 'SSM',
      action: 'getParameter',
      region: 'us-east-1',
      parameters: { Name: props.parameterName },
      physicalResourceId: PhysicalResourceId.of(props.parameterName),
    };
    const reader = new AwsCustomResource(this, 'Read', {
      onCreate: call,
      onUpdate: call,
      installLatestAwsSdk: false,
      policy: AwsCustomResourcePolicy.fromSdkCalls({
        resources: [`arn:${Aws.PARTITION}:ssm:us-east-1:${Aws.ACCOUNT_ID}:parameter${props.parameterName}`],
      }),
    });
    this.arn = reader.getResponseField('Parameter.Value');
    // CDK creates the provider function once per stack, beside this construct.
    const provider = Stack.of(this).node.tryFindChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    if (!provider) throw new Error('AwsCustomResource provider not found');
    acknowledge(
      provider,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's AwsCustomResource provider (reads one SSM parameter at deploy time) writes its logs with the basic execution role.",
    );
  }
}

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { EdgeWebAcl } from './constructs/edge-web-acl.js';

/** Where the web ACL's ARN is handed to the Kagi stack (an SSM parameter in us-east-1). */
export const WEB_ACL_ARN_PARAMETER = '/kagi/edge/web-acl-arn';

/**
 * The WAF web ACL in front of CloudFront. CloudFront-scope web ACLs exist only in us-east-1, so
 * this small stack lives there whatever region the Kagi stack is deployed to. It hands its ARN
 * over through an SSM parameter, which the Kagi stack reads at deploy time, so the Kagi stack stays
 * environment-agnostic (crossRegionReferences would need it pinned to a region).
 */
export class KagiEdgeStack extends Stack {
  readonly webAcl: EdgeWebAcl;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { ...props, env: { ...props.env, region: 'us-east-1' } });
    this.webAcl = new EdgeWebAcl(this, 'WebAcl');
    new StringParameter(this, 'WebAclArn', {
      parameterName: WEB_ACL_ARN_PARAMETER,
      stringValue: this.webAcl.arn,
      description: 'ARN of the kagi CloudFront web ACL; read by the Kagi stack.',
    });
    new CfnOutput(this, 'WebAclArnOutput', { value: this.webAcl.arn });
  }
}

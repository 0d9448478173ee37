import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding (AwsSolutions pack) on a construct and everything under it.
 * cdk-nag 3 matches the exact finding id, so wildcard findings name the resource they cover.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${id}`, reason });
}

/** How cdk-nag spells `Fn::GetAtt <resource>.Arn` inside a finding id, e.g. `<KagiTable1234.Arn>`. */
export function arnRef(resource: IConstruct): string {
  const cfn = CfnElement.isCfnElement(resource) ? resource : resource.node.defaultChild;
  if (!cfn || !CfnElement.isCfnElement(cfn)) throw new Error(`${resource.node.path} has no CloudFormation resource`);
  return `<${Stack.of(cfn).resolve(cfn.logicalId)}.Arn>`;
}

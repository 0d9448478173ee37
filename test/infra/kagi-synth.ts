import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CfnElement, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createKagiApp } from '../../lib/kagi-app.js';
import type { KagiStack } from '../../lib/kagi-stack.js';
import type { KagiEdgeStack } from '../../lib/edge-stack.js';

type Resource = { Type: string; Properties?: any; DeletionPolicy?: string };

/** One synthesized kagi app (bundling included), shared by the tests of a file. */
export interface SynthesizedKagi {
  stack: KagiStack;
  template: Template;
  /** The us-east-1 stack with the WAF web ACL. */
  edge: KagiEdgeStack;
  edgeTemplate: Template;
  resources: Record<string, Resource>;
  outdir: string;
  logicalId(construct: IConstruct): string;
  /** The staged asset directory behind an S3 key such as `<hash>.zip`. */
  assetDir(s3Key: string): string;
  readAsset(s3Key: string, file: string): string;
  dispose(): void;
}

export function synthKagi(): SynthesizedKagi {
  const outdir = mkdtempSync(path.join(tmpdir(), 'kagi-infra-'));
  const { stack, edge } = createKagiApp({ outdir });
  let template: Template;
  let edgeTemplate: Template;
  try {
    // Synthesis runs the cdk-nag plugin too: an unacknowledged finding throws here, report included.
    template = Template.fromStack(stack);
    edgeTemplate = Template.fromStack(edge);
  } catch (e) {
    rmSync(outdir, { recursive: true, force: true });
    throw e;
  }
  const assetDir = (s3Key: string) => path.join(outdir, `asset.${s3Key.replace(/\.zip$/, '')}`);
  return {
    stack,
    template,
    edge,
    edgeTemplate,
    resources: template.toJSON().Resources,
    outdir,
    logicalId: (construct) => logicalIdOf(stack, construct),
    assetDir,
    readAsset: (s3Key, file) => readFileSync(path.join(assetDir(s3Key), file), 'utf8'),
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

function logicalIdOf(stack: Stack, construct: IConstruct): string {
  const cfn = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
  if (!cfn || !CfnElement.isCfnElement(cfn)) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return stack.resolve(cfn.logicalId) as string;
}

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

import { spawnSync } from 'node:child_process';
import { AssetHashType, DefaultStackSynthesizer, DockerImage, FileSystem } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source, type ISource } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { acknowledge, arnRef } from '../nag.js';
import { REPO_ROOT, repoPath } from '../paths.js';

export interface SiteDeploymentProps {
  readonly bucket: IBucket;
  readonly distribution: IDistribution;
}

// Same origin as the API (CloudFront /api/*), so the site calls relative URLs.
const RUNTIME_CONFIG = { apiBaseUrl: '' };

/** Uploads the Vite build of web/ and its runtime config.json, then invalidates CloudFront. */
export function deploySite(scope: Construct, id: string, props: SiteDeploymentProps): BucketDeployment {
  const deployment = new BucketDeployment(scope, id, {
    sources: [siteAsset(), Source.jsonData('config.json', RUNTIME_CONFIG)],
    destinationBucket: props.bucket,
    distribution: props.distribution,
    distributionPaths: ['/*'],
  });
  acknowledgeDeploymentHandler(deployment, props.bucket);
  return deployment;
}

/**
 * BucketDeployment runs aws-cdk-lib's own singleton handler (Python) at deploy time only; its
 * role and runtime are chosen by aws-cdk-lib and shared by every deployment in the stack.
 */
function acknowledgeDeploymentHandler(deployment: BucketDeployment, siteBucket: IBucket): void {
  const handler = deployment.handlerRole.node.scope;
  if (!handler) throw new Error('BucketDeployment handler not found');
  const ownedByCdk = 'Deploy-time handler of aws-cdk-lib BucketDeployment; its runtime and policy are maintained by aws-cdk-lib.';
  acknowledge(handler, 'L1', `${ownedByCdk} It never serves requests.`);
  acknowledge(handler, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', `${ownedByCdk} It only writes its own logs.`);
  const wildcards = [
    'Action::s3:GetBucket*',
    'Action::s3:GetObject*',
    'Action::s3:List*',
    'Action::s3:Abort*',
    'Action::s3:DeleteObject*',
    `Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>/*`,
    `Resource::${arnRef(siteBucket)}/*`,
  ];
  for (const finding of wildcards) {
    acknowledge(handler, `IAM5[${finding}]`, `${ownedByCdk} It copies the site from the CDK asset bucket into the site bucket and prunes old files.`);
  }
  acknowledge(handler, 'IAM5[Resource::*]', `${ownedByCdk} CloudFront invalidations have no resource-level permissions.`);
}

/** The Vite build of web/, bundled on this machine (the repo's node_modules hold Vite). */
function siteAsset(): ISource {
  const exclude = ['node_modules', 'dist'];
  return Source.asset(repoPath('web'), {
    exclude,
    // The build also depends on the locked versions of Vite and React, which live outside web/:
    // without them in the hash, an upgrade would reuse the old upload.
    assetHashType: AssetHashType.CUSTOM,
    assetHash: FileSystem.fingerprint(repoPath('web'), {
      exclude,
      extraHash: FileSystem.fingerprint(repoPath('package-lock.json')),
    }),
    bundling: {
      // Required by the API; never used, because local bundling either succeeds or throws.
      image: DockerImage.fromRegistry('node:22'),
      local: {
        tryBundle(outputDir: string): boolean {
          const build = spawnSync('npx', ['--no', '--', 'vite', 'build', 'web', '--outDir', outputDir, '--emptyOutDir'], {
            cwd: REPO_ROOT,
            encoding: 'utf8',
          });
          if (build.status !== 0) {
            throw new Error(`vite build web failed (${build.error?.message ?? `exit ${build.status}`}):\n${build.stdout}\n${build.stderr}`);
          }
          return true;
        },
      },
    },
  });
}

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { optionalEnv } from '../shared/env.js';
import { countCallsOf } from './call-counter.js';

/**
 * The SDK clients, built once per process. In AWS the endpoints are unset and the SDK uses the
 * region's; locally bin/local.ts points each one at its stand-in.
 */
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function endpointOptions(endpoint: string | undefined) {
  return endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'ap-northeast-1', credentials: localCredentials } : {};
}

let documentClient: DynamoDBDocumentClient | undefined;
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(countCallsOf(new DynamoDBClient(endpointOptions(optionalEnv('dynamodbEndpoint'))), 'DynamoDB'), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

let s3Client: S3Client | undefined;
export function s3(): S3Client {
  const endpoint = optionalEnv('s3Endpoint');
  s3Client ??= countCallsOf(
    new S3Client({
      ...endpointOptions(endpoint),
      // s3rver only speaks path-style; its fixed credentials are S3RVER/S3RVER.
      ...(endpoint ? { forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
    }),
    'S3',
  );
  return s3Client;
}

let sesClient: SESv2Client | undefined;
export function ses(): SESv2Client {
  sesClient ??= countCallsOf(new SESv2Client(endpointOptions(optionalEnv('sesEndpoint'))), 'SES');
  return sesClient;
}

let cognitoClient: CognitoIdentityProviderClient | undefined;
export function cognito(): CognitoIdentityProviderClient {
  cognitoClient ??= countCallsOf(new CognitoIdentityProviderClient(endpointOptions(optionalEnv('cognitoEndpoint'))), 'Cognito');
  return cognitoClient;
}

let jobCognitoClient: CognitoIdentityProviderClient | undefined;
/**
 * Issue 13: the job workers' own Cognito client. The worker paces it to its share of the
 * account's quotas (adapters/cognito/quota.ts); the API's client above stays unpaced.
 */
export function jobCognito(): CognitoIdentityProviderClient {
  jobCognitoClient ??= countCallsOf(new CognitoIdentityProviderClient(endpointOptions(optionalEnv('cognitoEndpoint'))), 'Cognito');
  return jobCognitoClient;
}

let sqsClient: SQSClient | undefined;
export function sqs(): SQSClient {
  sqsClient ??= countCallsOf(new SQSClient({}), 'SQS');
  return sqsClient;
}

let secretsClient: SecretsManagerClient | undefined;
export function secretsManager(): SecretsManagerClient {
  secretsClient ??= countCallsOf(new SecretsManagerClient({}), 'SecretsManager');
  return secretsClient;
}

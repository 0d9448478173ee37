import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { optionalEnv } from '../../shared/env.js';
import { countCallsOf } from '../call-counter.js';
import { endpointOptions } from './endpoint.js';

let cognitoClient: CognitoIdentityProviderClient | undefined;
/** The API's Cognito client, built once per process (unpaced). */
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

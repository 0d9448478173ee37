import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { countCallsOf } from '../call-counter.js';

let secretsClient: SecretsManagerClient | undefined;
/** The Secrets Manager client, built once per process (AWS only: locally secrets come from the environment). */
export function secretsManager(): SecretsManagerClient {
  secretsClient ??= countCallsOf(new SecretsManagerClient({}), 'SecretsManager');
  return secretsClient;
}

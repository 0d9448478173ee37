import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { secretsManager } from '../clients/secrets.js';

/**
 * The one way functions read a Secrets Manager secret: Powertools' provider over the shared
 * (counted) client, fetched once per process (a cold start) and then kept, because every secret
 * read here is stack-generated and changes only with a redeploy.
 */
let provider: SecretsProvider | undefined;
const ONCE_PER_PROCESS_SECONDS = 365 * 24 * 3600;

export async function readSecret(arn: string): Promise<string> {
  provider ??= new SecretsProvider({ awsSdkV3Client: secretsManager() });
  const value = await provider.get(arn, { maxAge: ONCE_PER_PROCESS_SECONDS });
  if (typeof value !== 'string' || value === '') throw new Error('The secret has no string value');
  return value;
}

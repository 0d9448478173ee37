import { optionalEnv } from '../../shared/env.js';
import { readSecret } from './secret-value.js';

let cached: Promise<string | undefined> | undefined;

/**
 * The value CloudFront sends in X-Origin-Verify, which proves a request came through the
 * distribution (and so that its CloudFront-Viewer-Address is CloudFront's, not the caller's).
 * Read from Secrets Manager once per process; locally given in the environment; undefined when
 * neither is set, and then viewer headers are never trusted.
 */
export function originVerifySecret(): Promise<string | undefined> {
  cached ??= (async () => {
    const local = optionalEnv('originVerify');
    if (local) return local;
    const arn = optionalEnv('originVerifySecretArn');
    return arn ? readSecret(arn) : undefined;
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}

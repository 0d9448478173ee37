import type { KeySource } from '../../core/mfa/secret-box.js';
import { optionalEnv } from '../../shared/env.js';
import { readSecret } from './secret-value.js';

/** True when this function was given the TOTP key (the functions that verify or set up codes). */
export function totpKeyConfigured(): boolean {
  return optionalEnv('totpKey') !== undefined || optionalEnv('totpKeySecretArn') !== undefined;
}

/**
 * The material of the key that seals TOTP secrets: in AWS a stack-generated Secrets Manager
 * secret (granted only to the functions that verify or set up codes), read once per cold start;
 * locally the content of `.kagi/totp-key`, which the local runtime creates on first start.
 */
export function createTotpKeySource(): KeySource {
  let cached: Promise<string> | undefined;
  return {
    material() {
      cached ??= (async () => {
        const local = optionalEnv('totpKey');
        if (local) return local;
        const arn = optionalEnv('totpKeySecretArn');
        if (!arn) throw new Error('This function was not given the TOTP key');
        return readSecret(arn);
      })();
      cached.catch(() => (cached = undefined));
      return cached;
    },
  };
}

import { Secret, TOTP } from 'otpauth';
import { aesKeyOf, seal } from '../../functions/core/mfa/secret-box.js';
import { secretAssociatedData } from '../../functions/core/mfa/mfa-lock.js';
import { totpStepOf } from '../../functions/core/mfa/service.js';
import { codeAt, newTotpSecret, stepAt } from '../../functions/core/mfa/totp.js';

export interface TotpFigures {
  /** The service's path without the store: open the sealed secret, match ± 1 step, refuse a used step. */
  fullPerSecond: number;
  /** otpauth alone: one TOTP object, validate with window 1. */
  barePerSecond: number;
}

/** Verifications per second on one core (one synchronous loop each), for `ms` milliseconds each. */
export function measureTotp(ms = 2000): TotpFigures {
  const key = aesKeyOf('bench-key-material-0123456789abcdefghijklmnopqrstuvwxyz');
  const owner = { kind: 'employee', companyId: 'C1', accountId: 'E1' } as const;
  const secret = newTotpSecret();
  const sealed = seal(key, secret, secretAssociatedData(owner));
  const now = new Date();
  const code = codeAt(secret, now);
  const record = { sealedSecret: sealed, lastStep: stepAt(now) - 2 };
  const bare = new TOTP({ secret: new Secret({ buffer: Uint8Array.from(secret).buffer }), algorithm: 'SHA1', digits: 6, period: 30 });

  const rate = (verify: () => boolean): number => {
    for (let i = 0; i < 200; i++) if (!verify()) throw new Error('a bench verification failed');
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let i = 0; i < 100; i++) if (!verify()) throw new Error('a bench verification failed');
      n += 100;
      elapsed = performance.now() - start;
    }
    return n / (elapsed / 1000);
  };
  return {
    fullPerSecond: rate(() => 'step' in totpStepOf(key, owner, record, code, now)),
    barePerSecond: rate(() => bare.validate({ token: code, timestamp: now.getTime(), window: 1 }) !== null),
  };
}

import { Secret, TOTP } from 'otpauth';

const PERIOD_MS = 30_000;
/** Near the end of a step, the previous step's code may be too old by the time it arrives. */
const MARGIN_MS = 4_000;

export interface AuthenticatorClock {
  now(): number;
  /** Moves the service's clock on to the next step instead of waiting for it (tests), or waits. */
  nextStep(msToNextStep: number): Promise<void>;
}

const realTime: AuthenticatorClock = { now: () => Date.now(), nextStep: (ms) => new Promise((r) => setTimeout(r, ms + 50)) };

/**
 * An authenticator app as a test holds it: the codes of a base32 secret, each step used at most
 * once and in order (the service refuses a step it has seen), so up to three codes fit into one
 * 30-second step (its previous, own and next code) before the clock has to move on.
 */
export function authenticator(base32: string, clock: AuthenticatorClock = realTime) {
  const totp = new TOTP({ secret: Secret.fromBase32(base32), algorithm: 'SHA1', digits: 6, period: 30 });
  let lastStep = -Infinity;
  const codeOf = (step: number) => totp.generate({ timestamp: step * PERIOD_MS });
  return {
    /** A fresh code the service accepts now. */
    async next(): Promise<string> {
      for (;;) {
        const now = clock.now();
        const step = Math.floor(now / PERIOD_MS);
        const late = now % PERIOD_MS > PERIOD_MS - MARGIN_MS;
        for (const s of late ? [step, step + 1] : [step - 1, step, step + 1]) {
          if (s > lastStep) {
            lastStep = s;
            return codeOf(s);
          }
        }
        await clock.nextStep(PERIOD_MS - (now % PERIOD_MS));
      }
    },
    /** The code just handed out by next(), again (a replay). */
    last: () => codeOf(lastStep),
    /** Six digits that are no code of any step near now. */
    wrong(): string {
      const step = Math.floor(clock.now() / PERIOD_MS);
      const near = new Set([-2, -1, 0, 1, 2].map((d) => codeOf(step + d)));
      for (let n = 0; ; n++) {
        const candidate = String((123_456 + n * 7919) % 1_000_000).padStart(6, '0');
        if (!near.has(candidate)) return candidate;
      }
    },
  };
}

import { createFailureGuard } from '../core/guard/failure-guard.js';
import { publicThrottleFamilies, type PublicFamily } from '../core/guard/public-limits.js';
import { createThrottle } from '../core/guard/throttle.js';
import { createFailureCounterStore } from '../adapters/dynamodb/failure-counter-store.js';
import { createThrottleStore } from '../adapters/dynamodb/throttle-store.js';
import { optionalEnv } from '../shared/env.js';
import type { RouteThrottle } from '../shared/http-stack.js';
import { clock } from './clock.js';

/** The one failure counter and lock: sign-in, second factor, registration passwords, the PC logon client. */
export const failureGuard = () => createFailureGuard({ store: createFailureCounterStore(), clock });

let throttle: ReturnType<typeof createThrottle> | undefined;
/** The one public throttle: a route family of it, for a route's `throttle` option. */
export const publicThrottle = (family: PublicFamily): RouteThrottle => {
  throttle ??= createThrottle({ store: createThrottleStore(), clock, families: publicThrottleFamilies(optionalEnv('throttleLimits')) });
  const bound = throttle;
  return (subject) => bound.check(family, subject);
};

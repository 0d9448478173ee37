import * as z from 'zod/mini';
import type { ThrottleFamily } from './throttle.js';

/**
 * Limits of the public routes, per route family (README, Security, has the reasoning).
 *
 * - auth (sign-in, new password, refresh, sign-out): 2,000 a minute from one address lets a
 *   10,000-employee company sign in through one office NAT within five minutes of 9:00; 6,000 a
 *   minute naming one company caps what any one tenant (or an attack on it) takes of the service.
 * - timeclock: each check runs a 16 MiB scrypt. 600 a minute from one address is a punch every
 *   0.1 s, more than a whole office at its door; 1,200 a minute per company.
 * - verification: one click per mailed link; 300 a minute from one address.
 * - registration (the company QR page's form and its mailed link): about three requests per
 *   employee. Staff register from their own phones, and mobile carriers put thousands of phones
 *   behind one address (CGNAT): 300 a minute from one address still lets 100 people a minute
 *   through one carrier address, while each employee's password locks after 10 wrong tries
 *   whatever the address. The form names no company code, so there is no per-company limit.
 * - private-email (マイページ's change of the private address, signed in): each request mails a
 *   confirmation to an address the account chose, so the account is what is limited: 5 an hour
 *   is more than anyone correcting a typo needs, and too few to use kagi to flood a mailbox. The
 *   per-address rule is the verification links' one, for the confirming press.
 * - client (the PC logon client: enrollment, the logon check, events): every PC of an office sits
 *   behind one NAT address, and each logon makes about three calls (authenticate, often twice
 *   with a second factor, and the events). 3,000 a minute from one address lets a 1,000-PC office
 *   log on in a minute at 9:00 and flush offline queues after an outage; every call must carry an
 *   enrolled device's credential, and passwords and codes keep their own per-account locks.
 *   Requests name no company code, so there is no per-company limit.
 */
export const PUBLIC_THROTTLE_FAMILIES = {
  auth: { perSource: { limit: 2000, windowSeconds: 60 }, perCompany: { limit: 6000, windowSeconds: 60 } },
  timeclock: { perSource: { limit: 600, windowSeconds: 60 }, perCompany: { limit: 1200, windowSeconds: 60 } },
  verification: { perSource: { limit: 300, windowSeconds: 60 } },
  registration: { perSource: { limit: 300, windowSeconds: 60 } },
  'private-email': { perSource: { limit: 300, windowSeconds: 60 }, perAccount: { limit: 5, windowSeconds: 3600 } },
  client: { perSource: { limit: 3000, windowSeconds: 60 } },
} as const satisfies Record<string, ThrottleFamily>;

export type PublicFamily = keyof typeof PUBLIC_THROTTLE_FAMILIES;

const Rule = z.strictObject({ limit: z.number().check(z.int(), z.minimum(1)), windowSeconds: z.number().check(z.int(), z.minimum(1), z.maximum(3600)) });
const Overrides = z.partialRecord(z.enum(Object.keys(PUBLIC_THROTTLE_FAMILIES) as [PublicFamily, ...PublicFamily[]]), z.strictObject({ perSource: z.optional(Rule), perCompany: z.optional(Rule), perAccount: z.optional(Rule) }));

/**
 * The limits in force: the defaults, with the rules a deployment (or a test run) configures in
 * JSON, e.g. `{"timeclock":{"perSource":{"limit":30,"windowSeconds":60}}}`. A malformed value
 * fails at load, like any other misconfiguration.
 */
export function publicThrottleFamilies(overridesJson: string | undefined): Record<PublicFamily, ThrottleFamily> {
  const families: Record<PublicFamily, ThrottleFamily> = { ...PUBLIC_THROTTLE_FAMILIES };
  if (!overridesJson) return families;
  const overrides = Overrides.parse(JSON.parse(overridesJson));
  for (const [name, rules] of Object.entries(overrides) as Array<[PublicFamily, Partial<ThrottleFamily>]>) {
    families[name] = { ...families[name], ...rules };
  }
  return families;
}

import { describe, expect, it } from 'vitest';
import { requireAudience, requireSupport, SUPPORT_TENANT, type Actor } from '../../../functions/core/access/actor.js';
import { mfaGate, mfaRequiredFor, mustSetUpMfa } from '../../../functions/core/mfa/enforcement.js';
import { errorOf } from '../../support/error-of.js';

const actor: Actor = { accountId: 'E1', companyId: 'C1', loginId: 'taro', role: 'employee', displayName: '' };
const support: Actor = { accountId: 'S1', companyId: SUPPORT_TENANT, loginId: 'ops', role: 'support', displayName: '' };
const sync = (f: () => void) => errorOf(Promise.resolve().then(f));

describe('2FA enforcement', () => {
  it('requires a second factor of internal accounts only, and only where the company says so', () => {
    expect(mfaRequiredFor('optional', 'internal')).toBe(false);
    expect(mfaRequiredFor('required', 'internal')).toBe(true);
    expect(mfaRequiredFor('required', 'external')).toBe(false);
    expect(mustSetUpMfa('required', 'internal', 'none')).toBe(true);
    expect(mustSetUpMfa('required', 'internal', 'active')).toBe(false);
    expect(mustSetUpMfa('required', 'external', 'none')).toBe(false);
    expect(mustSetUpMfa('optional', 'internal', 'none')).toBe(false);
  });

  it('lets an account that must set up reach only the setup routes (403 MFA_SETUP_REQUIRED elsewhere)', async () => {
    const due = { ...actor, mfaSetupRequired: true };
    const refused = await sync(() => mfaGate(due, {}));
    expect([refused.statusCode, refused.code]).toEqual([403, 'MFA_SETUP_REQUIRED']);
    expect(() => mfaGate(due, { duringMfaSetup: true })).not.toThrow();
    expect(() => mfaGate(actor, {})).not.toThrow();
  });
});

describe('route audiences', () => {
  it('keeps support tokens off company routes and company tokens off support routes', async () => {
    expect((await sync(() => requireAudience(support))).code).toBe('FORBIDDEN');
    expect((await sync(() => requireAudience(support, 'company'))).code).toBe('FORBIDDEN');
    expect((await sync(() => requireAudience({ ...actor, role: 'admin' }, 'support'))).code).toBe('FORBIDDEN');
    expect(() => requireAudience(support, 'support')).not.toThrow();
    expect(() => requireAudience(actor)).not.toThrow();
    expect(() => requireAudience(support, 'any')).not.toThrow();
    expect(() => requireAudience(actor, 'any')).not.toThrow();
  });

  it('lets only a support operator of the support tenant use the console', async () => {
    expect(() => requireSupport(support)).not.toThrow();
    expect((await sync(() => requireSupport({ ...support, companyId: 'C1' }))).code).toBe('FORBIDDEN');
    expect((await sync(() => requireSupport({ ...actor, role: 'admin' }))).code).toBe('FORBIDDEN');
  });
});

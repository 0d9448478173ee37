import type { DemoAccount } from '../../bin/local/demo-data.js';

export const TEST_DEMO_PASSWORD = 'Kagi-Test-Demo-2026';

/** The X-Origin-Verify value of the test runtime: tests play CloudFront to choose a client address. */
export const TEST_ORIGIN_VERIFY = 'test-origin-verify-0123456789abcdef';

/**
 * Public-route limits of the test runtime (configuration, as a deployment would set it): small
 * enough for a test to pass them, large enough for every other test from 127.0.0.1.
 */
export const TEST_THROTTLE_LIMITS = {
  auth: { perSource: { limit: 300, windowSeconds: 60 } },
  timeclock: { perSource: { limit: 40, windowSeconds: 60 } },
  verification: { perSource: { limit: 40, windowSeconds: 60 } },
  registration: { perSource: { limit: 200, windowSeconds: 60 } },
} as const;

/** A second tenant: every admin route is tested against crossing into it. */
export const OTHER_COMPANY = { code: 'other', name: '株式会社アザー' } as const;

const base = {
  familyNameKana: '',
  givenNameKana: '',
  office: '本社',
  department: '総務部',
  birthDate: '',
  email2: '',
  email3: '',
  enabled: true,
};

export function otherCompanyAccounts(): DemoAccount[] {
  return [
    { ...base, employeeCode: '0001', familyName: '別会社', givenName: '管理者', email1: 'admin@other.example.jp', loginId: 'admin', role: 'admin', signIn: true },
    { ...base, employeeCode: '0002', familyName: '別会社', givenName: '社員', email1: 'staff@other.example.jp', loginId: 'staff', role: 'employee' },
  ];
}

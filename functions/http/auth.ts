import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json, noContent } from '../shared/http-stack.js';
import { authService } from '../wiring/auth.js';
import { requireTotpKey } from '../wiring/mfa.js';
import { publicThrottle } from '../wiring/guard.js';

requireTotpKey();
const auth = authService();
const throttle = publicThrottle('auth');

const LoginBody = z.strictObject({
  companyCode: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  loginId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
});
const NewPasswordBody = z.strictObject({ session: z.string().check(z.minLength(1), z.maxLength(200)), newPassword: z.string().check(z.minLength(1), z.maxLength(1024)) });
const SupportLoginBody = z.strictObject({ loginId: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)), password: z.string().check(z.minLength(1), z.maxLength(256)) });
const session = z.string().check(z.minLength(1), z.maxLength(200));
// Exactly one of the two: a 6-digit code from the app, or a backup code.
const MfaBody = z.union([
  z.strictObject({ session, code: z.string().check(z.trim(), z.minLength(1), z.maxLength(16)) }),
  z.strictObject({ session, backupCode: z.string().check(z.trim(), z.minLength(1), z.maxLength(32)) }),
]);
const RefreshBody = z.strictObject({ refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)), accountId: z.string().check(z.minLength(1), z.maxLength(64)) });
// accountId (optional for older clients) lets sign-out end the session's ID tokens as well.
const LogoutBody = z.strictObject({ refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)), accountId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) });

// Tokens must never be cached by a browser or a proxy.
const NO_STORE = { 'Cache-Control': 'no-store' };

export const handler = httpHandler({
  'POST /api/auth/login': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async (req) => json(200, await auth.login(parseWith(LoginBody, req.body), { sourceIp: req.sourceIp }), NO_STORE),
  },
  'POST /api/auth/new-password': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async (req) => json(200, await auth.completeNewPassword(parseWith(NewPasswordBody, req.body), { sourceIp: req.sourceIp }), NO_STORE),
  },
  'POST /api/auth/mfa': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async (req) => json(200, await auth.completeMfa(parseWith(MfaBody, req.body), { sourceIp: req.sourceIp }), NO_STORE),
  },
  'POST /api/auth/support-login': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async (req) => json(200, await auth.supportLogin(parseWith(SupportLoginBody, req.body), { sourceIp: req.sourceIp }), NO_STORE),
  },
  'POST /api/auth/refresh': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async (req) => json(200, await auth.refresh(parseWith(RefreshBody, req.body)), NO_STORE),
  },
  'POST /api/auth/logout': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async (req) => {
      await auth.logout(parseWith(LogoutBody, req.body));
      return noContent();
    },
  },
});

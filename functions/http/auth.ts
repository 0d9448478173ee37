import * as z from 'zod';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json, noContent } from '../shared/http-stack.js';
import { authService } from '../wiring/auth.js';
import { requireTotpKey } from '../wiring/mfa.js';
import { publicThrottle } from '../wiring/guard.js';

requireTotpKey();
const auth = authService();
const throttle = publicThrottle('auth');

const LoginBody = z.strictObject({
  companyCode: z.string().trim().min(1).max(64),
  loginId: z.string().trim().min(1).max(128),
  password: z.string().min(1).max(256),
});
const NewPasswordBody = z.strictObject({ session: z.string().min(1).max(200), newPassword: z.string().min(1).max(1024) });
const SupportLoginBody = z.strictObject({ loginId: z.string().trim().min(1).max(128), password: z.string().min(1).max(256) });
const session = z.string().min(1).max(200);
// Exactly one of the two: a 6-digit code from the app, or a backup code.
const MfaBody = z.union([
  z.strictObject({ session, code: z.string().trim().min(1).max(16) }),
  z.strictObject({ session, backupCode: z.string().trim().min(1).max(32) }),
]);
const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(8192), accountId: z.string().min(1).max(64) });
// accountId (optional for older clients) lets sign-out end the session's ID tokens as well.
const LogoutBody = z.strictObject({ refreshToken: z.string().min(1).max(8192), accountId: z.string().min(1).max(64).optional() });

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

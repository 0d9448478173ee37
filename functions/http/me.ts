import * as z from 'zod/mini';
import { notFound } from '../core/shared/errors.js';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json, noContent } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { authService, mfaService } from '../wiring/auth.js';
import { employeeService } from '../wiring/employees.js';
import { settingsService } from '../wiring/settings.js';

const auth = authService();
const employees = employeeService();
const settings = settingsService();
const mfa = mfaService();

const LoginIdBody = z.strictObject({ loginId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)) });
const EmailsBody = z.strictObject({ email1: z.string().check(z.maxLength(254)), email2: z.string().check(z.maxLength(254)), email3: z.string().check(z.maxLength(254)), confirmDuplicates: z.optional(z.boolean()) });
const PasswordBody = z.strictObject({ currentPassword: z.string().check(z.minLength(1), z.maxLength(256)), newPassword: z.string().check(z.minLength(1), z.maxLength(1024)) });

/** The signed-in account (any role): its profile, sign-in times and own mail addresses. */
export const handler = httpHandler(
  {
    'GET /api/me': {
      auth: 'jwt',
      // Answered while a second factor must be set up first: the site reads `mfa` to know where to go.
      duringMfaSetup: true,
      handle: async ({ actor }) => {
        const account = await auth.account(actor.companyId, actor.accountId);
        if (!account) throw notFound();
        const [{ email1, email2, email3 }, company, factor] = await Promise.all([employees.own(actor), settings.current(actor.companyId), mfa.status(actor)]);
        // How the company hands out accounts and whether it requires 2FA: viewers need both for the
        // employee list's columns, yet may not read 基本設定.
        return json(200, {
          ...account,
          email1,
          email2,
          email3,
          notificationMethod: company.notificationMethod,
          mfaEnforcement: company.mfaEnforcement,
          mfa: { ...factor, setupRequired: actor.mfaSetupRequired === true },
        });
      },
    },
    'PUT /api/me/login-id': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body }) => {
        const { loginId } = parseWith(LoginIdBody, body);
        const saved = await employees.updateOwn(actor, { loginId }, false);
        return json(200, { loginId: saved.loginId });
      },
    },
    'PUT /api/me/emails': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body }) => {
        const { confirmDuplicates, ...emails } = parseWith(EmailsBody, body);
        const { email1, email2, email3 } = await employees.updateOwn(actor, emails, confirmDuplicates ?? false);
        return json(200, { email1, email2, email3 });
      },
    },
    'POST /api/me/password': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body }) => {
        await auth.changePassword(actor, parseWith(PasswordBody, body));
        return noContent();
      },
    },
  },
  loadActor,
);

import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { qrSvg } from '../shared/qr-svg.js';
import { httpHandler, json, noContent } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { mfaService } from '../wiring/auth.js';
import { requireTotpKey } from '../wiring/mfa.js';

requireTotpKey();
const mfa = mfaService();

const code = z.string().check(z.trim(), z.minLength(1), z.maxLength(16));
const backupCode = z.string().check(z.trim(), z.minLength(1), z.maxLength(32));
const ConfirmBody = z.strictObject({ code });
// Exactly one of the two: a current code from the app, or an unused backup code.
const ProofBody = z.union([z.strictObject({ code }), z.strictObject({ backupCode })]);
const DisableBody = z.union([z.strictObject({ password: z.string().check(z.minLength(1), z.maxLength(256)), code }), z.strictObject({ password: z.string().check(z.minLength(1), z.maxLength(256)), backupCode })]);

// A secret or backup codes must never sit in a browser or proxy cache.
const NO_STORE = { 'Cache-Control': 'no-store' };

/** The signed-in account's own second factor, whatever its role (support operators too). */
export const handler = httpHandler(
  {
    'GET /api/me/mfa': {
      auth: 'jwt',
      audience: 'any',
      duringMfaSetup: true,
      handle: async ({ actor }) => json(200, await mfa.status(actor)),
    },
    'POST /api/me/mfa/setup': {
      auth: 'jwt',
      audience: 'any',
      duringMfaSetup: true,
      handle: async ({ actor }) => {
        const setup = await mfa.startSetup(actor);
        // The QR code is drawn here, so the site needs no QR library and the secret stays in this one answer.
        return json(200, { ...setup, qrSvg: qrSvg(setup.otpauthUri, { errorCorrectionLevel: 'M', margin: 2 }) }, NO_STORE);
      },
    },
    'POST /api/me/mfa/confirm': {
      auth: 'jwt',
      body: 'json',
      audience: 'any',
      duringMfaSetup: true,
      handle: async ({ actor, body }) => json(200, await mfa.confirmSetup(actor, parseWith(ConfirmBody, body).code), NO_STORE),
    },
    'POST /api/me/mfa/backup-codes': {
      auth: 'jwt',
      body: 'json',
      audience: 'any',
      handle: async ({ actor, body }) => json(200, await mfa.regenerateBackupCodes(actor, parseWith(ProofBody, body)), NO_STORE),
    },
    'POST /api/me/mfa/disable': {
      auth: 'jwt',
      body: 'json',
      audience: 'any',
      handle: async ({ actor, body }) => {
        await mfa.turnOff(actor, parseWith(DisableBody, body));
        return noContent();
      },
    },
  },
  loadActor,
);

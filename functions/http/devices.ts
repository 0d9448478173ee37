import * as z from 'zod/mini';
import { KEY_EXPIRY_DAYS_MAX } from '../core/client/devices.js';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json, noContent } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { deviceService } from '../wiring/devices.js';

const devices = deviceService();

const CreateKeyBody = z.strictObject({ expiresInDays: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(KEY_EXPIRY_DAYS_MAX))) });
const NO_STORE = { 'Cache-Control': 'no-store' };

/** 企業情報 › 端末: enrollment keys (the key is in the create answer only) and enrolled devices. */
export const handler = httpHandler(
  {
    'GET /api/admin/enrollment-keys': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, { items: await devices.listKeys(actor) }, NO_STORE),
    },
    'POST /api/admin/enrollment-keys': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body }) => json(201, await devices.createKey(actor, parseWith(CreateKeyBody, body)), NO_STORE),
    },
    'DELETE /api/admin/enrollment-keys/{keyId}': {
      auth: 'jwt',
      handle: async ({ actor, params }) => {
        await devices.revokeKey(actor, params.keyId ?? '');
        return noContent();
      },
    },
    'GET /api/admin/devices': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, { items: await devices.listDevices(actor) }, NO_STORE),
    },
    'DELETE /api/admin/devices/{deviceId}': {
      auth: 'jwt',
      handle: async ({ actor, params }) => {
        await devices.revokeDevice(actor, params.deviceId ?? '');
        return noContent();
      },
    },
  },
  loadActor,
);

import * as z from 'zod/mini';
import { CLIENT_EVENT_TYPES } from '../core/attendance/clock.js';
import { EVENT_ID_PATTERN, EVENTS_PER_CALL_MAX } from '../core/client/events.js';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json, type Request } from '../shared/http-stack.js';
import { requireTotpKey } from '../wiring/mfa.js';
import { clientAuthService, clientEventService } from '../wiring/client.js';
import { deviceService } from '../wiring/devices.js';
import { publicThrottle } from '../wiring/guard.js';

requireTotpKey();
const devices = deviceService();
const auth = clientAuthService();
const events = clientEventService();
const throttle = publicThrottle('client');

// Hostnames as Windows and DNS write them: letters (any script), digits, dot, hyphen, underscore.
const hostname = z.string().check(z.trim(), z.minLength(1), z.maxLength(253), z.regex(/^[\p{L}\p{N}._-]+$/u));
const EnrollBody = z.strictObject({ enrollmentKey: z.string().check(z.minLength(1), z.maxLength(200)), hostname, authentication: z.optional(z.boolean()) });
const loginId = z.string().check(z.trim(), z.minLength(1), z.maxLength(128));
const AuthenticateBody = z.strictObject({
  loginId,
  event: z.enum(['logon', 'unlock']),
  password: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  otp: z.optional(z.string().check(z.trim(), z.regex(/^[0-9]{6}$/))),
  session: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
const EventsBody = z.strictObject({
  events: z
    .array(
      z.strictObject({
        eventId: z.string().check(z.regex(EVENT_ID_PATTERN)),
        loginId,
        type: z.enum(CLIENT_EVENT_TYPES),
        at: z.iso.datetime({ offset: true }),
        method: z.optional(z.enum(['password', 'otp', 'password+otp', 'otp+password'])),
      }),
    )
    .check(z.minLength(1), z.maxLength(EVENTS_PER_CALL_MAX)),
});

const NO_STORE = { 'Cache-Control': 'no-store' };

/** `Authorization: Device <credential>`: the enrolled device, or 401 (none, unknown, revoked). */
const deviceOf = (req: Request) => {
  const header = req.event.headers?.authorization ?? '';
  const match = /^Device\s+(\S+)$/.exec(header);
  return devices.deviceOf(match?.[1]);
};

/** The PC logon client: enrollment, the check at logon and unlock, events. Public to API Gateway; each route checks the device itself. */
export const handler = httpHandler({
  'POST /api/client/enroll': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async (req) => {
      const body = parseWith(EnrollBody, req.body);
      const enrolled = await devices.enroll({ enrollmentKey: body.enrollmentKey, hostname: body.hostname, authentication: body.authentication ?? true }, { sourceIp: req.sourceIp });
      return json(201, enrolled, NO_STORE);
    },
  },
  'POST /api/client/authenticate': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async (req) => {
      // The body's shape first (400, as the stack does for malformed JSON), then the device (401).
      const body = parseWith(AuthenticateBody, req.body);
      const device = await deviceOf(req);
      return json(200, await auth.authenticate(device, body, { sourceIp: req.sourceIp }), NO_STORE);
    },
  },
  'POST /api/client/events': {
    auth: 'none',
    body: 'json',
    throttle,
    handle: async (req) => {
      const body = parseWith(EventsBody, req.body);
      const device = await deviceOf(req);
      const results = await events.ingest(device, body.events, { sourceIp: req.sourceIp });
      return json(200, { results }, NO_STORE);
    },
  },
});

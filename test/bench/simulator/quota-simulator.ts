import { COGNITO_CATEGORY, COGNITO_QUOTAS, type CognitoCategory } from '../../../functions/adapters/cognito/quota.js';
import { SES_MAX_BULK } from '../../../functions/adapters/ses/mailer.js';
import { mulberry32 } from '../../support/mulberry32.js';

/**
 * A measuring instrument for the bench, not a stand-in for `npm start`: SDK middleware that
 * answers Cognito's admin user calls and SES v2 sends from an in-memory model at AWS's documented
 * quotas, so the bench measures kagi against the quota rather than against cognito-local (which
 * rewrites its whole user file on every change) or aws-ses-v2-local. Users it creates exist only
 * in it (nobody can sign in with them), mails it accepts go nowhere.
 *
 * It sits in the `deserialize` step below the SDK's deserializer, where the HTTP handler would
 * send the request: the SDK serializes, signs and retries as it does against AWS, and parses the
 * answers and errors the simulator writes in each service's wire protocol (awsJson1_1 for
 * Cognito, restJson1 for SES v2). A call over its category's bucket is answered as AWS does,
 * `TooManyRequestsException` (Cognito: 400, SES v2: 429), which the SDK's standard retry
 * strategy treats as a throttle. Only the bench installs it, on the clients it is given.
 */

export interface QuotaSimulatorOptions {
  /** Requests a second per Cognito category (default: the documented quotas). */
  cognito?: Partial<Record<CognitoCategory, number>>;
  /** SES's send rate: recipients a second (the account's maximum send rate). */
  sesSendRate?: number;
  /** Seconds' worth of the send rate SES's bucket holds: the burst it lets an account send above its rate (default 2). */
  sesBurstSeconds?: number;
  /** Latency of one call: log-normal around `medianMs`, and one call in `tailEvery` takes `tailFactor` × longer. */
  latency?: { medianMs: number; sigma: number; tailEvery: number; tailFactor: number };
  /** Seeds the latency draws, so runs repeat. */
  seed?: number;
}

export interface SimulatorStats {
  /** Every request that reached the simulated service (the SDK's retries included), by operation. */
  attempts: Map<string, number>;
  /** Requests answered with a throttle, by operation. */
  throttled: Map<string, number>;
  /** Cognito users, SES recipients accepted. */
  users: number;
  recipients: number;
}

interface Bucket {
  rate: number;
  /** Tokens it holds at most. */
  capacity: number;
  tokens: number;
  last: number;
}

type Next = (args: unknown) => Promise<unknown>;
interface MiddlewareStack {
  add(mw: (next: Next, context: { commandName?: string }) => Next, options: { step: 'deserialize'; priority: 'low'; name: string }): void;
  remove(name: string): boolean;
}
interface Client {
  middlewareStack: unknown;
}

const NAME = 'kagiQuotaSimulator';


const encoder = new TextEncoder();
function answer(statusCode: number, body: unknown, headers: Record<string, string> = {}) {
  return { response: { statusCode, headers: { 'content-type': 'application/json', 'x-amzn-requestid': crypto.randomUUID(), ...headers }, body: encoder.encode(JSON.stringify(body)) } };
}
const cognitoError = (type: string, message: string) => answer(400, { __type: type, message }, { 'x-amzn-errortype': type });
const sesError = (status: number, type: string, message: string) => answer(status, { message }, { 'x-amzn-errortype': type });

export function installQuotaSimulator(clients: { cognito?: Client; ses?: Client }, options: QuotaSimulatorOptions = {}) {
  const random = mulberry32(options.seed ?? 13);
  const latency = options.latency ?? { medianMs: 60, sigma: 0.4, tailEvery: 100, tailFactor: 8 };
  const quotas = { ...COGNITO_QUOTAS, ...options.cognito };
  // Bursts. Cognito documents none apart from the rate for its categories: its buckets hold one
  // second's worth. SES does: "Sending rate — The maximum number of emails that Amazon SES can
  // accept from your account each second. You can exceed this quota for short bursts, but not for
  // sustained periods of time." (SES Developer Guide, "Managing your Amazon SES sending limits",
  // https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html). How short is not
  // documented: its bucket holds `sesBurstSeconds` of the rate (2 unless told), so a sender at the
  // rate whose calls the network bunches is not throttled, and one held above it is within seconds.
  const buckets = new Map<string, Bucket>();
  const bucketOf = (name: string, rate: number, burstSeconds = 1) => {
    let b = buckets.get(name);
    if (!b) buckets.set(name, (b = { rate, capacity: rate * burstSeconds, tokens: rate * burstSeconds, last: performance.now() }));
    return b;
  };
  const take = (b: Bucket, n: number) => {
    const now = performance.now();
    b.tokens = Math.min(b.capacity, b.tokens + ((now - b.last) / 1000) * b.rate);
    b.last = now;
    if (b.tokens < n) return false;
    b.tokens -= n;
    return true;
  };
  /** Takes what the bucket holds, up to `n` whole tokens. */
  const takeSome = (b: Bucket, n: number) => {
    take(b, 0);
    const some = Math.min(n, Math.floor(b.tokens));
    b.tokens -= some;
    return some;
  };
  const users = new Map<string, { password: string; temporary: boolean; enabled: boolean }>();
  const stats: SimulatorStats = { attempts: new Map(), throttled: new Map(), users: 0, recipients: 0 };
  const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

  /** A draw of the latency: log-normal (Box–Muller), with a long tail now and then. */
  function draw(): number {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const ms = latency.medianMs * Math.exp(latency.sigma * z);
    return random() < 1 / latency.tailEvery ? ms * latency.tailFactor : ms;
  }
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** A round trip: the service counts the request when it arrives (half way), answers at the end. */
  async function roundTrip<T>(atService: () => T): Promise<T> {
    const ms = draw();
    await wait(ms / 2);
    const out = atService();
    await wait(ms / 2);
    return out;
  }

  function cognitoCall(op: string, input: Record<string, unknown>) {
    const key = `${String(input.UserPoolId)}/${String(input.Username)}`;
    const user = users.get(key);
    switch (op) {
      case 'AdminCreateUser':
        if (user) return cognitoError('UsernameExistsException', 'User account already exists');
        users.set(key, { password: String(input.TemporaryPassword ?? ''), temporary: true, enabled: true });
        stats.users = users.size;
        return answer(200, { User: { Username: input.Username, Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD', Attributes: input.UserAttributes ?? [] } });
      case 'AdminSetUserPassword':
        if (!user) return cognitoError('UserNotFoundException', 'User does not exist.');
        Object.assign(user, { password: String(input.Password), temporary: !input.Permanent });
        return answer(200, {});
      case 'AdminEnableUser':
      case 'AdminDisableUser':
        if (!user) return cognitoError('UserNotFoundException', 'User does not exist.');
        user.enabled = op === 'AdminEnableUser';
        return answer(200, {});
      case 'AdminGetUser':
        if (!user) return cognitoError('UserNotFoundException', 'User does not exist.');
        return answer(200, { Username: input.Username, Enabled: user.enabled, UserStatus: user.temporary ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED', UserAttributes: [] });
      default:
        return undefined;
    }
  }

  function sesCall(op: string, input: Record<string, unknown>, allowed: number) {
    if (op === 'SendEmail') {
      stats.recipients++;
      return answer(200, { MessageId: `sim-${crypto.randomUUID()}` });
    }
    const entries = (input.BulkEmailEntries as unknown[] | undefined) ?? [];
    if (entries.length > SES_MAX_BULK) return sesError(400, 'BadRequestException', `At most ${SES_MAX_BULK} entries`);
    stats.recipients += Math.min(allowed, entries.length);
    return answer(200, {
      BulkEmailEntryResults: entries.map((_, i) => (i < allowed ? { Status: 'SUCCESS', MessageId: `sim-${crypto.randomUUID()}` } : { Status: 'ACCOUNT_THROTTLED', Error: 'Maximum sending rate exceeded.' })),
    });
  }

  const cognitoMiddleware = (next: Next, context: { commandName?: string }): Next => async (args) => {
    const op = String(context.commandName ?? '').replace(/Command$/, '');
    const category = COGNITO_CATEGORY[op];
    const input = (args as { input: Record<string, unknown> }).input;
    count(stats.attempts, `Cognito ${op}`);
    const out = await roundTrip(() => {
      if (category && !take(bucketOf(`Cognito ${category}`, quotas[category]), 1)) {
        count(stats.throttled, `Cognito ${op}`);
        return cognitoError('TooManyRequestsException', 'Rate exceeded');
      }
      return cognitoCall(op, input);
    });
    return out ?? next(args);
  };

  const sesMiddleware = (next: Next, context: { commandName?: string }): Next => async (args) => {
    const op = String(context.commandName ?? '').replace(/Command$/, '');
    if (op !== 'SendEmail' && op !== 'SendBulkEmail') return next(args);
    const input = (args as { input: Record<string, unknown> }).input;
    const recipients = op === 'SendEmail' ? 1 : ((input.BulkEmailEntries as unknown[] | undefined)?.length ?? 0);
    count(stats.attempts, `SES ${op}`);
    return roundTrip(() => {
      // SES counts its send rate per recipient, not per call. A bulk call over the rate has the
      // entries the rate allows sent and the others answered ACCOUNT_THROTTLED (as SES answers
      // them); a call that can send none is throttled whole.
      const bucket = bucketOf('SES send rate', options.sesSendRate ?? 14, options.sesBurstSeconds ?? 2);
      const allowed = take(bucket, recipients) ? recipients : op === 'SendBulkEmail' ? takeSome(bucket, recipients) : 0;
      if (allowed === 0) {
        count(stats.throttled, `SES ${op}`);
        return sesError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.');
      }
      if (allowed < recipients) count(stats.throttled, `SES ${op}`);
      return sesCall(op, input, allowed);
    });
  };

  if (clients.cognito) (clients.cognito.middlewareStack as MiddlewareStack).add(cognitoMiddleware, { step: 'deserialize', priority: 'low', name: NAME });
  if (clients.ses) (clients.ses.middlewareStack as MiddlewareStack).add(sesMiddleware, { step: 'deserialize', priority: 'low', name: NAME });

  return {
    stats,
    /** Whether a simulated user holds this password (the bench checks what it issued). */
    passwordOf: (userPoolId: string, username: string) => users.get(`${userPoolId}/${username}`)?.password,
    /** Forgets every user it made (the bench issues a set of employees again as a first issuance). */
    forgetUsers() {
      users.clear();
      stats.users = 0;
    },
    /** Starts counting afresh (the users stay). */
    resetStats() {
      stats.attempts.clear();
      stats.throttled.clear();
      stats.recipients = 0;
    },
    uninstall() {
      for (const c of [clients.cognito, clients.ses]) if (c) (c.middlewareStack as MiddlewareStack).remove(NAME);
    },
  };
}

export type QuotaSimulator = ReturnType<typeof installQuotaSimulator>;

/**
 * The reference PC logon client: what a Windows credential provider does, on the command line
 * (README, "PC logon client"). Run with `npx tsx bin/logon-client.ts <command> …`:
 *
 *   enroll --server URL --key KEY --hostname H [--no-auth]   enroll this PC once (stores the device credential)
 *   logon  --login-id ID [--otp-first]                       check the employee, then record a logon
 *   unlock --login-id ID [--otp-first]                       check the employee, then record an unlock
 *   logoff --login-id ID                                     record a logoff
 *   lock   --login-id ID                                     record a lock
 *   flush                                                    send the offline queue
 *
 * Every command takes --state DIR (default ~/.kagi-logon-client). Events go to an offline queue
 * file first; the queue is sent on every call and kept while the server cannot be reached.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { homedir, hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';

export type EventType = 'logon' | 'logoff' | 'lock' | 'unlock';
export type Factor = 'password' | 'otp';

export interface DeviceState {
  server: string;
  deviceId: string;
  credential: string;
  hostname: string;
  authentication: boolean;
}

export interface QueuedEvent {
  eventId: string;
  loginId: string;
  type: EventType;
  at: string;
  method?: string;
}

/** How the client talks to the person at the PC (a terminal, or a test's script). */
export interface ClientIo {
  ask(question: string, options: { secret: boolean }): Promise<string>;
  say(line: string): void;
}

export interface ClientOptions {
  stateDir: string;
  /** Extra request headers (tests choose the client address the way CloudFront tells it). */
  headers?: Record<string, string>;
}

export const defaultStateDir = () => join(homedir(), '.kagi-logon-client');
const deviceFile = (dir: string) => join(dir, 'device.json');
const queueFile = (dir: string) => join(dir, 'queue.jsonl');
/** What the server takes in one call. */
const BATCH = 50;

export class ClientError extends Error {}

function readDevice(dir: string): DeviceState {
  if (!existsSync(deviceFile(dir))) throw new ClientError('This PC is not enrolled: run `enroll` first.');
  return JSON.parse(readFileSync(deviceFile(dir), 'utf8')) as DeviceState;
}

async function call(device: Pick<DeviceState, 'server' | 'credential'> | { server: string; credential?: undefined }, path: string, body: unknown, options: ClientOptions): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL(path, device.server), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(device.credential ? { Authorization: `Device ${device.credential}` } : {}), ...options.headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text for the message
  }
  return { status: res.status, body: parsed };
}

const errorText = (res: { status: number; body: any }) => (typeof res.body === 'object' && res.body?.error?.message ? `${res.body.error.message} (${res.status})` : `HTTP ${res.status}`);

/** Enrolls this PC with an enrollment key from 企業情報 › 端末; the credential is kept in the state folder (owner-only). */
export async function enroll(input: { server: string; key: string; hostname: string; authentication: boolean }, options: ClientOptions): Promise<DeviceState> {
  const res = await call({ server: input.server }, '/api/client/enroll', { enrollmentKey: input.key, hostname: input.hostname, authentication: input.authentication }, options);
  if (res.status !== 201) throw new ClientError(`Enrollment failed: ${errorText(res)}`);
  const state: DeviceState = { server: input.server, deviceId: res.body.deviceId, credential: res.body.credential, hostname: input.hostname, authentication: res.body.authentication };
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  writeFileSync(deviceFile(options.stateDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(deviceFile(options.stateDir), 0o600);
  return state;
}

export type AuthOutcome =
  | { result: 'allowed'; displayName: string; language: 'ja' | 'en'; timeZone: string; factors: Factor[] }
  | { result: 'denied'; reason: string; message: string };

/**
 * The check at logon or unlock: asks the server, prompts for each factor it names, in order,
 * and answers allowed or denied. A device enrolled without authentication is never asked.
 */
export async function authenticate(input: { loginId: string; event: 'logon' | 'unlock'; otpFirst?: boolean }, io: ClientIo, options: ClientOptions): Promise<AuthOutcome> {
  const device = readDevice(options.stateDir);
  if (!device.authentication) return { result: 'allowed', displayName: input.loginId, language: 'ja', timeZone: 'Asia/Tokyo', factors: [] };
  const factors: Factor[] = [];
  let session: string | undefined;
  // An employee in no group may start with either factor; the server says which it wants next.
  let offer: Factor | undefined = input.otpFirst ? 'otp' : undefined;
  for (let round = 0; round < 4; round++) {
    const body: Record<string, string> = { loginId: input.loginId, event: input.event, ...(session ? { session } : {}) };
    if (offer === 'password') body.password = await io.ask('パスワード / Password: ', { secret: true });
    if (offer === 'otp') body.otp = (await io.ask('ワンタイムパスワード / One-time password: ', { secret: false })).trim();
    const res = await call(device, '/api/client/authenticate', body, options);
    if (res.status !== 200) throw new ClientError(`The server refused the check: ${errorText(res)}`);
    if (offer) factors.push(offer);
    const answer = res.body;
    if (answer.result === 'allowed') return { result: 'allowed', displayName: answer.displayName, language: answer.language, timeZone: answer.timeZone, factors };
    if (answer.result === 'denied') return { result: 'denied', reason: answer.reason, message: answer.message };
    session = answer.session;
    offer = answer.factor;
  }
  throw new ClientError('The server kept asking for factors.');
}

/** Appends an event to the offline queue (it is sent by the next flush). */
export function queueEvent(event: Omit<QueuedEvent, 'eventId' | 'at'> & Partial<Pick<QueuedEvent, 'eventId' | 'at'>>, options: ClientOptions): QueuedEvent {
  const queued: QueuedEvent = { eventId: event.eventId ?? randomUUID(), at: event.at ?? new Date().toISOString(), loginId: event.loginId, type: event.type, ...(event.method ? { method: event.method } : {}) };
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  appendFileSync(queueFile(options.stateDir), `${JSON.stringify(queued)}\n`, { mode: 0o600 });
  return queued;
}

export function queuedEvents(options: ClientOptions): QueuedEvent[] {
  if (!existsSync(queueFile(options.stateDir))) return [];
  return readFileSync(queueFile(options.stateDir), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as QueuedEvent);
}

function writeQueue(events: QueuedEvent[], options: ClientOptions): void {
  const file = queueFile(options.stateDir);
  writeFileSync(`${file}.tmp`, events.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export interface FlushResult {
  stored: number;
  duplicate: number;
  refused: Array<{ eventId: string; reason: string }>;
  /** Still queued: the server could not be reached or failed. */
  kept: number;
}

/**
 * Sends the queue in batches of 50. Stored, duplicate and refused events leave the queue (a
 * refusal is final); on a network error or a server failure the rest stays for the next call.
 */
export async function flush(options: ClientOptions): Promise<FlushResult> {
  const device = readDevice(options.stateDir);
  let queue = queuedEvents(options);
  const out: FlushResult = { stored: 0, duplicate: 0, refused: [], kept: 0 };
  while (queue.length > 0) {
    const batch = queue.slice(0, BATCH);
    let res: { status: number; body: any };
    try {
      res = await call(device, '/api/client/events', { events: batch }, options);
    } catch {
      break;
    }
    if (res.status === 401) throw new ClientError(`This device was refused: ${errorText(res)}`);
    if (res.status !== 200) break;
    for (const r of res.body.results as Array<{ eventId: string; status: string; reason?: string }>) {
      if (r.status === 'stored') out.stored++;
      else if (r.status === 'duplicate') out.duplicate++;
      else out.refused.push({ eventId: r.eventId, reason: r.reason ?? '' });
    }
    queue = queue.slice(batch.length);
    writeQueue(queue, options);
  }
  out.kept = queue.length;
  return out;
}

/** One command, as main runs it: logon/unlock check first; every call ends with a flush. */
export async function run(command: string, args: { loginId?: string; otpFirst?: boolean }, io: ClientIo, options: ClientOptions): Promise<number> {
  if (command === 'logon' || command === 'unlock') {
    const outcome = await authenticate({ loginId: args.loginId!, event: command, otpFirst: args.otpFirst }, io, options);
    if (outcome.result === 'denied') {
      io.say(outcome.message);
      await flush(options).catch(() => undefined);
      return 1;
    }
    io.say(outcome.language === 'en' ? `Welcome, ${outcome.displayName}.` : `${outcome.displayName} さん、ようこそ。`);
    queueEvent({ loginId: args.loginId!, type: command, ...(outcome.factors.length ? { method: outcome.factors.join('+') } : {}) }, options);
  } else if (command === 'logoff' || command === 'lock') {
    queueEvent({ loginId: args.loginId!, type: command }, options);
  } else if (command !== 'flush') {
    throw new ClientError(`Unknown command: ${command}`);
  }
  const sent = await flush(options);
  if (sent.kept > 0) io.say(`${sent.kept} event(s) kept offline; they are sent on the next call.`);
  for (const r of sent.refused) io.say(`Event ${r.eventId} was refused (${r.reason}).`);
  return 0;
}

/** A terminal: answers typed at a prompt; a secret one is not echoed. Piped input is read line by line. */
function terminalIo(): ClientIo & { close(): void } {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: Boolean(process.stdin.isTTY) });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question, { secret }) {
      process.stderr.write(question);
      muted = secret;
      const next = await lines.next();
      muted = false;
      if (secret && process.stdin.isTTY) process.stderr.write('\n');
      if (next.done) throw new ClientError('No answer (end of input).');
      return next.value;
    },
    say: (line) => console.log(line),
    close: () => rl.close(),
  };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      key: { type: 'string' },
      hostname: { type: 'string' },
      'no-auth': { type: 'boolean' },
      'login-id': { type: 'string' },
      'otp-first': { type: 'boolean' },
      state: { type: 'string' },
    },
  });
  const command = positionals[0] ?? '';
  const options: ClientOptions = { stateDir: values.state ?? defaultStateDir() };
  if (command === 'enroll') {
    if (!values.server || !values.key) throw new ClientError('enroll needs --server URL and --key KEY.');
    const state = await enroll({ server: values.server, key: values.key, hostname: values.hostname ?? osHostname(), authentication: !values['no-auth'] }, options);
    console.log(`Enrolled ${state.hostname} (device ${state.deviceId}${state.authentication ? '' : ', events only'}).`);
    return 0;
  }
  if (command !== 'flush' && !values['login-id']) throw new ClientError(`${command || 'A command'} needs --login-id ID.`);
  const io = terminalIo();
  try {
    return await run(command, { loginId: values['login-id'], otpFirst: values['otp-first'] }, io, options);
  } finally {
    io.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof ClientError ? e.message : e);
      process.exit(2);
    },
  );
}

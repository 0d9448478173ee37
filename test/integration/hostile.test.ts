import { connect } from 'node:net';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { ROUTES } from '../../functions/http/routes.js';
import { api, signIn, type ApiResponse } from '../support/api.js';
import { operations, resolve, type Operation, type Parameter } from '../support/openapi.js';
import { authenticator } from '../support/authenticator.js';
import { seedSupportOperator } from '../support/fixtures.js';

/**
 * Every operation of openapi.yaml, driven with malformed, oversized and ill-formed input derived
 * from the document itself (its paths, parameters and body schemas), so a route added later is
 * covered the day it is documented. Each answer must be a 4xx, never a 5xx, in the documented
 * shape (the API helper checks every answer against the document), and nothing may be written.
 */

type Json = Record<string, any>;

const UNKNOWN_ULID = '01J0000000000000000000000Z';
/** Stands where a raw, unencodable string goes into a JSON text. */
const MARKER = 'MARKER-7f3c9a';
const FORGED_TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IkNvZ25pdG9Mb2NhbCJ9.eyJzdWIiOiJ4IiwidG9rZW5fdXNlIjoiaWQifQ.c2ln';
/** Public routes are throttled per source: their cases are a small sample, and 429 is an answer. */
const PUBLIC_CASES = 12;

let admin: string;
let viewer: string;
let otherAdmin: string;
/** A support operator with its second factor set up: the support console's operations are driven with it. */
let support: string;
const cursors: { foreign: Record<string, string>; own: Record<string, string> } = { foreign: {}, own: {} };
let before: Json;
const exercised = new Set<string>();

interface Case {
  name: string;
  token?: string | null;
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** The statuses this case may answer; every case answers some 4xx at least. */
  expect?: number[];
  /** The gateway's own shape is required (the JWT authorizer's 401). */
  gatewayShape?: boolean;
}

// ---------------------------------------------------------------- values derived from the document

/** A value the schema accepts: the base that single bad fields are set into. */
function validValue(schema: Json | undefined, name = ''): unknown {
  const s = resolve(schema ?? {});
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  if (s.allOf) return Object.assign({}, ...s.allOf.map((m: Json) => validValue(m)));
  if (s.oneOf || s.anyOf) return validValue((s.oneOf ?? s.anyOf)[0], name);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || s.properties) {
    // The required properties, and as many optional ones as minProperties asks for.
    const names: string[] = [...(s.required ?? [])];
    for (const p of Object.keys(s.properties ?? {})) if (names.length < (s.minProperties ?? 0) && !names.includes(p)) names.push(p);
    return Object.fromEntries(names.map((p: string) => [p, validValue(s.properties?.[p], p)]));
  }
  if (type === 'array') return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => validValue(s.items, name));
  if (type === 'integer' || type === 'number') return s.minimum ?? 1;
  if (type === 'boolean') return true;
  // A range that holds something: starts a day back, ends an hour ahead.
  if (s.format === 'date-time') return new Date(Date.now() + (/^(from|since|start)/i.test(name) ? -86_400_000 : 3600_000)).toISOString();
  if (s.pattern === '^[0-9]{4}$') return '1234';
  if (/id$/i.test(name)) return UNKNOWN_ULID;
  return 'a'.repeat(Math.max(1, s.minLength ?? 1));
}

/** A value of a type the schema does not allow. */
function wrongType(schema: Json | undefined): unknown {
  const s = resolve(schema ?? {});
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (s.enum || s.const !== undefined) return typeof (s.enum?.[0] ?? s.const) === 'string' ? 12345 : 'not-in-the-list';
  if (type === 'string') return 12345;
  if (type === 'integer' || type === 'number') return 'twelve';
  if (type === 'boolean') return 'yes';
  if (type === 'array') return { not: 'an array' };
  if (type === 'object' || s.properties) return ['not', 'an', 'object'];
  return { unexpected: ['structure'] };
}

/** A body schema that admits no other properties (so an extra one must be refused). */
const isClosed = (schema: Json): boolean => {
  const s = resolve(schema);
  if (s.additionalProperties === false || s.unevaluatedProperties === false) return true;
  return Array.isArray(s.oneOf) && s.oneOf.every(isClosed);
};

/** The top-level properties a body schema names, with their schemas. */
function propertiesOf(schema: Json): Array<[string, Json]> {
  const s = resolve(schema);
  const own = Object.entries((s.properties ?? {}) as Json);
  const nested = [...(s.allOf ?? []), ...(s.oneOf ?? []).slice(0, 1)].flatMap((m: Json) => propertiesOf(m));
  return [...own, ...nested];
}

function fill(op: Operation, paramValues: Record<string, string> = {}): { path: string; query: URLSearchParams } {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => paramValues[name] ?? (name === 'token' ? 'A'.repeat(43) : UNKNOWN_ULID));
  const query = new URLSearchParams();
  for (const p of op.parameters.filter((q) => q.in === 'query' && q.required)) query.set(p.name, String(validValue(p.schema, p.name)));
  return { path, query };
}

const withQuery = (path: string, query: URLSearchParams) => (query.size ? `${path}?${query}` : path);

const BAD_DATES = ['+010000-01-01T00:00:00Z', '0999-12-01T00:00:00Z', '2025-02-30T00:00:00Z', '2025-01-01T00:00:00+09:00', 'yesterday', '1738300000000'];

function queryCases(op: Operation, param: Parameter): Array<[string, string]> {
  const schema = resolve(param.schema ?? {});
  const values: Array<[string, string]> = [['huge', 'x'.repeat(6000)]];
  if (param.name === 'cursor') {
    values.push(['bad cursor', 'eyJhIjoxfQ'], ['non-base64 cursor', '%%%'], ['overlong cursor', 'A'.repeat(2000)]);
    const own = cursors.own[op.path];
    const foreign = cursors.foreign[op.path];
    if (foreign) values.push(['foreign cursor', foreign]);
    if (own) {
      const key = JSON.parse(Buffer.from(own, 'base64url').toString('utf8')) as Json;
      values.push(['truncated cursor', own.slice(0, -4)]);
      values.push(['tampered cursor: an attribute added', Buffer.from(JSON.stringify({ ...key, extra: 'x' })).toString('base64url')]);
      values.push(['tampered cursor: a number', Buffer.from(JSON.stringify({ ...key, pk: 7 })).toString('base64url')]);
      values.push(['tampered cursor: another partition', Buffer.from(JSON.stringify({ ...key, pk: `${String(key.pk)}X` })).toString('base64url')]);
    }
    expect(foreign && own, `${op.path} has both a foreign and an own cursor to tamper with`).toBeTruthy();
  }
  if (schema.format === 'date-time') values.push(...BAD_DATES.map((d) => [`bad date ${d}`, d] as [string, string]));
  if (schema.enum) values.push(['not in the enum', 'zzz']);
  if (schema.type === 'integer') values.push(['not a number', 'abc'], ['below the minimum', String((schema.minimum ?? 0) - 1)], ['overflow', '1e309'], ['a fraction', '1.5']);
  if (schema.maximum !== undefined) values.push(['above the maximum', String(schema.maximum + 1)]);
  if (schema.maxLength !== undefined && schema.maxLength < 1000) values.push(['one over maxLength', 'x'.repeat(schema.maxLength + 1)]);
  return values;
}

/** Every hostile request for one operation. */
function casesOf(op: Operation): Case[] {
  const cases: Case[] = [];
  const base = fill(op);
  const target = withQuery(base.path, base.query);
  const token = op.auth === 'jwt' ? (op.path.startsWith('/api/support/') ? support : admin) : undefined;

  if (op.auth === 'jwt') {
    cases.push({ name: 'no token', token: null, path: target, expect: [401], gatewayShape: true });
    cases.push({ name: 'a forged token', token: FORGED_TOKEN, path: target, expect: [401], gatewayShape: true });
    cases.push({ name: 'a token of another scheme', token: null, path: target, headers: { Authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` }, expect: [401], gatewayShape: true });
  }

  for (const param of op.parameters.filter((p) => p.in === 'path')) {
    const bad: Array<[string, string]> = [
      ['overlong', 'A'.repeat(3000)],
      ['odd characters', encodeURIComponent('../x y')],
      ['lower case', UNKNOWN_ULID.toLowerCase()],
      ['full-width', encodeURIComponent('０１２３')],
      ['an encoded slash', '01J%2F0000000000000000000Z'],
      ['malformed percent-encoding', '%E0%A4%A'],
      ['an encoded lone surrogate', '%ED%A0%80'],
      ['an encoded NUL', 'a%00b'],
      ['a valid form that names nothing', param.name === 'token' ? 'B'.repeat(43) : UNKNOWN_ULID],
    ];
    for (const [name, value] of bad) {
      const { path, query } = fill(op, { [param.name]: value });
      cases.push({ name: `path ${param.name}: ${name}`, token, path: withQuery(path, query), ...bodyFor(op) });
    }
  }

  for (const param of op.parameters.filter((p) => p.in === 'query')) {
    for (const [name, value] of queryCases(op, param)) {
      const query = new URLSearchParams(base.query);
      query.set(param.name, value);
      cases.push({ name: `query ${param.name}: ${name}`, token, path: `${base.path}?${query}`, ...bodyFor(op) });
    }
  }

  if (op.body?.mediaType === 'application/json') {
    const schema = op.body.schema;
    const valid = validValue(schema) as Json;
    const json = (value: unknown) => JSON.stringify(value);
    const send = (name: string, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }, expectStatus?: number[]) =>
      cases.push({ name, token, path: target, body, headers, expect: expectStatus });
    // The most telling first: public operations get only the head of the list.
    send('text/plain', json(valid), { 'Content-Type': 'text/plain' }, [415]);
    send('not JSON', 'this is not JSON', undefined, [400]);
    send('a lone surrogate', json({ zz: MARKER, ...valid }).replace(`"${MARKER}"`, '"ab\\ud800cd"'), undefined, [400]);
    send('an array', '[]', undefined, [400]);
    send('over the body limit', json({ ...valid, big: 'x'.repeat(1_100_000) }), undefined, [413]);
    send('deep nesting', `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, undefined, [400, 413]);
    send('a form post', 'a=1&b=2', { 'Content-Type': 'application/x-www-form-urlencoded' }, [415]);
    send('no Content-Type', json(valid), {}, [415]);
    send('JSON in another charset', json(valid), { 'Content-Type': 'application/json; charset=shift_jis' }, [415]);
    send('cut-off JSON', json(valid).slice(0, -1), undefined, [400]);
    send('an empty body', '', undefined, [400]);
    send('null', 'null', undefined, [400]);
    send('a number', '42', undefined, [400]);
    send('a lone surrogate as a key', '{"\\udc00":1}', undefined, [400]);
    if (isClosed(schema)) send('an extra field', json({ ...valid, unexpected: 1 }), undefined, [400]);
    for (const [name, propSchema] of propertiesOf(schema)) {
      send(`${name}: a wrong type`, json({ ...valid, [name]: wrongType(propSchema) }), undefined, [400]);
      const s = resolve(propSchema);
      const type = Array.isArray(s.type) ? s.type[0] : s.type;
      if (type === 'string' && !s.enum) {
        send(`${name}: a lone surrogate`, json({ ...valid, [name]: MARKER }).replace(`"${MARKER}"`, '"x\\ud800"'), undefined, [400]);
        send(`${name}: huge`, json({ ...valid, [name]: 'x'.repeat(Math.max((s.maxLength ?? 0) + 1, 70_000)) }), undefined, [400, 413]);
        if (s.maxLength) send(`${name}: one over maxLength`, json({ ...valid, [name]: 'x'.repeat(s.maxLength + 1) }), undefined, [400]);
      }
      if (type === 'array') send(`${name}: over maxItems`, json({ ...valid, [name]: Array.from({ length: (s.maxItems ?? 10_000) + 1 }, () => 'x') }), undefined, [400, 413]);
    }
  } else if (op.body) {
    // Raw bodies (the CSV upload) keep their own rules: size, encoding, header, rows and columns.
    const raw = (name: string, bytes: Uint8Array, expectStatus: number[]) =>
      cases.push({ name, token, path: target, body: bytes, headers: { 'Content-Type': op.body!.mediaType }, expect: expectStatus });
    const text = (s: string) => new TextEncoder().encode(s);
    raw('an empty file', new Uint8Array(0), [400]);
    raw('a 7 MB header of A', new Uint8Array(7 * 1024 * 1024).fill(0x41), [400]);
    raw('7 MB of line breaks', new Uint8Array(7 * 1024 * 1024).fill(0x0a), [400]);
    raw('a header of 100,000 columns', text(`${'A,'.repeat(100_000)}\n`), [400]);
    raw('10,001 rows', text(`社員コード,姓,名\n${Array.from({ length: 10_001 }, (_, i) => `H${i},姓,名`).join('\n')}\n`), [400]);
    raw('binary', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), [400]);
    raw('over the size limit', new Uint8Array(9 * 1024 * 1024).fill(0x41), [413]);
  }

  if (cases.length === 0) {
    // Nothing to abuse (no token, parameter or body): junk in the query must not matter either.
    cases.push({ name: 'junk in the query', path: `${target}?x=%E0%A4%A&__proto__=1&constructor=2`, expect: Object.keys(op.responses).map(Number) });
  }

  if (op.auth === 'none') return cases.slice(0, PUBLIC_CASES);
  return cases;
}

/** The body an operation needs so that the case tests its path or query, not a missing body. */
function bodyFor(op: Operation): Pick<Case, 'body' | 'headers'> {
  if (op.body?.mediaType !== 'application/json') return {};
  return { body: JSON.stringify(validValue(op.body.schema)), headers: { 'Content-Type': 'application/json' } };
}

async function run(op: Operation, c: Case): Promise<ApiResponse> {
  exercised.add(`${op.method.toUpperCase()} ${op.path}`);
  return api(c.token ?? undefined).call(op.method.toUpperCase(), c.path, c.body, c.headers ?? {});
}

// ---------------------------------------------------------------- what must not change

async function allPages(token: string) {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const res: ApiResponse = await api(token).get(`/api/admin/employees?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor ?? null;
  } while (cursor);
  return items;
}

async function snapshot() {
  const [employees, counts, jobs, settings, others, otherJobs] = await Promise.all([
    allPages(admin),
    api(admin).get('/api/admin/employee-counts'),
    api(admin).get('/api/admin/jobs'),
    api(admin).get('/api/admin/settings'),
    allPages(otherAdmin),
    api(otherAdmin).get('/api/admin/jobs'),
  ]);
  return { employees, counts: counts.body, jobs: jobs.body.items, settings: settings.body, others, otherJobs: otherJobs.body.items };
}

beforeAll(async () => {
  // Twice each, so each company's audit log has a second page.
  await Promise.all([signIn('demo', 'viewer'), signIn('other', 'admin')]);
  [admin, viewer, otherAdmin] = await Promise.all([signIn('demo', 'admin'), signIn('demo', 'viewer'), signIn('other', 'admin')]);
  await seedSupportOperator('ops-hostile');
  support = (await api().post('/api/auth/support-login', { loginId: 'ops-hostile', password: inject('demoPassword') })).body.idToken;
  const setup = await api(support).post('/api/me/mfa/setup');
  expect((await api(support).post('/api/me/mfa/confirm', { code: await authenticator(setup.body.secret).next() })).status).toBe(200);
  // A real second-page cursor of each paged operation, ours and another company's, to misuse.
  for (const op of operations.filter((o) => o.method === 'get' && o.parameters.some((p) => p.in === 'query' && p.name === 'cursor'))) {
    const { path, query } = fill(op);
    query.set('limit', '1');
    for (const [token, into] of [[admin, cursors.own], [otherAdmin, cursors.foreign]] as const) {
      into[op.path] = (await api(token).get(`${path}?${query}`)).body.nextCursor;
    }
  }
  // Jobs of earlier files must be finished, or their writes would look like ours.
  expect((await fetch(`${inject('baseUrl')}/__local/idle`, { method: 'POST' })).status).toBe(200);
  before = await snapshot();
});

// ---------------------------------------------------------------- the suite

describe.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s under hostile input', (_key, op) => {
  it('answers every case with a documented 4xx and nothing else', async () => {
    const cases = casesOf(op);
    expect(cases.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const c of cases) {
      const res = await run(op, c);
      const allowed = [...(c.expect ?? [400, 404, 410]), ...(op.auth === 'none' ? [429] : [])];
      if (!allowed.includes(res.status) || res.status >= 500) wrong.push(`${c.name}: ${res.status} ${res.text.slice(0, 160)}`);
      if (c.gatewayShape && res.status === 401) expect(res.body, c.name).toEqual({ message: 'Unauthorized' });
      if (res.status >= 400 && !c.gatewayShape && res.body && !('message' in res.body && Object.keys(res.body).length === 1)) {
        expect(res.body, c.name).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
      }
    }
    expect(wrong).toEqual([]);
  });

  // Operations the document opens to viewers (x-kagi-roles) are theirs to call.
  if (op.path.startsWith('/api/admin/') && op.method !== 'get' && !op.roles.includes('viewer')) {
    it('refuses a viewer even with a well-formed request', async () => {
      const { path, query } = fill(op);
      const res = await run(op, { name: 'viewer', token: viewer, path: withQuery(path, query), ...bodyFor(op) });
      expect([403, 404], `${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
    });
  }
});

describe('requests the gateway must survive', () => {
  it.each([
    ['a malformed escape at the root', '/%E0%A4%A'],
    ['a malformed escape in a path parameter', '/api/verification/%E0%A4%A'],
    ['a malformed escape in an admin path', '/api/admin/employees/%E0%A4%A/mails'],
    ['an unknown API path', '/api/%ZZ/nothing'],
    ['a surrogate escape', '/api/admin/jobs/%ED%A0%80'],
  ])('%s answers 400 or 404 in the gateway shape', async (_name, path) => {
    const res = await fetch(inject('baseUrl') + path);
    expect([400, 404]).toContain(res.status);
    if (path.startsWith('/api/')) expect(await res.json()).toEqual({ message: expect.stringMatching(/^(Bad Request|Not Found)$/) });
  });

  it.each([
    ['a path of two slashes', 'GET // HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['an API path with a double slash', 'GET //api/health HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['an absolute-form target', 'GET http://elsewhere.example/api/health HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header of 100 KB', `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`],
    ['a header with a control character', 'GET /api/health HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n'],
    ['a broken request line', 'GARBAGE\r\n\r\n'],
    ['a broken chunked body', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nZZ\r\n'],
    ['a body shorter than its length', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nContent-Type: application/json\r\n\r\n{"a"'],
    ['an Authorization header of 12 KB', `GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(12_000)}\r\n\r\n`],
    ['an Accept-Language of nonsense', `GET /api/health HTTP/1.1\r\nHost: x\r\nAccept-Language: ${'en;q=,'.repeat(1000)}\r\n\r\n`],
  ])('%s gets an answer or a closed connection, and the service stays up', async (_name, raw) => {
    const answer = await rawRequest(raw);
    // A path outside /api/ is the site's; a worktree without a built site says so with 503.
    if (answer && !answer.includes('WEB_NOT_BUILT')) expect(answer).not.toMatch(/^HTTP\/1\.1 5\d\d/);
    expect((await api().get('/api/health')).status).toBe(200);
  });
});

describe('after all of it', () => {
  it('exercised every operation of openapi.yaml and every route of routes.ts', () => {
    const missing = [...operations.map((o) => `${o.method.toUpperCase()} ${o.path}`), ...ROUTES.map((r) => `${r.method} ${r.path}`)].filter((key) => !exercised.has(key));
    expect(missing).toEqual([]);
  });

  it('is still up, and nothing was written', async () => {
    expect((await api().get('/api/health')).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });
});

/** Sends raw bytes and resolves to what came back before the server closed (or after a pause), '' for nothing. */
function rawRequest(raw: string): Promise<string> {
  const { hostname, port } = new URL(inject('baseUrl'));
  return new Promise((done) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    const finish = () => {
      socket.destroy();
      done(answer);
    };
    socket.setTimeout(3000, finish);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (/\r\n\r\n/.test(answer)) setTimeout(finish, 50);
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(raw, 'latin1');
  });
}

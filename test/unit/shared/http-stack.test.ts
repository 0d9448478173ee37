import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext as context } from '../../support/api-event.js';
import * as z from 'zod/mini';
import { badRequest, conflict } from '../../../functions/core/shared/errors.js';
import { parseWith } from '../../../functions/core/shared/parse.js';
import { StoreConflict } from '../../../functions/core/shared/store-errors.js';
import { httpHandler, json } from '../../../functions/shared/http-stack.js';

const handler = httpHandler(
  {
    'POST /echo': { auth: 'none', body: 'json', handle: async ({ body }) => json(200, parseWith(z.strictObject({ name: z.string() }), body)) },
    'GET /conflict': {
      auth: 'none',
      handle: async () => {
        throw conflict('SOMETHING', { ja: '衝突しました。', en: 'Conflict.' }, { issues: [{ field: 'a', messages: { ja: '日本語', en: 'English' } }] });
      },
    },
    'GET /boom': {
      auth: 'none',
      handle: async () => {
        throw new Error('secret detail');
      },
    },
    'GET /busy': {
      auth: 'none',
      handle: async () => {
        throw new StoreConflict('contention');
      },
    },
    'GET /private': { auth: 'jwt', handle: async () => json(200, {}) },
    'GET /bad': { auth: 'none', handle: async () => Promise.reject(badRequest('BAD', { ja: '不正', en: 'Bad' })) },
    'GET /things/{id}': { auth: 'none', handle: async ({ params, query }) => json(200, { params, query }) },
    'GET /links/{token}': { auth: 'none', handle: async ({ params }) => json(200, params) },
    'GET /codes/{code}': { auth: 'none', handle: async ({ params }) => json(200, params) },
  },
  async () => undefined,
);

const JSON_TYPE = { 'content-type': 'application/json' };
const post = (body: string, headers: Record<string, string> = JSON_TYPE) => event('POST /echo', { body, headers });

const call = async (e: APIGatewayProxyEventV2) => {
  const res = await handler(e, context);
  return { status: res.statusCode, body: JSON.parse(res.body ?? 'null'), type: res.headers?.['Content-Type'] };
};

describe('the HTTP middleware stack', () => {
  it('parses JSON and passes it on', async () => {
    expect(await call(post('{"name":"髙橋"}'))).toMatchObject({ status: 200, body: { name: '髙橋' } });
    expect(await call(post('{"name":"髙橋"}', { 'content-type': 'Application/JSON; charset="UTF-8"' }))).toMatchObject({ status: 200 });
  });

  it('answers malformed JSON with 400 INVALID_JSON in Japanese by default', async () => {
    const res = await call(post('{'));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
    expect(res.body.error.message).toContain('JSON');
    expect(res.type).toBe('application/json');
  });

  it('names the fields of a schema mismatch', async () => {
    const res = await call(post('{"name":1,"x":2}'));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { field: string }) => i.field)).toContain('name');
  });

  it('refuses bodies over the limit with 413', async () => {
    expect((await call(post(JSON.stringify({ name: 'x'.repeat(70_000) })))).status).toBe(413);
  });

  it('turns a domain error into the one error shape, localizing nested messages', async () => {
    const ja = await call(event('GET /conflict'));
    expect(ja).toMatchObject({ status: 409, body: { error: { code: 'SOMETHING', message: '衝突しました。', details: { issues: [{ field: 'a', message: '日本語' }] } } } });
    const en = await call(event('GET /conflict', { headers: { 'accept-language': 'en-US,en;q=0.9' } }));
    expect(en.body.error).toMatchObject({ message: 'Conflict.', details: { issues: [{ message: 'English' }] } });
  });

  it('hides unexpected errors behind a 500 without their detail', async () => {
    const res = await call(event('GET /boom'));
    expect(res).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL' } } });
    expect(JSON.stringify(res.body)).not.toContain('secret detail');
  });

  it('answers contention that outlasted every retry with 409 TRY_AGAIN and Retry-After, never a 500', async () => {
    const res = await handler(event('GET /busy'), context);
    expect([res.statusCode, JSON.parse(res.body ?? '{}').error.code, res.headers?.['Retry-After']]).toEqual([409, 'TRY_AGAIN', '1']);
  });

  it('answers 401 on a jwt route without verified claims', async () => {
    expect((await call(event('GET /private'))).status).toBe(401);
  });

  it('answers 404 for an unknown route key', async () => {
    expect((await call(event('GET /nothing'))).status).toBe(404);
  });

  it('refuses a JSON route body that is not sent as application/json with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=shift_jis', 'application/jsonx', '']) {
      const res = await call(post('{"name":"a"}', type ? { 'content-type': type } : {}));
      expect(res, type).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } });
    }
    // No body at all is still the missing-body 400, whatever the type.
    expect(await call(event('POST /echo'))).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
  });

  it('refuses bytes that are not UTF-8 in a JSON body', async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const res = await call(event('POST /echo', { body: bytes.toString('base64'), isBase64Encoded: true, headers: JSON_TYPE }));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
  });

  it('refuses lone surrogates anywhere in a body, naming where', async () => {
    const nested = await call(post('{"name":"ok","list":[{"x":"ab\\ud800cd"}]}'));
    expect(nested).toMatchObject({ status: 400, body: { error: { code: 'INVALID_TEXT', details: { field: 'list[0].x' } } } });
    expect(nested.body.error.message).toContain('list[0].x');
    expect(await call(post('{"\\udc00":"x"}'))).toMatchObject({ status: 400, body: { error: { code: 'INVALID_TEXT' } } });
    // A pair is one well-formed character.
    expect(await call(post('{"name":"\\ud842\\udfb7"}'))).toMatchObject({ status: 200, body: { name: '𠮷' } });
  });

  it('walks a deeply nested body without overflowing the stack', async () => {
    const deep = `{"name":"a","x":${'['.repeat(30_000)}"\\ud800"${']'.repeat(30_000)}}`;
    expect(await call(post(deep))).toMatchObject({ status: 400, body: { error: { code: 'INVALID_TEXT' } } });
  });

  it('refuses lone surrogates in query values', async () => {
    const res = await call(event('GET /things/{id}', { pathParameters: { id: '01J0000000000000000000000A' }, queryStringParameters: { q: 'a\ud800' } }));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'INVALID_TEXT', details: { field: 'q' } } } });
  });

  it('answers 404 for a path parameter outside its rule, before the handler', async () => {
    const id = '01J0000000000000000000000A';
    expect(await call(event('GET /things/{id}', { pathParameters: { id } }))).toMatchObject({ status: 200, body: { params: { id } } });
    for (const bad of ['x'.repeat(3000), '01j0000000000000000000000a', '%E0%A4%A', '../etc', '01J0000000000000000000000A ', '']) {
      expect(await call(event('GET /things/{id}', { pathParameters: { id: bad } })), bad.slice(0, 20)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    }
    expect((await call(event('GET /links/{token}', { pathParameters: { token: 'A'.repeat(43) } }))).status).toBe(200);
    expect((await call(event('GET /links/{token}', { pathParameters: { token: 'A'.repeat(129) } }))).status).toBe(404);
    // A name without a rule of its own gets the default one.
    expect((await call(event('GET /codes/{code}', { pathParameters: { code: 'demo-1' } }))).status).toBe(200);
    expect((await call(event('GET /codes/{code}', { pathParameters: { code: 'a/b' } }))).status).toBe(404);
  });
});

function event(routeKey: string, init: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return apiEvent(routeKey, init, '198.51.100.1');
}

import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badRequest, conflict } from '../../../functions/core/shared/errors.js';
import { parseWith } from '../../../functions/core/shared/parse.js';
import { httpHandler, json } from '../../../functions/shared/http-stack.js';

const context = { awsRequestId: 'req-1', functionName: 'test', getRemainingTimeInMillis: () => 1000 } as unknown as Context;

function event(routeKey: string, init: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey,
    rawPath: '/',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST', path: '/', sourceIp: '198.51.100.1' } },
    ...init,
  } as APIGatewayProxyEventV2;
}

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
    'GET /private': { auth: 'jwt', handle: async () => json(200, {}) },
    'GET /bad': { auth: 'none', handle: async () => Promise.reject(badRequest('BAD', { ja: '不正', en: 'Bad' })) },
  },
  async () => undefined,
);

const call = async (e: APIGatewayProxyEventV2) => {
  const res = await handler(e, context);
  return { status: res.statusCode, body: JSON.parse(res.body ?? 'null'), type: res.headers?.['Content-Type'] };
};

describe('the HTTP middleware stack', () => {
  it('parses JSON and passes it on', async () => {
    expect(await call(event('POST /echo', { body: '{"name":"髙橋"}' }))).toMatchObject({ status: 200, body: { name: '髙橋' } });
  });

  it('answers malformed JSON with 400 INVALID_JSON in Japanese by default', async () => {
    const res = await call(event('POST /echo', { body: '{' }));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'INVALID_JSON' } } });
    expect(res.body.error.message).toContain('JSON');
    expect(res.type).toBe('application/json');
  });

  it('names the fields of a schema mismatch', async () => {
    const res = await call(event('POST /echo', { body: '{"name":1,"x":2}' }));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { field: string }) => i.field)).toContain('name');
  });

  it('refuses bodies over the limit with 413', async () => {
    expect((await call(event('POST /echo', { body: JSON.stringify({ name: 'x'.repeat(70_000) }) }))).status).toBe(413);
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

  it('answers 401 on a jwt route without verified claims', async () => {
    expect((await call(event('GET /private'))).status).toBe(401);
  });

  it('answers 404 for an unknown route key', async () => {
    expect((await call(event('GET /nothing'))).status).toBe(404);
  });
});

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext as context } from '../../support/api-event.js';
import { createThrottle, type ThrottleSubject } from '../../../functions/core/guard/throttle.js';
import { ENV } from '../../../functions/shared/env.js';
import { httpHandler, json } from '../../../functions/shared/http-stack.js';
import { memoryThrottleStore } from '../../support/memory-guard-stores.js';

const SECRET = 'unit-origin-verify-secret';

const seen: ThrottleSubject[] = [];
const handled: Array<string | undefined> = [];
const tokens: Array<{ issuedAt?: number }> = [];
const { store } = memoryThrottleStore();
const throttle = createThrottle({
  store,
  clock: { now: () => new Date('2026-11-21T09:00:15Z') },
  families: { login: { perSource: { limit: 2, windowSeconds: 60 }, perCompany: { limit: 100, windowSeconds: 60 } } },
});

const handler = httpHandler(
  {
    'POST /login': {
      auth: 'none',
      body: 'json',
      throttle: async (subject) => {
        seen.push(subject);
        await throttle.check('login', subject);
      },
      handle: async ({ sourceIp }) => {
        handled.push(sourceIp);
        return json(200, { ok: true });
      },
    },
    'GET /private': { auth: 'jwt', handle: async ({ sourceIp }) => json(200, { sourceIp }) },
  },
  async (companyId, accountId, token) => {
    tokens.push(token);
    return { companyId, accountId, loginId: 'x', role: 'admin', displayName: 'x' };
  },
);

const viewer = (address: string, proof = SECRET) => ({ 'content-type': 'application/json', 'cloudfront-viewer-address': address, 'x-origin-verify': proof });

describe('public-route throttle and client address in the middleware stack', () => {
  beforeAll(() => {
    process.env[ENV.originVerify] = SECRET;
  });

  it('counts a request before its body is even checked, by client address and the company it names', async () => {
    const res = await handler(event('POST /login', { body: '{"companyCode":"Demo","x":1}', headers: viewer('203.0.113.5:4431') }), context);
    expect(res.statusCode).toBe(200);
    expect(seen.at(-1)).toEqual({ source: '203.0.113.5', companyCode: 'Demo' });
    expect(handled.at(-1)).toBe('203.0.113.5');
    await handler(event('POST /login', { body: 'not json', headers: viewer('203.0.113.5:4431') }), context);
    expect(seen.at(-1)).toEqual({ source: '203.0.113.5', companyCode: undefined });
  });

  it('answers 429 TOO_MANY_REQUESTS with Retry-After over the limit, in the one error shape', async () => {
    const res = await handler(event('POST /login', { body: '{}', headers: viewer('203.0.113.5:4431') }), context);
    expect(res.statusCode).toBe(429);
    expect(res.headers?.['Retry-After']).toBe('45');
    expect(JSON.parse(res.body ?? '')).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('45 秒'), details: { retryAfterSeconds: 45 } } });
    const en = await handler(event('POST /login', { body: '{}', headers: { ...viewer('203.0.113.5:4431'), 'accept-language': 'en' } }), context);
    expect(JSON.parse(en.body ?? '').error.message).toContain('45 seconds');
  });

  it('ignores CloudFront-Viewer-Address without the right origin-verify secret (anyone can send the header)', async () => {
    await handler(event('POST /login', { body: '{}', headers: viewer('192.0.2.77:1', 'guess') }), context);
    expect(seen.at(-1)?.source).toBe('130.176.0.1');
    await handler(event('POST /login', { body: '{}', headers: { 'cloudfront-viewer-address': '192.0.2.77:1' } }), context);
    expect(seen.at(-1)?.source).toBe('130.176.0.1');
    await handler(event('POST /login', { body: '{}', headers: viewer('not-an-address') }), context);
    expect(seen.at(-1)?.source).toBe('130.176.0.1');
  });

  it('counts IPv6 clients by their /64 and gives handlers the full address', async () => {
    await handler(event('POST /login', { body: '{}', headers: viewer('2001:db8:1:2:aaaa::1:443') }), context);
    expect(seen.at(-1)?.source).toBe('2001:db8:1:2::/64');
    const res = await handler(
      event('GET /private', {
        headers: viewer('2001:db8:1:2:aaaa::1:443'),
        requestContext: { http: { method: 'GET', sourceIp: '130.176.0.1' }, authorizer: { jwt: { claims: { token_use: 'id', 'cognito:username': 'E1', 'custom:company_id': 'C1', iat: '1700000000' } } } },
      } as unknown as Partial<APIGatewayProxyEventV2>),
      context,
    );
    expect(JSON.parse(res.body ?? '')).toEqual({ sourceIp: '2001:db8:1:2:aaaa::1' });
    // API Gateway hands JWT claims over as strings: the token age still reaches the actor loader.
    expect(tokens.at(-1)).toEqual({ issuedAt: 1_700_000_000 });
  });
});

function event(routeKey: string, init: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return apiEvent(routeKey, init, '130.176.0.1');
}

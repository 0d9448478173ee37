import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ROUTES, type HandlerName, type RouteDef } from '../../functions/http/routes.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiServerOptions {
  port: number;
  webDir: string;
  /** Served as /config.json: the same file CloudFront serves beside the site. */
  webConfig: Record<string, unknown>;
  jwt: { issuer: string; audience: string; jwksUrl: string };
  /** Tests only: POST /__local/clock {offsetMs}, POST /__local/sweep, POST /__local/idle. Never in AWS. */
  controls?: { setClockOffset(ms: number): void; sweep(): Promise<unknown>; idle(): Promise<void> };
}

const MAX_BODY = 10 * 1024 * 1024; // API Gateway's own limit
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript)|application\/[\w.+-]+\+json)/i;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

interface CompiledRoute {
  def: RouteDef;
  pattern: RegExp;
  names: string[];
}

function compile(def: RouteDef): CompiledRoute {
  const names: string[] = [];
  const source = def.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { def, pattern: new RegExp(`^${source}$`), names };
}

/**
 * Plays API Gateway locally: matches the shared route list, verifies JWTs like the HTTP API's
 * Cognito authorizer, turns the request into an APIGatewayProxyEventV2 and calls the same
 * handler module a Lambda function would. Also serves the built web site.
 */
export function startApiServer(options: ApiServerOptions) {
  const routes = ROUTES.map(compile);
  const handlers = new Map<HandlerName, Promise<Handler>>();
  const load = (name: HandlerName) => {
    if (!handlers.has(name)) handlers.set(name, import(`../../functions/http/${name}.ts`).then((m: { handler: Handler }) => m.handler));
    return handlers.get(name)!;
  };
  const jwks = createRemoteJWKSet(new URL(options.jwt.jwksUrl));

  async function verify(header: string | undefined): Promise<JWTPayload | undefined> {
    const token = header?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: options.jwt.issuer, audience: options.jwt.audience });
      return payload;
    } catch {
      return undefined;
    }
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL) {
    const method = req.method ?? 'GET';
    const matched = routes
      .filter((r) => r.def.method === method)
      .map((r) => ({ r, m: r.pattern.exec(url.pathname) }))
      .find((x) => x.m);
    if (!matched) {
      const known = routes.some((r) => r.pattern.test(url.pathname));
      return send(res, known ? 405 : 404, { error: { code: known ? 'METHOD_NOT_ALLOWED' : 'NOT_FOUND', message: known ? 'Method Not Allowed' : 'Not Found' } });
    }
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request Entity Too Large' } });
    let claims: JWTPayload | undefined;
    if (matched.r.def.auth === 'jwt') {
      claims = await verify(req.headers.authorization);
      // The HTTP API authorizer answers 401 before any function runs.
      if (!claims) return send(res, 401, { message: 'Unauthorized' });
    }
    const event = toEvent(req, url, matched.r, matched.m!, body, claims);
    const handler = await load(matched.r.def.handler);
    const result = await handler(event, lambdaContext(matched.r.def.handler));
    const headers = { ...(result.headers ?? {}) } as Record<string, string>;
    res.writeHead(result.statusCode ?? 200, headers);
    res.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  function web(res: ServerResponse, url: URL) {
    if (url.pathname === '/config.json') return send(res, 200, options.webConfig, { 'Cache-Control': 'no-cache' });
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(options.webDir, relative);
    if (!file.startsWith(options.webDir) || !existsSync(file) || statSync(file).isDirectory()) {
      // Like CloudFront's error response: unknown paths get the single-page app.
      file = join(options.webDir, 'index.html');
    }
    if (!existsSync(file)) return send(res, 503, { error: { code: 'WEB_NOT_BUILT', message: 'The web site is not built: run npm run build:web' } });
    const immutable = relative.startsWith('/assets/');
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
    res.end(readFileSync(file));
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL) {
    const controls = options.controls;
    if (!controls || req.method !== 'POST') return send(res, 404, { error: { code: 'NOT_FOUND', message: 'Not Found' } });
    const body = (await readBody(req))?.toString('utf8') ?? '';
    if (url.pathname === '/__local/clock') {
      controls.setClockOffset(Number((JSON.parse(body || '{}') as { offsetMs?: number }).offsetMs ?? 0));
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/__local/sweep') return send(res, 200, await controls.sweep());
    if (url.pathname === '/__local/idle') {
      await controls.idle();
      return send(res, 200, { ok: true });
    }
    return send(res, 404, { error: { code: 'NOT_FOUND', message: 'Not Found' } });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const work = url.pathname.startsWith('/api/')
      ? api(req, res, url)
      : url.pathname.startsWith('/__local/')
        ? control(req, res, url)
        : Promise.resolve(web(res, url));
    work.catch((error: unknown) => {
      console.error('local API server error', error);
      if (!res.headersSent) send(res, 500, { error: { code: 'INTERNAL', message: 'Internal error' } });
      else res.end();
    });
  });

  return new Promise<{ url: string; close(): Promise<void> }>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toEvent(req: IncomingMessage, url: URL, route: CompiledRoute, match: RegExpExecArray, body: Buffer, claims?: JWTPayload): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = Date.now();
  const routeKey = `${route.def.method} ${route.def.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: route.names.length ? params : undefined,
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !isText,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: { method: route.def.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      ...(claims ? { authorizer: { jwt: { claims: stringClaims(claims), scopes: [] } } } : {}),
    },
  } as APIGatewayProxyEventV2;
}

/** The HTTP API authorizer hands claims over as strings. */
function stringClaims(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

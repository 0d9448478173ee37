import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { ROUTES, type HandlerName, type RouteDef } from '../../functions/http/routes.js';
import { parseFaults, type Fault } from './faults.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ApiServerOptions {
  port: number;
  webDir: string;
  /** Served as /config.json: the same file CloudFront serves beside the site. */
  webConfig: Record<string, unknown>;
  jwt: { issuer: string; audience: string; jwksUrl: string };
  /**
   * Tests only, never in AWS: POST /__local/clock {offsetMs}, POST /__local/sweep, POST
   * /__local/idle, POST /__local/faults {faults: [{command, inputContains, effect}]} (replaces them all),
   * POST /__local/clock-events (every clock event published on the local bus).
   */
  controls?: { setClockOffset(ms: number): void; sweep(): Promise<unknown>; idle(): Promise<void>; setFaults(faults: Fault[]): void; clockEvents?(): unknown[] };
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
    // Like the HTTP API: a path or method no route has is 404 (there is no 405), whatever the body.
    const matched = routes
      .filter((r) => r.def.method === method)
      .map((r) => ({ r, m: r.pattern.exec(url.pathname) }))
      .find((x) => x.m);
    if (!matched) return gatewayError(res, 404);
    const params = pathParams(matched.r, matched.m!);
    if (!params) return gatewayError(res, 400);
    const body = await readBody(req);
    if (body === undefined) return gatewayError(res, 413);
    let claims: JWTPayload | undefined;
    if (matched.r.def.auth === 'jwt') {
      claims = await verify(req.headers.authorization);
      // The HTTP API authorizer answers 401 before any function runs.
      if (!claims) return gatewayError(res, 401);
    }
    const event = toEvent(req, url, matched.r, params, body, claims);
    const handler = await load(matched.r.def.handler);
    const result = await handler(event, lambdaContext(matched.r.def.handler));
    const headers = { ...(result.headers ?? {}) } as Record<string, string>;
    res.writeHead(result.statusCode ?? 200, headers);
    res.end(result.body === undefined ? undefined : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  }

  function web(res: ServerResponse, url: URL) {
    if (url.pathname === '/config.json') return send(res, 200, options.webConfig, { 'Cache-Control': 'no-cache' });
    const decoded = safeDecode(url.pathname);
    if (decoded === undefined) return gatewayError(res, 400);
    const relative = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
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
      const offsetMs = clockOffset(body);
      if (offsetMs === undefined) return send(res, 400, { error: { code: 'VALIDATION', message: 'Send {"offsetMs": <finite number>}' } });
      controls.setClockOffset(offsetMs);
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/__local/sweep') return send(res, 200, await controls.sweep());
    if (url.pathname === '/__local/faults') {
      const faults = parseFaults(body);
      if (!faults) return send(res, 400, { error: { code: 'VALIDATION', message: 'Send {"faults": [{"command", "inputContains", "effect": "fail" | "hang"}]}' } });
      controls.setFaults(faults);
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/__local/clock-events' && controls.clockEvents) return send(res, 200, { events: controls.clockEvents() });
    if (url.pathname === '/__local/idle') {
      await controls.idle();
      return send(res, 200, { ok: true });
    }
    return send(res, 404, { error: { code: 'NOT_FOUND', message: 'Not Found' } });
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = requestUrl(req.url);
    if (!url) return gatewayError(res, 400);
    if (url.pathname.startsWith('/api/')) return api(req, res, url);
    if (url.pathname.startsWith('/__local/')) return control(req, res, url);
    return web(res, url);
  }

  // No request may stop this process: every failure, thrown or rejected, in routing, a handler
  // or a write, ends as an answer (500, as API Gateway gives for a failed function) or a closed socket.
  const server = createServer((req, res) => {
    req.on('error', () => res.destroy());
    res.on('error', () => {});
    route(req, res).catch((error: unknown) => {
      // A client that went away mid-request needs no answer and is no server error.
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || req.destroyed) return void res.destroy();
      console.error('local API server error', error);
      try {
        if (!res.headersSent) gatewayError(res, 500);
        else res.end();
      } catch {
        res.destroy();
      }
    });
  });
  // Requests Node cannot even parse (bad request line, header overflow, bad chunking) end here,
  // not in an 'error' nobody listens to.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({ message: status === 431 ? 'Request Header Fields Too Large' : 'Bad Request' });
    socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
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

const GATEWAY_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  500: 'Internal Server Error',
};

/** What API Gateway itself answers, before or instead of a function: `{"message": "..."}`, not kagi's error shape. */
function gatewayError(res: ServerResponse, status: keyof typeof GATEWAY_MESSAGES & number) {
  send(res, status, { message: GATEWAY_MESSAGES[status] });
}

/** The request target as a URL on this host; undefined when it is not one. `//x` stays a path, never a host. */
function requestUrl(target: string | undefined): URL | undefined {
  try {
    return target?.startsWith('/') ? new URL(`http://127.0.0.1${target}`) : new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The route's path parameters, percent-decoded; undefined when one is malformed (`%E0%A4%A`). */
function pathParams(route: CompiledRoute, match: RegExpExecArray): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, name] of route.names.entries()) {
    const value = safeDecode(match[i + 1]!);
    if (value === undefined) return undefined;
    params[name] = value;
  }
  return params;
}

function clockOffset(body: string): number | undefined {
  try {
    const offset = (JSON.parse(body || '{}') as { offsetMs?: unknown } | null)?.offsetMs ?? 0;
    return typeof offset === 'number' && Number.isFinite(offset) ? offset : undefined;
  } catch {
    return undefined;
  }
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

function toEvent(req: IncomingMessage, url: URL, route: CompiledRoute, params: Record<string, string>, body: Buffer, claims?: JWTPayload): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // A Map first: `?constructor=x` or `?__proto__=x` must stay plain keys. Repeated keys are joined with commas, as API Gateway does.
  const joined = new Map<string, string>();
  for (const [k, v] of url.searchParams) joined.set(k, joined.has(k) ? `${joined.get(k)},${v}` : v);
  const query = Object.fromEntries(joined) as Record<string, string>;
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

import middy, { type MiddlewareObj } from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { requireAudience, type Actor, type Audience } from '../core/access/actor.js';
import { mfaGate } from '../core/mfa/enforcement.js';
import { DomainError, payloadTooLarge, unauthorized, badRequest, notFound } from '../core/shared/errors.js';
import { StoreConflict } from '../core/shared/store-errors.js';
import { findIllFormed } from '../core/shared/text.js';
import { sourceBucket } from '../core/guard/source.js';
import { TooManyRequests, type ThrottleSubject } from '../core/guard/throttle.js';
import { clientAddress } from './client-address.js';
import { logger } from './logger.js';
import { badPathParam } from './path-params.js';

export type Lang = 'ja' | 'en';

export interface Request {
  event: APIGatewayProxyEventV2;
  lang: Lang;
  sourceIp?: string;
  /** Parsed JSON for `body: 'json'` routes; raw bytes for `body: 'raw'`. */
  body: unknown;
  raw: Buffer;
  actor: Actor;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

export type Response = APIGatewayProxyStructuredResultV2;

export interface Route {
  /** `none` routes are public; `jwt` routes get the signed-in actor (401 without one). */
  auth: 'none' | 'jwt';
  body?: 'none' | 'json' | 'raw';
  maxBodyBytes?: number;
  /** Public routes: counts the request against its family's limits before anything else (429 over them). */
  throttle?: RouteThrottle;
  /** `jwt` routes: whose tokens it serves (default company accounts; support operators get 403, and the reverse). */
  audience?: Audience;
  /** `jwt` routes an account that must first set up a second factor may still call (403 MFA_SETUP_REQUIRED elsewhere). */
  duringMfaSetup?: boolean;
  handle: (req: Request) => Promise<Response>;
}

/** One public-route throttle family, bound by the wiring (`publicThrottle('auth')`). */
export type RouteThrottle = (subject: ThrottleSubject) => Promise<void>;

/** Loads the actor behind verified token claims; undefined when the account may no longer act. */
export type ActorLoader = (companyId: string, accountId: string, token: { issuedAt?: number }) => Promise<Omit<Actor, 'sourceIp'> | undefined>;

const JSON_BODY_LIMIT = 64 * 1024;

const NO_SESSION = unauthorized('UNAUTHENTICATED', { ja: 'ログインしてください。', en: 'Please sign in.' });

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Response {
  return { statusCode, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export const noContent = (): Response => ({ statusCode: 204 });

export function langOf(event: APIGatewayProxyEventV2): Lang {
  const header = event.headers?.['accept-language'] ?? '';
  return /^\s*en\b/i.test(header) ? 'en' : 'ja';
}

/** Details may hold `{ messages: { ja, en } }` objects; each becomes `{ message }` in `lang`. */
export function localize(value: unknown, lang: Lang): unknown {
  if (Array.isArray(value)) return value.map((v) => localize(v, lang));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'messages' && v && typeof v === 'object' && 'ja' in v && 'en' in v) out.message = (v as Record<Lang, string>)[lang];
    else out[k] = localize(v, lang);
  }
  return out;
}

function errorBody(lang: Lang, code: string, message: string, details?: unknown) {
  return JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details: localize(details, lang) }) } });
}

function bodyBytes(event: APIGatewayProxyEventV2): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** The company a public request names (`companyCode` of a JSON body), for the per-company limit. */
function companyCodeOf(raw: Buffer): string | undefined {
  if (raw.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    const code = value && typeof value === 'object' ? (value as Record<string, unknown>).companyCode : undefined;
    return typeof code === 'string' && code.length <= 64 ? code : undefined;
  } catch {
    return undefined;
  }
}

// application/json, optionally with charset=utf-8 (JSON has no other encoding, RFC 8259).
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

const NOT_JSON_TYPE = new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', {
  ja: 'Content-Type: application/json で JSON を送ってください。',
  en: 'Send the body as JSON with Content-Type: application/json.',
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) throw badRequest('INVALID_JSON', { ja: 'リクエストの本文がありません。', en: 'The request body is missing.' });
  // Also what keeps a cross-site form post (text/plain, urlencoded) from reaching a JSON route.
  if (!JSON_MEDIA_TYPE.test(contentType ?? '')) throw NOT_JSON_TYPE;
  try {
    return JSON.parse(utf8.decode(raw));
  } catch {
    throw badRequest('INVALID_JSON', { ja: 'リクエストの本文が正しい UTF-8 の JSON ではありません。', en: 'The request body is not valid JSON in UTF-8.' });
  }
}

/** Echoed names are cut short: a 60 KB property name must not come back in the error. */
const shortName = (name: string) => (name.length > 64 ? `${name.slice(0, 64)}…` : name);

/** Refuses lone UTF-16 surrogates anywhere in a parsed body, a query value or a path parameter. */
function refuseIllFormed(where: string | undefined): void {
  if (where === undefined) return;
  const field = shortName(where);
  throw badRequest(
    'INVALID_TEXT',
    { ja: `${field} に壊れた文字（対になっていないサロゲート）が含まれています。`, en: `${field} contains a broken character (an unpaired UTF-16 surrogate).` },
    { field },
  );
}

const NO_SUCH_RESOURCE = notFound();

/** Turns a DomainError (or anything else) into the one error shape, in the caller's language. */
const domainErrors = (): MiddlewareObj<APIGatewayProxyEventV2, Response> => ({
  onError: async (request) => {
    const error = request.error;
    const lang = langOf(request.event);
    if (error instanceof DomainError) {
      const headers = error instanceof TooManyRequests ? { 'Retry-After': String(error.retryAfter) } : undefined;
      request.error = Object.assign(new Error(errorBody(lang, error.code, error.messages[lang], error.details)), { statusCode: error.statusCode, expose: true, headers });
      return;
    }
    if (error instanceof StoreConflict && error.reason === 'contention') {
      // Other writers kept the items busy through every retry: nothing was refused or changed.
      const message = lang === 'en' ? 'Others are changing the same data right now. Try again in a moment.' : '同じデータが他の処理で更新中です。少し待ってからもう一度お試しください。';
      request.error = Object.assign(new Error(errorBody(lang, 'TRY_AGAIN', message)), { statusCode: 409, expose: true, headers: { 'Retry-After': '1' } });
      return;
    }
    logger.error('Unhandled error', { error: error as Error });
    const message = lang === 'en' ? 'Something went wrong. Please try again later.' : '処理中にエラーが発生しました。時間をおいてもう一度お試しください。';
    request.error = Object.assign(new Error(errorBody(lang, 'INTERNAL', message)), { statusCode: 500, expose: true });
  },
});

/**
 * The one middleware stack of every HTTP function: logger context, header normalizer, routing by
 * API Gateway route key, body limits and parsing, the actor from verified claims, then the
 * domain-error mapping and http-error-handler, so every error has the same shape.
 */
export function httpHandler(routes: Record<string, Route>, loadActor?: ActorLoader) {
  const dispatch = async (event: APIGatewayProxyEventV2): Promise<Response> => {
    const route = routes[event.routeKey];
    if (!route) throw new DomainError(404, 'NOT_FOUND', { ja: 'このURLはありません。', en: 'No such route.' });
    const raw = bodyBytes(event);
    const limit = route.maxBodyBytes ?? JSON_BODY_LIMIT;
    const sourceIp = await clientAddress(event);
    // The throttle first: it is one atomic counter update, cheaper than anything the route does.
    if (route.throttle) await route.throttle({ source: sourceBucket(sourceIp), companyCode: raw.length <= limit ? companyCodeOf(raw) : undefined });
    if (raw.length > limit) {
      throw payloadTooLarge({ ja: `送信データが大きすぎます (上限 ${Math.floor(limit / 1024)} KB)。`, en: `The request body is too large (limit ${Math.floor(limit / 1024)} KB).` });
    }
    const params = event.pathParameters ?? {};
    // A value no stored thing can have is not found, whatever reaches Lambda (API Gateway passes malformed escapes on).
    if (badPathParam(params) !== undefined) throw NO_SUCH_RESOURCE;
    const query = event.queryStringParameters ?? {};
    refuseIllFormed(findIllFormed(query));
    const body = route.body === 'json' ? parseJson(raw, event.headers?.['content-type']) : route.body === 'raw' ? raw : undefined;
    if (route.body === 'json') refuseIllFormed(findIllFormed(body));
    let actor: Actor | undefined;
    if (route.auth === 'jwt') {
      const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims ?? {};
      const accountId = claims['cognito:username'];
      const companyId = claims['custom:company_id'];
      if (claims.token_use !== 'id' || typeof accountId !== 'string' || typeof companyId !== 'string' || !loadActor) throw NO_SESSION;
      const iat = Number(claims.iat);
      const loaded = await loadActor(companyId, accountId, { issuedAt: Number.isFinite(iat) ? iat : undefined });
      if (!loaded) throw NO_SESSION;
      actor = { ...loaded, sourceIp };
      requireAudience(actor, route.audience);
      mfaGate(actor, route);
      logger.appendKeys({ companyId, accountId });
    }
    return route.handle({
      event,
      lang: langOf(event),
      sourceIp,
      body,
      raw,
      actor: actor as Actor,
      params,
      query,
    });
  };

  return middy<APIGatewayProxyEventV2, Response, Error, Context>()
    .use(httpErrorHandler({ logger: false }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    .use(domainErrors())
    .handler(dispatch);
}

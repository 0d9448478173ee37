import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * openapi.yaml as the tests read it: the operations (for the hostile suite to derive requests
 * from) and a checker of every answer against what the document says that operation answers with
 * that status, so the document cannot drift from what kagi does.
 */

type Json = Record<string, any>;

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export const document: Json = parse(readFileSync(join(import.meta.dirname, '..', '..', 'openapi.yaml'), 'utf8'));

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Json;
}

export interface Operation {
  method: (typeof METHODS)[number];
  /** The path template, `{name}` for a parameter. */
  path: string;
  operationId: string;
  /** Needs a bearer token (the document's default security) or not (`security: []`). */
  auth: 'jwt' | 'none';
  parameters: Parameter[];
  /** The request body's media type and schema (resolved), if it has one. */
  body?: { mediaType: string; schema: Json; required: boolean };
  responses: Record<string, Json>;
  pattern: RegExp;
  /** Who may call it, where the document says (`x-kagi-roles`); otherwise admin routes change nothing for viewers. */
  roles: string[];
}

/** Follows a local `$ref` (`#/components/...`) to what it names. */
export function resolve<T = Json>(node: any): T {
  let current = node;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .map((p: string) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((n: any, key: string) => n?.[key], document);
  }
  return current as T;
}

const pathPattern = (path: string) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '([^/]+)')}$`);

export const operations: Operation[] = Object.entries(document.paths as Json).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method): Operation => {
    const op = item[method];
    const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve<Parameter>(p));
    const requestBody = op.requestBody ? resolve(op.requestBody) : undefined;
    const mediaType = requestBody ? Object.keys(requestBody.content)[0]! : undefined;
    return {
      method,
      path,
      operationId: op.operationId,
      auth: Array.isArray(op.security) && op.security.length === 0 ? 'none' : 'jwt',
      parameters,
      body: requestBody && mediaType ? { mediaType, schema: requestBody.content[mediaType].schema, required: requestBody.required === true } : undefined,
      responses: op.responses,
      pattern: pathPattern(path),
      roles: Array.isArray(op['x-kagi-roles']) ? op['x-kagi-roles'] : [],
    };
  }),
);

/** The operation a request hits; a literal segment beats a parameter, as API Gateway routes. */
export function operationOf(method: string, pathname: string): Operation | undefined {
  const candidates = operations.filter((o) => o.method === method.toLowerCase() && o.pattern.test(pathname));
  return candidates.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0];
}

/**
 * The answers are checked closed: an object schema that lists its properties admits no others, so
 * a field kagi adds without documenting it fails as surely as one it drops. Members of an allOf
 * stay open (the allOf as a whole is closed instead, which 2020-12's unevaluatedProperties sees
 * through), and a component an allOf names is copied in open rather than opened everywhere.
 */
function closed(node: any, close = true): any {
  if (Array.isArray(node)) return node.map((n) => closed(n));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'allOf') out.allOf = (v as any[]).map((member) => closed(member.$ref ? resolve(member) : member, false));
    else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Json).map(([name, schema]) => [name, closed(schema)]));
    else if (k === 'example' || k === 'examples') out[k] = v;
    else out[k] = closed(v);
  }
  const open = out.additionalProperties !== undefined || out.unevaluatedProperties !== undefined;
  if (close && !open && (out.properties || out.allOf)) out.unevaluatedProperties = false;
  return out;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
ajv.addFormat('binary', true);
ajv.addSchema(closed(document), 'openapi');

const escape = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
const compiled = new Map<string, ValidateFunction>();

/** A validator of the JSON schema at `pointer` (into openapi.yaml, components followed). */
function validatorAt(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi#${pointer}` });
    compiled.set(pointer, validate);
  }
  return validate;
}

/** Where a response object of an operation lives, its $ref followed. */
function responsePointer(op: Operation, status: string): string {
  const ref = op.responses[status]!.$ref as string | undefined;
  return ref ? ref.slice(1) : `/paths/${escape(op.path)}/${op.method}/responses/${status}`;
}

/** What API Gateway answers on its own, on any path: documented once in the description, schema GatewayError. */
const GATEWAY_STATUSES = new Set([400, 404, 413]);
const isGatewayShape = (body: unknown) => validatorAt('/components/schemas/GatewayError')(body);

export interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  body: unknown;
}

/**
 * Every way an answer differs from openapi.yaml; empty when it matches: the operation exists, the
 * status is documented for it, the media type is the documented one, and a JSON body validates
 * against that status's schema.
 */
export function documentProblems(method: string, pathname: string, answer: Answer): string[] {
  if (GATEWAY_STATUSES.has(answer.status) && isGatewayShape(answer.body)) return [];
  const op = operationOf(method, pathname);
  if (!op) return [`${method} ${pathname} is no operation of openapi.yaml (answered ${answer.status} ${answer.text.slice(0, 200)})`];
  const status = String(answer.status);
  const where = `${op.method.toUpperCase()} ${op.path} ${status}`;
  if (!op.responses[status]) return [`${where} is not documented (body ${answer.text.slice(0, 300)})`];
  const response = resolve(op.responses[status]);
  const content = response.content as Json | undefined;
  if (!content) return answer.text === '' ? [] : [`${where} documents no body, yet one came: ${answer.text.slice(0, 200)}`];
  const mediaType = Object.keys(content)[0]!;
  if (!(answer.contentType ?? '').toLowerCase().startsWith(mediaType)) return [`${where} answered ${answer.contentType}, documented ${mediaType}`];
  if (mediaType !== 'application/json' || !content[mediaType].schema) return [];
  const validate = validatorAt(`${responsePointer(op, status)}/content/application~1json/schema`);
  if (validate(answer.body)) return [];
  return (validate.errors ?? []).slice(0, 8).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * Structured JSON logs, one line per entry, in the shape of Powertools for AWS Lambda's logger
 * (level, message, timestamp, service, the Lambda context keys, sampling_rate, xray_trace_id, then
 * the entry's own keys; errors as { name, location, message, stack, cause }). kagi used that
 * logger; this is the part of it kagi calls (info/warn/error, appendKeys, the context middleware,
 * the level from the environment), without the 23 KiB it added to every bundle. The unit test
 * compares its lines with Powertools' for the same calls.
 *
 * Never pass a request body, password, token, code or private address to it: log ids, codes and
 * counts instead.
 */

const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = keyof typeof LEVELS;

/** Keys every entry sets itself: an attribute of the same name is dropped (with a warning, as Powertools does). */
const RESERVED = new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);

const isLevel = (value: string | undefined): value is Level => value !== undefined && Object.hasOwn(LEVELS, value);

/** Lambda's own log level (advanced logging controls) wins; then POWERTOOLS_LOG_LEVEL, LOG_LEVEL; INFO otherwise. */
function levelFromEnv(): Level {
  const lambda = process.env.AWS_LAMBDA_LOG_LEVEL === 'FATAL' ? 'CRITICAL' : process.env.AWS_LAMBDA_LOG_LEVEL;
  if (isLevel(lambda)) return lambda;
  const configured = process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL;
  return isLevel(configured) ? configured : 'INFO';
}

/** The Root of the X-Ray trace header Lambda sets for each invocation. */
function traceId(): string | undefined {
  const header = process.env._X_AMZN_TRACE_ID;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, value] = part.split('=');
    if (key === 'Root') return value;
  }
  return undefined;
}

function codeLocation(stack: string | undefined): string {
  for (const line of stack?.split('\n') ?? []) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return '';
}

function formatError(error: Error): Record<string, unknown> {
  const { name, message, stack, cause, ...rest } = error as Error & Record<string, unknown>;
  return { name, location: codeLocation(stack), message, stack, cause: cause instanceof Error ? formatError(cause) : cause, ...rest };
}

/** Errors as objects, bigints as strings, a circular reference left out. */
function replacer() {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    let out = value instanceof Error ? formatError(value) : value;
    if (typeof out === 'bigint') return out.toString();
    if (typeof out === 'object' && out !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(out)) return undefined;
      ancestors.push(out);
    }
    return out;
  };
}

export class Logger {
  readonly #service: string;
  readonly #threshold: number;
  #keys: Record<string, unknown> = {};
  #context: Context | undefined;
  #coldStart: boolean | undefined;
  // Only an on-demand start is a cold start (a provisioned-concurrency environment was warmed before its first request).
  #firstInvocation = process.env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';

  constructor({ serviceName }: { serviceName?: string } = {}) {
    this.#service = serviceName || process.env.POWERTOOLS_SERVICE_NAME || 'service_undefined';
    this.#threshold = LEVELS[levelFromEnv()];
  }

  debug(message: string, attributes?: Record<string, unknown>): void {
    this.#log('DEBUG', message, attributes);
  }

  info(message: string, attributes?: Record<string, unknown>): void {
    this.#log('INFO', message, attributes);
  }

  warn(message: string, attributes?: Record<string, unknown>): void {
    this.#log('WARN', message, attributes);
  }

  error(message: string, attributes?: Record<string, unknown>): void {
    this.#log('ERROR', message, attributes);
  }

  /** Keys on every entry until resetKeys() (the HTTP stack resets them after each request). */
  appendKeys(attributes: Record<string, unknown>): void {
    Object.assign(this.#keys, this.#allowed(attributes));
  }

  resetKeys(): void {
    this.#keys = {};
  }

  /** The invocation's Lambda context on every entry; cold_start is true for a process's first (on-demand) invocation only. */
  addContext(context: Context): void {
    this.#context = context;
    this.#coldStart = this.#firstInvocation;
    this.#firstInvocation = false;
  }

  #allowed(attributes: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (RESERVED.has(key)) this.warn(`The key "${key}" is a reserved key and will be dropped.`);
      else out[key] = value;
    }
    return out;
  }

  #log(level: Level, message: string, attributes?: Record<string, unknown>): void {
    if (LEVELS[level] < this.#threshold) return;
    const context = this.#context;
    const entry: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.#service,
      cold_start: context ? this.#coldStart : undefined,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: 0,
      xray_trace_id: traceId(),
      tenant_id: (context as (Context & { tenantId?: string }) | undefined)?.tenantId,
      ...this.#keys,
      ...(attributes ? this.#allowed(attributes) : {}),
    };
    // As Powertools prints them: no empty keys.
    for (const key of Object.keys(entry)) if (entry[key] === undefined || entry[key] === '' || entry[key] === null) delete entry[key];
    const line = JSON.stringify(entry, replacer());
    // As Powertools' console does: warnings and errors to stderr, the rest to stdout.
    (LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout).write(`${line}\n`);
  }
}

/** The middy middleware that puts the Lambda context on a handler's entries and, with resetKeys, clears appended keys after each invocation. */
export function injectLambdaContext(target: Logger, { resetKeys = false }: { resetKeys?: boolean } = {}): MiddlewareObj<unknown, unknown, Error, Context> {
  const after = async () => {
    if (resetKeys) target.resetKeys();
  };
  return {
    before: async (request) => {
      target.addContext(request.context);
    },
    after,
    onError: after,
  };
}

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'kagi' });

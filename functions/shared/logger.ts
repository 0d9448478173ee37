import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Never pass a request body, password, token, code or private address to
 * it: log ids, codes and counts instead.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'kagi' });

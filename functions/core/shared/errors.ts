/**
 * Domain errors carry an HTTP status and a stable code; the middleware turns them into
 * `{ "error": { "code", "message", "details"? } }` with the message in the request's language.
 */
export type Messages = { ja: string; en: string };

export class DomainError extends Error {
  readonly expose = true;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly messages: Messages,
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, messages: Messages, details?: unknown) =>
  new DomainError(400, code, messages, details);
export const unauthorized = (code: string, messages: Messages) => new DomainError(401, code, messages);
export const forbidden = (messages: Messages = { ja: 'この操作を行う権限がありません。', en: 'You are not allowed to do this.' }) =>
  new DomainError(403, 'FORBIDDEN', messages);
export const notFound = (messages: Messages = { ja: '対象が見つかりません。', en: 'Not found.' }) =>
  new DomainError(404, 'NOT_FOUND', messages);
export const conflict = (code: string, messages: Messages, details?: unknown) =>
  new DomainError(409, code, messages, details);
export const payloadTooLarge = (messages: Messages) => new DomainError(413, 'PAYLOAD_TOO_LARGE', messages);
export const locked = (messages: Messages, details?: unknown) => new DomainError(423, 'ACCOUNT_LOCKED', messages, details);

import type { ApiError } from '../api/client';
import type { FieldIssue } from '../api/types';

export type FieldErrors = Partial<Record<string, string>>;

/**
 * Errors that belong to a field: `details.issues: [{ field, message }]` from a 400, or a
 * single `details.field` (a taken employee code or login ID, a refused new password).
 */
export function fieldErrorsOf(error: ApiError): FieldErrors {
  const details = (error.details ?? {}) as { issues?: FieldIssue[]; field?: string };
  const result: FieldErrors = {};
  if (Array.isArray(details.issues)) {
    for (const issue of details.issues) {
      if (!issue || typeof issue.field !== 'string') continue;
      const field = fieldName(issue.field);
      if (!result[field]) result[field] = issue.message;
    }
  }
  if (typeof details.field === 'string' && !result[fieldName(details.field)]) result[fieldName(details.field)] = error.message;
  return result;
}

/** As fieldErrorsOf; a field named without a message of its own gets the error's message. */
export function fieldErrorsWithMessage(error: ApiError): FieldErrors {
  return Object.fromEntries(Object.entries(fieldErrorsOf(error)).map(([field, message]) => [field, message ?? error.message]));
}

/** `body.email1` or `/email1` → `email1`. */
function fieldName(path: string): string {
  return path.split(/[./]/).filter(Boolean).pop() ?? path;
}

/** The errors left once the fields in `patch` were edited: an edited field's old error no longer describes it. */
export function withoutErrorsFor(errors: FieldErrors, patch: object): FieldErrors {
  const rest = { ...errors };
  for (const key of Object.keys(patch)) delete rest[key];
  return rest;
}

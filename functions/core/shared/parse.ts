import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { badRequest } from './errors.js';

// zod/mini: the same checks as zod's classic API in a fifth of the bundle (its methods are functions
// here, so a bundle keeps only those it calls). It loads no locale by itself: English messages.
z.config(en());

/**
 * Validates a request body or query against a zod schema; a mismatch is a 400 naming each field.
 */
export function parseWith<T extends z.ZodMiniType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: i.path.join('.'),
    code: i.code.toUpperCase(),
    messages: { ja: i.code === 'unrecognized_keys' ? '想定されていない項目があります。' : '値が未入力か、形式が正しくありません。', en: i.message },
  }));
  const fields = [...new Set(issues.map((i) => i.field || '(body)'))].join(', ');
  throw badRequest('VALIDATION', { ja: `入力内容に誤りがあります: ${fields}`, en: `Invalid input: ${fields}` }, { issues });
}

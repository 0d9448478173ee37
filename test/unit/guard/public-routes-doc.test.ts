import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../functions/http/routes.js';

const spec = parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, { responses?: Record<string, { $ref?: string }> }>>;
  components: { responses: Record<string, { headers?: Record<string, unknown> }> };
};

describe('throttled public routes in openapi.yaml', () => {
  const throttled = ROUTES.filter((r) => r.auth === 'none' && r.path !== '/api/health');

  it.each(throttled.map((r) => [r.method, r.path] as const))('%s %s documents 429 with Retry-After', (method, path) => {
    const responses = spec.paths[path]![method.toLowerCase()]!.responses ?? {};
    expect(responses['429']?.$ref).toBe('#/components/responses/TooManyRequests');
    expect(spec.components.responses.TooManyRequests!.headers).toHaveProperty('Retry-After');
  });
});

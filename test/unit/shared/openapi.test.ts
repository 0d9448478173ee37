import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../functions/http/routes.js';

const spec = parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'openapi.yaml'), 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[] }>>;
};

describe('openapi.yaml', () => {
  it('is OpenAPI 3.1', () => {
    expect(spec.openapi).toMatch(/^3\.1\./);
  });

  it.each(ROUTES.map((r) => [r.method, r.path, r.auth] as const))('describes %s %s', (method, path, auth) => {
    const operation = spec.paths[path]?.[method.toLowerCase()];
    expect(operation, `${method} ${path} is missing from openapi.yaml`).toBeDefined();
    // Public routes say so; protected ones inherit the bearer requirement.
    expect(Array.isArray(operation!.security) && operation!.security.length === 0).toBe(auth === 'none');
  });

  it('describes no route that does not exist', () => {
    const implemented = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    const described = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.keys(ops).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(described.filter((d) => !implemented.has(d))).toEqual([]);
  });
});

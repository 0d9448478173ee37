import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../functions/http/routes.js';
import { pathParamRule } from '../../../functions/shared/path-params.js';
import { operations, resolve } from '../../support/openapi.js';

const spec = parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'openapi.yaml'), 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; summary?: string }>>;
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

  it('names every operation uniquely and says what it does', () => {
    const ids = operations.map((o) => o.operationId);
    expect(ids.filter((id) => typeof id !== 'string' || !/^[a-z][A-Za-z]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    const unsummarised = operations.filter((o) => !spec.paths[o.path]![o.method]!.summary);
    expect(unsummarised.map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it.each(operations.map((o) => [o.method.toUpperCase(), o.path, o] as const))('documents the error answers every %s %s can give', (_m, path, op) => {
    const statuses = Object.keys(op.responses);
    // The gateway's 401 shape where a token is needed; the role check on admin routes.
    if (op.auth === 'jwt') expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    if (path.startsWith('/api/admin/')) expect(statuses).toContain('403');
    if (op.parameters.some((p) => p.in === 'path')) expect(statuses.some((s) => s === '404' || s === '410')).toBe(true);
    if (op.parameters.some((p) => p.in === 'query')) expect(statuses).toContain('400');
    if (op.body?.mediaType === 'application/json') expect(statuses).toEqual(expect.arrayContaining(['400', '413', '415']));
    if (op.body) expect(statuses).toEqual(expect.arrayContaining(['400', '413']));
    for (const status of statuses.filter((s) => s.startsWith('4'))) {
      const schema = resolve(op.responses[status]).content?.['application/json']?.schema;
      expect(schema, `${status} has a JSON error body`).toBeDefined();
    }
  });

  it('states the form the edge enforces for every path parameter', () => {
    const params = operations.flatMap((o) => o.parameters.filter((p) => p.in === 'path'));
    expect(params.length).toBeGreaterThan(0);
    for (const p of params) expect(p.schema?.pattern, p.name).toBe(pathParamRule(p.name).source);
  });
});

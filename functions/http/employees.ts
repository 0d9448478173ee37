import * as z from 'zod/mini';
import { validateEmployeeInput } from '../core/employees/validate.js';
import type { EmployeeInput } from '../core/employees/employee.js';
import { badRequest } from '../core/shared/errors.js';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json, localize, noContent } from '../shared/http-stack.js';
import { MAX_BULK_DELETE } from '../core/employees/service.js';
import { loadActor } from '../wiring/actor.js';
import { employeeService } from '../wiring/employees.js';
import { EmployeeFilter } from './employee-filter.js';

const employees = employeeService();

const ListQuery = z.extend(EmployeeFilter, {
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});

/** Splits the write-only flags off the body and validates the employee fields with the shared rules. */
function employeeBody(body: unknown, withVersion: boolean): { input: EmployeeInput; confirmDuplicates: boolean; version: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('VALIDATION', { ja: '社員情報を JSON オブジェクトで送ってください。', en: 'Send the employee as a JSON object.' });
  }
  const { confirmDuplicates, version, ...fields } = body as Record<string, unknown>;
  const flags = parseWith(
    z.object({ confirmDuplicates: z.optional(z.boolean()), version: withVersion ? z.number().check(z.int(), z.minimum(1)) : z.undefined() }),
    { confirmDuplicates, version },
  );
  const result = validateEmployeeInput(fields, { strict: true });
  if (!result.ok) {
    const names = [...new Set(result.issues.map((i) => i.field))].join(', ');
    throw badRequest('VALIDATION', { ja: `入力内容を確認してください: ${names}`, en: `Check these fields: ${names}` }, { issues: result.issues });
  }
  return { input: result.value, confirmDuplicates: flags.confirmDuplicates ?? false, version: flags.version ?? 0 };
}

const DeletionBody = z.strictObject({ employeeIds: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(MAX_BULK_DELETE)) });

const id = (params: Record<string, string | undefined>) => params.id ?? '';

export const handler = httpHandler(
  {
    'GET /api/admin/employees': {
      auth: 'jwt',
      handle: async ({ actor, query }) => json(200, await employees.list(actor, parseWith(ListQuery, query))),
    },
    'POST /api/admin/employees': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body }) => {
        const { input, confirmDuplicates } = employeeBody(body, false);
        return json(201, await employees.create(actor, input, confirmDuplicates));
      },
    },
    'GET /api/admin/employees/{id}': {
      auth: 'jwt',
      handle: async ({ actor, params }) => json(200, await employees.get(actor, id(params))),
    },
    'PUT /api/admin/employees/{id}': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, params, body }) => {
        const { input, confirmDuplicates, version } = employeeBody(body, true);
        return json(200, await employees.update(actor, id(params), input, version, confirmDuplicates));
      },
    },
    'DELETE /api/admin/employees/{id}': {
      auth: 'jwt',
      handle: async ({ actor, params }) => {
        await employees.remove(actor, id(params));
        return noContent();
      },
    },
    'POST /api/admin/employee-deletions': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body, lang }) => {
        const { deleted, results } = await employees.removeMany(actor, parseWith(DeletionBody, body).employeeIds);
        return json(200, { deleted, results: localize(results, lang) });
      },
    },
    'GET /api/admin/employee-counts': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, await employees.counts(actor)),
    },
    'GET /api/admin/departments': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, { items: await employees.departments(actor) }),
    },
  },
  loadActor,
);

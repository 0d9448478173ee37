import * as z from 'zod/mini';
import type { EmployeeImport } from '../core/imports/employee-import.js';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json, localize, noContent, type Lang } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { importService } from '../wiring/employees.js';

const imports = importService();

const UploadQuery = z.object({ encoding: z._default(z.enum(['auto', 'utf-8', 'shift_jis']), 'auto') });

/** 10,000 rows of 14 columns fit well within this; API Gateway caps bodies at 10 MB anyway. */
const MAX_CSV_BYTES = 8 * 1024 * 1024;

/** What the API shows of an import: issues in the caller's language, no internal fields. */
function view({ companyId: _c, createdBy: _b, chunkRows: _r, ...rest }: EmployeeImport, lang: Lang) {
  return localize(rest, lang);
}

const importId = (params: Record<string, string | undefined>) => params.importId ?? '';

export const handler = httpHandler(
  {
    'POST /api/admin/employee-imports': {
      auth: 'jwt',
      body: 'raw',
      maxBodyBytes: MAX_CSV_BYTES,
      handle: async ({ actor, raw, query, lang }) => json(200, view(await imports.preview(actor, raw, parseWith(UploadQuery, query).encoding), lang)),
    },
    'GET /api/admin/employee-imports/{importId}': {
      auth: 'jwt',
      handle: async ({ actor, params, lang }) => json(200, view(await imports.get(actor, importId(params)), lang)),
    },
    'POST /api/admin/employee-imports/{importId}/commit': {
      auth: 'jwt',
      handle: async ({ actor, params, lang }) => json(202, view(await imports.commit(actor, importId(params)), lang)),
    },
    'DELETE /api/admin/employee-imports/{importId}': {
      auth: 'jwt',
      handle: async ({ actor, params }) => {
        await imports.cancel(actor, importId(params));
        return noContent();
      },
    },
  },
  loadActor,
);

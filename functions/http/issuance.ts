import { z } from 'zod';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { issuanceStarter, loadActor } from './composition.js';

const issuance = issuanceStarter();

const PdfBody = z.strictObject({
  employeeIds: z.array(z.string().min(1).max(64)).min(1).max(10_000),
  /** Include employees whose password is already issued: パスワード再発行. */
  reissue: z.boolean().optional(),
});

export const handler = httpHandler(
  {
    'POST /api/admin/issuance/pdf': {
      auth: 'jwt',
      body: 'json',
      maxBodyBytes: 1024 * 1024,
      handle: async ({ actor, body }) => {
        const { employeeIds, reissue } = parseWith(PdfBody, body);
        const job = await issuance.start(actor, employeeIds, reissue ?? false);
        return json(202, { jobId: job.jobId });
      },
    },
  },
  loadActor,
);

import * as z from 'zod/mini';
import { MAIL_KINDS } from '../core/mail/messages.js';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { mailHistoryService } from '../wiring/mail.js';

const mails = mailHistoryService();

const PreviewQuery = z.object({
  kind: z.enum(MAIL_KINDS),
  address: z._default(z.pipe(z.coerce.number(), z.union([z.literal(1), z.literal(2), z.literal(3)])), 1),
});

/** The issue page: メール送信履歴 and the previews of both mails. */
export const handler = httpHandler(
  {
    'GET /api/admin/employees/{id}/mails': {
      auth: 'jwt',
      handle: async ({ actor, params }) => json(200, { items: await mails.list(actor, params.id ?? '') }, { 'Cache-Control': 'no-store' }),
    },
    'GET /api/admin/employees/{id}/mail-preview': {
      auth: 'jwt',
      handle: async ({ actor, params, query }) => {
        const { kind, address } = parseWith(PreviewQuery, query);
        return json(200, await mails.preview(actor, params.id ?? '', kind, address), { 'Cache-Control': 'no-store' });
      },
    },
  },
  loadActor,
);

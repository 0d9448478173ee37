import { notFound } from '../core/shared/errors.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { authService, loadActor } from './composition.js';

const auth = authService();

export const handler = httpHandler(
  {
    'GET /api/me': {
      auth: 'jwt',
      handle: async ({ actor }) => {
        const account = await auth.account(actor.companyId, actor.accountId);
        if (!account) throw notFound();
        return json(200, account);
      },
    },
  },
  loadActor,
);

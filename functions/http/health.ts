import { unhealthyDependencies } from '../adapters/health.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { logger } from '../shared/logger.js';

export const handler = httpHandler({
  'GET /api/health': {
    auth: 'none',
    handle: async () => {
      const down = await unhealthyDependencies();
      if (down.length === 0) return json(200, { status: 'ok' });
      logger.warn('Dependencies not answering', { down });
      return json(503, { error: { code: 'UNHEALTHY', message: `Not answering: ${down.join(', ')}` } });
    },
  },
});

import { japanDateStamp } from '../core/shared/japan-date.js';
import { httpHandler } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { exportService } from '../wiring/employees.js';

const exporter = exportService();


export const handler = httpHandler(
  {
    'GET /api/admin/employee-export': {
      auth: 'jwt',
      handle: async ({ actor }) => {
        const { csv } = await exporter.exportCsv(actor);
        return {
          statusCode: 200,
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="employees-${japanDateStamp(new Date())}.csv"`,
            'Cache-Control': 'no-store',
          },
          body: csv,
        };
      },
    },
  },
  loadActor,
);

import type { Actor } from '../access/actor.js';
import { requireReader } from '../access/actor.js';
import type { AuditLog } from '../auth/service.js';
import type { Clock, Ids } from '../shared/ports.js';
import { employeesToCsv } from './csv/export.js';
import type { Employee } from './employee.js';

export interface EmployeeSource {
  existing(companyId: string): Promise<Employee[]>;
}

/** CSV export of every employee; exports of personal data are audited like changes. */
export function createExportService({ source, audit, clock, ids }: { source: EmployeeSource; audit: AuditLog; clock: Clock; ids: Ids }) {
  return {
    async exportCsv(actor: Actor): Promise<{ csv: string; rows: number }> {
      requireReader(actor);
      const employees = await source.existing(actor.companyId);
      const csv = employeesToCsv(employees);
      await audit.write({
        id: ids.next(),
        companyId: actor.companyId,
        at: clock.now().toISOString(),
        actor: actor.loginId,
        actorAccountId: actor.accountId,
        action: 'employee.export',
        result: 'success',
        sourceIp: actor.sourceIp,
        detail: { rows: employees.length },
      });
      return { csv, rows: employees.length };
    },
  };
}

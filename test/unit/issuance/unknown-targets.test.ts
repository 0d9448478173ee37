import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/access/actor.js';
import { refuseUnknownEmployees, type EmployeeIdDirectory } from '../../../functions/core/jobs/launch.js';
import { createMailIssuanceStarter } from '../../../functions/core/issuance/mail-issuance.js';
import { createPasscodeIssuanceStarter } from '../../../functions/core/issuance/passcode-issuance.js';
import { createPdfIssuanceStarter } from '../../../functions/core/issuance/pdf-issuance.js';
import { errorOf } from '../../support/error-of.js';

const admin: Actor = { accountId: 'A1', companyId: 'C1', loginId: 'admin', role: 'admin', displayName: '管理者' };
const KNOWN = new Set(['E1', 'E2', 'E3']);

function world() {
  const asked: string[][] = [];
  const writes: unknown[] = [];
  const directory: EmployeeIdDirectory = {
    existing: async (companyId, ids) => {
      asked.push(ids);
      return new Set(companyId === 'C1' ? ids.filter((id) => KNOWN.has(id)) : []);
    },
  };
  const jobs = { create: async (...args: unknown[]) => void writes.push(args) } as never;
  const queue = { sendAll: async (m: unknown[]) => void writes.push(...m) };
  const deps = { jobs, directory, unissued: { unissued: async () => [] }, queue, clock: { now: () => new Date('2026-01-01T00:00:00Z') }, ids: { next: () => 'J1' } };
  return { asked, writes, deps };
}

describe('targets that are not the caller’s employees', () => {
  it('are refused before anything is written, listed in the error', async () => {
    const { writes, deps } = world();
    const mail = createMailIssuanceStarter(deps);
    const error = await errorOf(mail.request(admin, [{ employeeId: 'E1', address: 1 }, { employeeId: 'NOPE', address: 1 }, { employeeId: 'GONE', address: 2 }]));
    expect({ status: error.statusCode, code: error.code, details: error.details }).toEqual({ status: 400, code: 'UNKNOWN_EMPLOYEES', details: { employeeIds: ['NOPE', 'GONE'], count: 2 } });
    expect(error.messages.ja).toContain('2人が見つかりません');
    await errorOf(mail.notice(admin, [{ employeeId: 'NOPE', address: 1 }]));
    const passcodes = createPasscodeIssuanceStarter({ ...deps, targets: { unissuedIds: async () => [] } });
    await errorOf(passcodes.start(admin, { employeeIds: ['E1', 'NOPE'] }, false));
    const pdf = createPdfIssuanceStarter({ ...deps, targets: { employees: async () => [] } });
    await errorOf(pdf.start(admin, ['E1', 'NOPE'], false));
    expect(writes).toEqual([]);
  });

  it('let a job of known employees start, asking about each id once', async () => {
    const { asked, writes, deps } = world();
    const job = await createMailIssuanceStarter(deps).request(admin, [{ employeeId: 'E1', address: 1 }, { employeeId: 'E1', address: 2 }, { employeeId: 'E2', address: 1 }]);
    expect(job.progress.total).toBe(2);
    expect(asked).toEqual([['E1', 'E2']]);
    expect(writes.length).toBeGreaterThan(0);
  });

  it('lists at most twenty of them', async () => {
    const { deps } = world();
    const ids = Array.from({ length: 50 }, (_, i) => `X${i}`);
    const error = await errorOf(refuseUnknownEmployees(deps.directory, 'C1', ids));
    expect(error.details).toEqual({ employeeIds: ids.slice(0, 20), count: 50 });
  });

  it('include another company’s employees', async () => {
    const { deps } = world();
    expect((await errorOf(refuseUnknownEmployees(deps.directory, 'C2', ['E1']))).code).toBe('UNKNOWN_EMPLOYEES');
  });
});

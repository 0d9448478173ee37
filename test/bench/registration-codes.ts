import { startCountingCalls } from '../../functions/adapters/call-counter.js';
import { callsPerEmployee, type CallRow } from './aws-calls.js';
import { byService, registrationMinimum } from './design-minimum.js';
import { waitForJob } from './wait-for-job.js';

export interface RegistrationBench {
  employees: number;
  wallMs: number;
  issued: number;
  csvBytes: number;
  csvRows: number;
  lettersBytes: number;
  calls: CallRow[];
}

/**
 * One 私用メールアドレス登録用パスワード job over `employeeIds` (employees with a birth date and no
 * account), then its two files through the audited download route: the CSV counted row by row.
 */
export async function benchRegistrationJob(baseUrl: string, auth: Record<string, string>, employeeIds: string[]): Promise<RegistrationBench> {
  const json = { ...auth, 'Content-Type': 'application/json' };
  startCountingCalls();
  const t0 = performance.now();
  const started = (await fetch(`${baseUrl}/api/admin/registration-codes`, { method: 'POST', headers: json, body: JSON.stringify({ employeeIds }) }).then((r) => r.json())) as { jobId: string };
  const job = await waitForJob(baseUrl, auth, started.jobId);
  const wallMs = performance.now() - t0;
  const n = employeeIds.length;
  const calls = callsPerEmployee('worker', n, byService(registrationMinimum(n)));

  const file = async (which: 'csv' | 'letters') => {
    const link = (await fetch(`${baseUrl}/api/admin/registration-codes/${started.jobId}/downloads`, { method: 'POST', headers: json, body: JSON.stringify({ file: which }) }).then((r) =>
      r.json(),
    )) as { url: string };
    return new Uint8Array(await (await fetch(link.url)).arrayBuffer());
  };
  const [csv, letters] = await Promise.all([file('csv'), file('letters')]);
  const csvRows = new TextDecoder().decode(csv).trimEnd().split('\r\n').length - 1;
  return { employees: n, wallMs, issued: job.counts.succeeded, csvBytes: csv.byteLength, csvRows, lettersBytes: letters.byteLength, calls };
}

import { startCountingCalls } from '../../functions/adapters/call-counter.js';
import { callsPerEmployee, type CallRow } from './aws-calls.js';
import { byService, mailIssuanceMinimum } from './design-minimum.js';
import { waitForJob } from './wait-for-job.js';

export interface MailBench {
  employees: number;
  wallMs: number;
  /** The fastest the configured send rate allows. */
  rateFloorMs: number;
  sent: number;
  duplicates: number;
  missing: number;
  calls: CallRow[];
}

interface StoredMail {
  destination: { to: string[] };
  subject: string;
}

/**
 * A bulk request-mail job over `targets` (employees at 未発行 / 未 with address 1), checked
 * against the local SES store: every target mailed exactly once.
 */
export async function benchMailJob(baseUrl: string, sesUrl: string, auth: Record<string, string>, targets: Array<{ id: string; email1: string }>, sendRate: number): Promise<MailBench> {
  const json = { ...auth, 'Content-Type': 'application/json' };
  await fetch(`${baseUrl}/api/admin/settings`, { method: 'PATCH', headers: json, body: JSON.stringify({ notificationMethod: 'mail' }) });
  startCountingCalls();
  const t0 = performance.now();
  const started = (await fetch(`${baseUrl}/api/admin/issuance/mail`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ targets: targets.map((t) => ({ employeeId: t.id, address: 1 })), mode: 'new' }),
  }).then((r) => r.json())) as { jobId: string };
  const job = await waitForJob(baseUrl, auth, started.jobId);
  const wallMs = performance.now() - t0;

  const store = ((await fetch(`${sesUrl}/store`).then((r) => r.json())) as { emails: StoredMail[] }).emails;
  const perAddress = new Map<string, number>();
  for (const m of store) if (m.subject === '【kagi】アカウント認証要求') for (const to of m.destination.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  const duplicates = targets.filter((t) => (perAddress.get(t.email1) ?? 0) > 1).length;
  const missing = targets.filter((t) => !perAddress.has(t.email1)).length;
  const calls = callsPerEmployee('worker', targets.length, byService(mailIssuanceMinimum(targets.length)));
  return { employees: targets.length, wallMs, rateFloorMs: (targets.length / sendRate) * 1000, sent: job.counts.succeeded, duplicates, missing, calls };
}

/**
 * The CPU a passcode costs on this machine: one scrypt hash, and its notice page. Run as a script
 * in a fresh process (`passcodeCpuMs()` spawns it), because measured inside the bench the process's
 * CPU also counts what its other work does meanwhile (the seeding's garbage collection, the local
 * runtime's timers): at 100,000 that read scrypt at 40.7 ms where it costs about 25.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ISSUANCE_CHUNK } from '../../functions/core/issuance/pdf-issuance.js';
import { hashSecret } from '../../functions/core/shared/slow-hash.js';
import { readNoticeFonts } from '../../functions/jobs/pdf/fonts.js';
import { renderPasscodeNotices } from '../../functions/jobs/pdf/passcode-file.js';

export interface PasscodeCpu {
  /** CPU milliseconds of one scrypt hash of a passcode. */
  hashMs: number;
  /** CPU milliseconds of one passcode notice page, rendered ISSUANCE_CHUNK at a time as the worker does. */
  pageMs: number;
}

/** CPU milliseconds this process spent since `from` (its threads too: scrypt runs on the thread pool). */
export const cpuMsSince = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

/** The least of `rounds` measurements: a round that another process slowed is not the cost. */
async function leastOf(rounds: number, once: () => Promise<number>): Promise<number> {
  let least = Infinity;
  for (let r = 0; r < rounds; r++) least = Math.min(least, await once());
  return least;
}

async function measure(): Promise<PasscodeCpu> {
  await hashSecret('0000');
  const hashMs = await leastOf(3, async () => {
    const t0 = process.cpuUsage();
    for (let i = 0; i < 10; i++) await hashSecret(String(1000 + i));
    return cpuMsSince(t0) / 10;
  });
  const fonts = await readNoticeFonts();
  const notices = Array.from({ length: ISSUANCE_CHUNK }, (_, i) => ({
    companyName: 'デモ株式会社', department: '総務部', familyName: '山田', givenName: `太郎${i}`, employeeCode: `E${String(i).padStart(6, '0')}`, companyCode: 'demo', passcode: String(100000 + i), issuedAt: '2026-12-02T00:00:00.000Z',
  }));
  await renderPasscodeNotices(fonts, notices.slice(0, 1));
  const pageMs = await leastOf(3, async () => {
    const t0 = process.cpuUsage();
    await renderPasscodeNotices(fonts, notices);
    return cpuMsSince(t0) / ISSUANCE_CHUNK;
  });
  return { hashMs, pageMs };
}

const self = fileURLToPath(import.meta.url);

/** Measures in a fresh process of its own (see the top of this file). */
export function passcodeCpuMs(): PasscodeCpu {
  const out = execFileSync(process.execPath, ['--import', 'tsx', self], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out) as PasscodeCpu;
}

if (process.argv[1] === self) console.log(JSON.stringify(await measure()));

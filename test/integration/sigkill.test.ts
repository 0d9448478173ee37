import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, signIn } from '../support/api.js';
import { freePort } from '../support/free-port.js';
import { pdfText } from '../support/pdf-text.js';
import { expectCountsEqualRecount } from '../support/recount.js';

// `npm start` promises that data survives a restart, and queued work is data. The whole service
// is started here as its own process group (like sigterm.test.ts), killed with SIGKILL in the
// middle of a bulk job, and started again on the same data folder: the job must complete, every
// employee issued exactly once. Every wait is a generous deadline (a busy 2-core machine), never
// a speed the test relies on.

const ROOT = join(import.meta.dirname, '..', '..');
/** Starting includes a web build when web/ changed, and Java's start on a busy machine. */
const START_MS = 240_000;
/** 600 employees' notices on a slow machine, with room to spare. */
const WORK_MS = 600_000;
const PASSWORD = 'Sigkill-Test-Password-1';
const EMPLOYEES = 600;

/** The live pids of a process group (ps works on Linux and macOS alike; a zombie holds nothing). */
function groupMembers(pgid: number): number[] {
  const out = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'pgid=', '-o', 'stat='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === pgid && !m[3]!.startsWith('Z'))
    .map((m) => Number(m[1]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const started: ChildProcess[] = [];
let dataDir: string | undefined;

/** Whatever the outcome (a failed assertion, a timeout, the runner stopping), no process of this test outlives it. */
function killAll() {
  for (const child of started) {
    try {
      if (child.pid && groupMembers(child.pid).length > 0) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.once('exit', killAll);

afterAll(async () => {
  killAll();
  for (const child of started) for (let i = 0; i < 300 && child.pid && groupMembers(child.pid).length > 0; i++) await sleep(100);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Polls `read` until `ok`, for at most `ms`. A call that fails on the way (a kept-alive connection
 * the busy service closed just then) is tried again; the last failure is told if time runs out,
 * with what the service printed.
 */
async function until<T>(what: string, ms: number, read: () => Promise<T>, ok: (value: T) => boolean, { everyMs = 250, output = (): string => '' }: { everyMs?: number; output?: () => string } = {}): Promise<T> {
  const deadline = Date.now() + ms;
  let last = 'nothing yet';
  for (;;) {
    try {
      const value = await read();
      if (ok(value)) return value;
      last = JSON.stringify(value)?.slice(0, 500) ?? String(value);
    } catch (error) {
      last = `${String(error)} (${String((error as { cause?: unknown }).cause ?? '')})`;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting (${ms / 1000} s): ${what}; last seen ${last}\n${output().slice(-4000)}`);
    await sleep(everyMs);
  }
}

/** `npm start` on free ports and the given data folder, as its own process group; resolves once healthy. */
async function startService(folder: string, fresh: boolean): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const [port, dynamodb, s3, ses, cognito] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const child = spawn('npm', ['start', ...(fresh ? ['--', '--fresh'] : [])], {
    cwd: ROOT,
    // Its own process group (pgid = its pid): SIGKILL to the group is a crash of the whole service.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port), KAGI_DYNAMODB_PORT: String(dynamodb), KAGI_S3_PORT: String(s3), KAGI_SES_PORT: String(ses), KAGI_COGNITO_PORT: String(cognito),
      KAGI_DATA_DIR: folder,
      KAGI_DEMO_PASSWORD: PASSWORD,
    },
  });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false)) return { child, url, output: () => output };
    await sleep(1000);
  }
  throw new Error(`npm start did not become healthy:\n${output}`);
}

async function killGroup(child: ChildProcess) {
  process.kill(-child.pid!, 'SIGKILL');
  await until('the killed group to be gone', 30_000, async () => groupMembers(child.pid!), (left) => left.length === 0, { everyMs: 100 });
}

describe('npm start killed in the middle of a bulk job', () => {
  it('completes the job after a restart: every employee issued exactly once, counts equal a recount', { timeout: 2 * START_MS + 3 * WORK_MS }, async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kagi-sigkill-'));
    const first = await startService(dataDir, true);
    let admin = await signIn('demo', 'admin', PASSWORD, first.url);

    // 600 employees by CSV import, then パスワード一括発行 (PDF) for everyone at 未発行: 15 chunks and more.
    const rows = Array.from({ length: EMPLOYEES }, (_, i) => `KILL-${String(i + 1).padStart(3, '0')},停止,${i + 1}号`);
    const csv = new TextEncoder().encode(`社員コード,姓,名\r\n${rows.join('\r\n')}\r\n`);
    const preview = await api(admin, first.url).post('/api/admin/employee-imports', csv, { 'Content-Type': 'application/octet-stream' });
    expect(preview.status, preview.text).toBe(200);
    expect((await api(admin, first.url).post(`/api/admin/employee-imports/${preview.body.importId}/commit`)).status).toBe(202);
    const imported = await until('the import', WORK_MS, async () => (await api(admin, first.url).get(`/api/admin/employee-imports/${preview.body.importId}`)).body, (i) => i.state !== 'committing' && i.state !== 'previewed', { output: first.output });
    expect(imported.state).toBe('done');

    const start = await api(admin, first.url).post('/api/admin/issuance/pdf', { allUnissued: true });
    expect(start.status, start.text).toBe(202);
    const jobId = start.body.jobId as string;
    // Killed as soon as a first chunk is recorded: with 5 chunks at a time out of 15, the rest is still queued.
    const before = await until('a first chunk recorded', WORK_MS, async () => (await api(admin, first.url).get(`/api/admin/jobs/${jobId}`)).body, (j) => j.progress.done > 0, { everyMs: 50, output: first.output });
    await killGroup(first.child);
    expect(before.progress.done, 'the job must still have work left when killed').toBeLessThan(before.progress.total);

    const second = await startService(dataDir, false);
    expect(second.output()).toMatch(/Resumed \d+ queued job message/);
    admin = await signIn('demo', 'admin', PASSWORD, second.url);
    const done = await until('the job to end after the restart', WORK_MS, async () => (await api(admin, second.url).get(`/api/admin/jobs/${jobId}`)).body, (j) => j.state === 'done' || j.state === 'failed', { everyMs: 500, output: second.output });
    const total = done.progress.total as number;
    expect(total).toBeGreaterThanOrEqual(EMPLOYEES);
    expect(done).toMatchObject({ state: 'done', stopReason: null, progress: { done: total } });
    expect(done.counts.failed).toBe(0);
    expect(done.counts.succeeded + done.counts.excluded).toBe(total);

    // Each employee once in the results, and each issued one on exactly one page of the notices.
    const lines = (await api(admin, second.url).get(`/api/admin/jobs/${jobId}/results`)).text.replace(/^\uFEFF/, '').trimEnd().split('\r\n').slice(1);
    const codes = lines.map((l) => l.split(',')[0]!.replace(/^="|"$/g, ''));
    expect(codes).toHaveLength(total);
    expect(new Set(codes).size).toBe(total);
    const employees: any[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await api(admin, second.url).get(`/api/admin/employees?q=KILL&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      employees.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(employees).toHaveLength(EMPLOYEES);
    expect(employees.filter((e) => e.passwordStatus !== 'issued')).toEqual([]);
    await expectCountsEqualRecount(admin, second.url);

    // Last, as no HTTP call may follow it: pdftotext of 600 pages blocks this process for a while,
    // and a kept-alive connection the service closes meanwhile would fail the next call.
    const text = pdfText(new Uint8Array(await (await fetch(done.download.url)).arrayBuffer()));
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    expect(pages).toHaveLength(done.counts.succeeded);
    const pagesOf = (loginId: string) => pages.filter((page) => page.includes(loginId)).length;
    expect(employees.filter((e) => pagesOf(e.loginId) !== 1).map((e) => e.loginId)).toEqual([]);
  });
});

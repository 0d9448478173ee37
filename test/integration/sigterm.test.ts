import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.js';

// A process manager (systemd, Docker, CI) stops a service with SIGTERM to its top process only,
// not to the whole process group as a terminal's Ctrl-C does. `npm start` is started here as its
// own group, on free ports and a temporary data folder, so it collides with nothing else running.

const ROOT = join(import.meta.dirname, '..', '..');
/** Starting includes a web build when web/ changed, and Java's start on a busy machine. */
const START_MS = 240_000;
const STOP_MS = 15_000;

/** The pids of a process group (ps works on Linux and macOS alike). */
function groupMembers(pgid: number): Array<{ pid: number; command: string }> {
  const out = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'pgid=', '-o', 'args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === pgid)
    .map((m) => ({ pid: Number(m[1]), command: m[3]! }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let child: ChildProcess | undefined;
let dataDir: string | undefined;

afterAll(() => {
  // Whatever the outcome, nothing of this test outlives it.
  if (child?.pid && groupMembers(child.pid).length > 0) process.kill(-child.pid, 'SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start under a process manager', () => {
  it('stops every process of its group on a SIGTERM to npm alone', { timeout: START_MS + STOP_MS + 30_000 }, async () => {
    const [port, dynamodb, s3, ses, cognito] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    dataDir = mkdtempSync(join(tmpdir(), 'kagi-sigterm-'));
    child = spawn('npm', ['start', '--', '--fresh'], {
      cwd: ROOT,
      // Its own process group (pgid = its pid), as a service manager would start it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PORT: String(port),
        KAGI_DYNAMODB_PORT: String(dynamodb),
        KAGI_S3_PORT: String(s3),
        KAGI_SES_PORT: String(ses),
        KAGI_COGNITO_PORT: String(cognito),
        KAGI_DATA_DIR: dataDir,
        KAGI_DEMO_PASSWORD: 'Sigterm-Test-Password-1',
      },
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const pgid = child.pid!;
    const health = `http://127.0.0.1:${port}/api/health`;

    const deadline = Date.now() + START_MS;
    let healthy = false;
    while (!healthy && Date.now() < deadline && child.exitCode === null) {
      healthy = await fetch(health).then((r) => r.status === 200, () => false);
      if (!healthy) await sleep(1000);
    }
    expect(healthy, `npm start did not become healthy:\n${output}`).toBe(true);

    // The runtime and its four stand-ins (DynamoDB Local is Java) run in npm's group.
    const running = groupMembers(pgid);
    expect(running.some((p) => p.command.startsWith('java '))).toBe(true);
    expect(running.filter((p) => /s3rver|aws-ses-v2-local|cognito-local|bin\/local\.ts/.test(p.command))).toHaveLength(4);

    process.kill(pgid, 'SIGTERM');

    const stopBy = Date.now() + STOP_MS;
    let left = groupMembers(pgid);
    while (left.length > 0 && Date.now() < stopBy) {
      await sleep(500);
      left = groupMembers(pgid);
    }
    expect(left, `still running ${STOP_MS / 1000} s after SIGTERM:\n${output}`).toEqual([]);
    expect(await fetch(health).then(() => 'answered', () => 'closed')).toBe('closed');
  });
});

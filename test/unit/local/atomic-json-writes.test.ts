import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const PRELOAD = fileURLToPath(new URL('../../../bin/local/atomic-json-writes.cjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kagi-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// cognito-local's store as it writes: many overlapping fs.writeFile calls of whole JSON documents
// of different lengths, the way stormdb saves after each change.
const WRITER = `
const fs = require('node:fs');
const path = process.argv[1];
let left = 40;
for (let i = 1; i <= 40; i++) {
  const doc = JSON.stringify({ version: i, users: Array.from({ length: (41 - i) * 50 }, (_, k) => 'user-' + k) }, null, 2);
  fs.writeFile(path, doc, (error) => { if (error) throw error; if (--left === 0) process.stdout.write('done'); });
}
`;

describe('cognito-local JSON writes (bin/local/atomic-json-writes.cjs)', () => {
  it('leaves the last document whole when writes overlap, and no temporary file behind', () => {
    const file = join(dir, 'local_pool.json');
    const out = execFileSync(process.execPath, ['--require', PRELOAD, '-e', WRITER, file], { encoding: 'utf8' });
    expect(out).toBe('done');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect([doc.version, doc.users.length]).toEqual([40, 50]);
    expect(readdirSync(dir)).toEqual(['local_pool.json']);
  });

  it('writes files that are not JSON as Node does', () => {
    const file = join(dir, 'note.txt');
    execFileSync(process.execPath, ['--require', PRELOAD, '-e', `require('node:fs').writeFile(process.argv[1], 'plain', 'utf8', (e) => { if (e) throw e; })`, file]);
    expect(readFileSync(file, 'utf8')).toBe('plain');
  });
});

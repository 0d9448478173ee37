import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Builds the web site when web/dist is missing or older than any source file under web/. It runs
 * inside the runtime, not as an earlier step of the npm script, so that `npm start` is one process
 * that receives the signals.
 */
export async function buildWebIfStale(root: string, log: (line: string) => void): Promise<void> {
  const web = join(root, 'web');
  const built = join(web, 'dist', 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newest(web)) return;
  log('Building the web site (vite build)…');
  // In this process: a stop signal during the build ends it with the runtime.
  const { build } = await import('vite');
  await build({ root: web, logLevel: 'warn' });
}

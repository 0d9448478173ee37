// Builds the web site when web/dist is missing or older than any source file under web/.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const built = 'web/dist/index.html';
if (!existsSync(built) || statSync(built).mtimeMs < newest('web')) {
  console.log('Building the web site (vite build)…');
  execSync('npx vite build web --logLevel warn', { stdio: 'inherit' });
}

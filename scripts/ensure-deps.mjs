// Installs the npm dependencies when node_modules is missing or older than package-lock.json, so
// `npm start` and `npm test` work on a fresh clone as the only commands a newcomer types.
// `npm ci` installs exactly the committed lock (which lists every platform's optional packages,
// as the registry serves them) and never rewrites it, so a fresh clone stays clean.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('Installing dependencies (npm ci, about half a minute)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

// Installs the npm dependencies when node_modules is missing or older than package-lock.json, so
// `npm start` and `npm test` work on a fresh clone as the only commands a newcomer types.
// `npm install` rather than `npm ci`: the registry this project builds from serves only this
// platform's optional packages (e.g. rollup's native builds), so the lock file lists no others,
// and `npm ci` refuses such a lock as out of sync. `npm install` follows the lock as it is.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  console.log('Installing dependencies (npm install)…');
  execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
}

import { fileURLToPath } from 'node:url';
import path from 'node:path';

// Resolved from this file rather than process.cwd(): the CDK CLI, vitest and an editor may each
// start from a different directory.
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const repoPath = (...parts: string[]): string => path.join(REPO_ROOT, ...parts);

export const httpEntry = (handler: string): string => repoPath('functions', 'http', `${handler}.ts`);

export const jobEntry = (job: string): string => repoPath('functions', 'jobs', `${job}.ts`);

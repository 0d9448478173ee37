import type { JobFiles } from '../../core/issuance/pdf-issuance.js';
import { createFiles } from './files.js';

/** Download links live minutes, not hours: a link in a browser history must not outlive its use. */
const LINK_SECONDS = 300;

export function createJobFiles(): JobFiles & { remove(keys: string[]): Promise<void> } {
  const files = createFiles();
  return {
    put: (key, bytes, contentType) => files.putBytes(key, bytes, contentType),
    get: (key) => files.getBytes(key),
    remove: (keys) => files.remove(keys),
    async downloadUrl(key, filename) {
      const url = await files.downloadUrl(key, filename, LINK_SECONDS);
      return { url, expiresAt: new Date(Date.now() + LINK_SECONDS * 1000).toISOString() };
    },
  };
}

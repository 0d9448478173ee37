import type { ImportRow } from '../../core/imports/employee-import.js';
import type { ImportRowsFile } from '../../core/imports/service.js';
import { createFiles } from './files.js';

const chunkKey = (companyId: string, importId: string, chunk: number) => `imports/${companyId}/${importId}/chunk-${chunk}.json`;
const PARALLEL_PUTS = 16;

/** Previewed rows as one object per chunk, so a worker reads only the rows it saves. */
export function createImportRowsFile(): ImportRowsFile {
  const files = createFiles();
  return {
    async save(companyId, importId, chunks) {
      for (let i = 0; i < chunks.length; i += PARALLEL_PUTS) {
        await Promise.all(chunks.slice(i, i + PARALLEL_PUTS).map((rows, j) => files.putJson(chunkKey(companyId, importId, i + j), rows)));
      }
    },
    loadChunk: (companyId, importId, chunk) => files.getJson<ImportRow[]>(chunkKey(companyId, importId, chunk)),
    remove: (companyId, importId, chunks) => files.remove(Array.from({ length: chunks }, (_, c) => chunkKey(companyId, importId, c))),
  };
}

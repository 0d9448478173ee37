import type { JobEnding } from '../jobs/engine.js';
import { chunkCount } from './employee-import.js';
import type { ImportRowsFile, ImportStore } from './service.js';

/**
 * How the chunks of a CSV import end when they never ran: each of their rows a failed row with the
 * reason (the import then ends as failed); the rows that were saved stay saved.
 */
export function createImportEnding({ imports, rowsFile }: { imports: ImportStore; rowsFile: Pick<ImportRowsFile, 'loadChunk'> }): JobEnding {
  return {
    async openChunks({ companyId, jobId }) {
      const record = await imports.get(companyId, jobId);
      if (!record || record.state !== 'committing') return [];
      const chunks = Array.from({ length: chunkCount(record.progress.total) }, (_, c) => c);
      const done = await Promise.all(chunks.map((c) => imports.chunkDone(companyId, jobId, c)));
      return chunks.filter((_, i) => !done[i]);
    },

    async abandonChunk({ companyId, jobId }, chunk, reason, messages) {
      if (await imports.chunkDone(companyId, jobId, chunk)) return;
      const rows = await rowsFile.loadChunk(companyId, jobId, chunk);
      const code = reason.toUpperCase().replaceAll('-', '_');
      const failed = rows.map((row) => ({ line: row.line, code, messages }));
      await imports.finishChunk(companyId, jobId, chunk, { succeeded: 0, failed, rows: rows.length }, reason);
    },
  };
}

import type { JobEnding } from '../jobs/engine.js';
import { chunkCount } from './employee-import.js';
import type { ImportRowsFile, ImportStore } from './service.js';

/** An import has no 再実行: importing the rows again is the way, and rows already saved are only updated. */
const NOT_IMPORTED = {
  ja: '処理できませんでした。この行をもう一度取り込んでください（取り込み済みの行は更新されるだけです）。',
  en: 'Not processed. Import this row again (rows already imported are only updated).',
};

/**
 * How the chunks of a CSV import end when they never ran: each of their rows a failed row with the
 * reason (the import then ends as failed); the rows that were saved stay saved.
 */
export function createImportEnding({ imports, rowsFile }: { imports: ImportStore; rowsFile: Pick<ImportRowsFile, 'loadChunk'> }): JobEnding {
  return {
    async openChunks({ companyId, jobId }) {
      const record = await imports.get(companyId, jobId);
      if (!record || record.state !== 'committing') return [];
      const chunks = Array.from({ length: chunkCount(record) }, (_, c) => c);
      const done = await Promise.all(chunks.map((c) => imports.chunkDone(companyId, jobId, c)));
      return chunks.filter((_, i) => !done[i]);
    },

    async abandonChunk({ companyId, jobId }, chunk, reason) {
      if (await imports.chunkDone(companyId, jobId, chunk)) return;
      const rows = await rowsFile.loadChunk(companyId, jobId, chunk);
      const code = reason.toUpperCase().replaceAll('-', '_');
      const failed = rows.map((row) => ({ line: row.line, code, messages: NOT_IMPORTED }));
      await imports.finishChunk(companyId, jobId, chunk, { succeeded: 0, failed, rows: rows.length }, reason);
    },
  };
}

import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditLog } from '../auth/service.js';
import { decodeCsvBytes } from '../employees/csv/decode.js';
import { previewImport, readImportRows } from '../employees/csv/import-preview.js';
import type { Employee, EmployeeInput } from '../employees/employee.js';
import { generateLoginId } from '../employees/login-id.js';
import { conflict, notFound } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { StoreConflict, type ConflictReason } from '../shared/store-errors.js';
import { chunkCount, CHUNK_ROWS, MAX_LISTED_ISSUES, PREVIEW_VALID_HOURS, type EmployeeImport, type ImportIssue, type ImportRow } from './employee-import.js';
import { randomBytes } from 'node:crypto';
import type { ImportChunkMessage, JobQueue } from '../jobs/queue.js';
import type { StopReason } from '../jobs/job.js';

/** Port: import records (state, counts, progress). */
export interface ImportStore {
  create(record: EmployeeImport, audit: AuditEntry): Promise<void>;
  get(companyId: string, importId: string): Promise<EmployeeImport | undefined>;
  /** Moves the state only from `from`; throws StoreConflict('state') otherwise. */
  transition(companyId: string, importId: string, from: EmployeeImport['state'], to: EmployeeImport['state'], audit?: AuditEntry): Promise<void>;
  /**
   * Records a finished chunk once: false when it was already recorded. `stopReason`: the job
   * engine recorded it without running it (the import then ends as failed).
   */
  finishChunk(companyId: string, importId: string, chunk: number, result: { succeeded: number; failed: ImportIssue[]; rows: number }, stopReason?: StopReason): Promise<boolean>;
  /**
   * Ends the import once every row is accounted for: `done`, or `failed` when the job engine gave
   * up on a chunk. True for the one caller that did it.
   */
  finishIfComplete(companyId: string, importId: string, at: string, audit: AuditEntry): Promise<boolean>;
  chunkDone(companyId: string, importId: string, chunk: number): Promise<boolean>;
  /** What a chunk's worker reads before it runs, in one read: the import (without its failed rows) and whether the chunk is recorded. */
  chunkStart(companyId: string, importId: string, chunk: number): Promise<{ record: EmployeeImport | undefined; done: boolean }>;
}

/** Port: the previewed rows, kept as one file per chunk between preview and commit. */
export interface ImportRowsFile {
  save(companyId: string, importId: string, chunks: ImportRow[][]): Promise<void>;
  loadChunk(companyId: string, importId: string, chunk: number): Promise<ImportRow[]>;
  remove(companyId: string, importId: string, chunks: number): Promise<void>;
}

/** One employee write: a create when there is no `before`. */
export interface EmployeeChange {
  before?: Employee;
  after: Employee;
}

/** Port: what the preview compares against and what the worker writes through. */
export interface ImportTarget {
  existing(companyId: string): Promise<Employee[]>;
  /** Live employees by code, in as few reads as the store allows. */
  byCodes(companyId: string, employeeCodes: string[]): Promise<Map<string, Employee>>;
  /** Writes many changes in as few transactions as possible; per change, the conflict that refused it. */
  writeAll(changes: EmployeeChange[]): Promise<Array<ConflictReason | undefined>>;
}


export interface ImportServiceDeps {
  imports: ImportStore;
  rowsFile: ImportRowsFile;
  target: ImportTarget;
  queue: JobQueue;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
  random?: (n: number) => Uint8Array;
}

const NOT_FOUND = notFound({ ja: '取り込みが見つかりません。', en: 'Import not found.' });

/** CSV import of employees: preview without saving, then commit in chunks on the job queue. */
export function createImportService({ imports, rowsFile, target, queue, audit, clock, ids, random = randomBytes }: ImportServiceDeps) {
  function auditOf(actor: Pick<Actor, 'companyId' | 'loginId'> & Partial<Actor>, action: AuditEntry['action'], importId: string, detail?: AuditEntry['detail']): AuditEntry {
    return {
      id: ids.next(),
      companyId: actor.companyId,
      at: clock.now().toISOString(),
      actor: actor.loginId,
      actorAccountId: actor.accountId,
      action,
      target: importId,
      result: 'success',
      sourceIp: actor.sourceIp,
      detail,
    };
  }

  async function mustGet(companyId: string, importId: string) {
    const record = await imports.get(companyId, importId);
    if (!record) throw NOT_FOUND;
    return record;
  }

  function changeFor(companyId: string, row: ImportRow, before: Employee | undefined, at: string): EmployeeChange {
    const input: EmployeeInput = row.value;
    if (before) return { before, after: { ...before, ...input, loginId: input.loginId || before.loginId, updatedAt: at, version: before.version + 1 } };
    return { after: { ...input, loginId: input.loginId || generateLoginId(random), id: ids.next(), companyId, createdAt: at, updatedAt: at, version: 1 } };
  }

  const LOGIN_ID_TAKEN: ImportIssue['messages'] = { ja: 'このログインIDは既に使われています。', en: 'This login ID is already in use.' };

  /**
   * Saves rows in batches; a row a batch could not save (a concurrent change, a retried chunk,
   * a generated login ID that collided) is read again and retried alone. A row the preview found
   * new is first written as a create without reading (its conditions refuse it if the code was
   * taken since, a retried chunk's rows among them); its refusal is no conflict of its own.
   */
  async function saveRows(companyId: string, rows: ImportRow[]): Promise<ImportIssue[]> {
    const issues: ImportIssue[] = [];
    let pending = rows.map((row) => ({ row, read: !row.create, conflicts: 0 }));
    while (pending.length > 0) {
      const at = clock.now().toISOString();
      const toRead = pending.filter((p) => p.read).map((p) => p.row.value.employeeCode);
      const current = toRead.length > 0 ? await target.byCodes(companyId, toRead) : new Map<string, Employee>();
      const outcomes = await target.writeAll(pending.map(({ row, read }) => changeFor(companyId, row, read ? current.get(row.value.employeeCode) : undefined, at)));
      const retry: typeof pending = [];
      pending.forEach((p, i) => {
        const reason = outcomes[i];
        if (reason === undefined) return;
        const { row } = p;
        if (reason === 'loginId' && row.value.loginId) issues.push({ line: row.line, field: 'loginId', code: 'LOGIN_ID_TAKEN', messages: LOGIN_ID_TAKEN });
        else if (!p.read) retry.push({ row, read: true, conflicts: 0 });
        else if (p.conflicts < 2) retry.push({ row, read: true, conflicts: p.conflicts + 1 });
        else issues.push({ line: row.line, code: 'CONFLICT', messages: { ja: '同時に変更されたため保存できませんでした。', en: 'Changed concurrently; not saved.' } });
      });
      pending = retry;
    }
    return issues;
  }

  return {
    async preview(actor: Actor, bytes: Uint8Array, encoding: 'auto' | 'utf-8' | 'shift_jis'): Promise<EmployeeImport> {
      requireAdmin(actor);
      const decoded = decodeCsvBytes(bytes, encoding);
      // The file's shape and limits are checked before the company's employees are read.
      const rows = readImportRows(decoded.text);
      const existing = await target.existing(actor.companyId);
      const preview = previewImport({ rows, existing, now: clock.now() });
      const now = clock.now();
      const importId = ids.next();
      const record: EmployeeImport = {
        importId,
        companyId: actor.companyId,
        state: 'previewed',
        encoding: decoded.encoding,
        total: preview.total,
        creates: preview.creates,
        updates: preview.updates,
        errorCount: preview.errors.length,
        warningCount: preview.warnings.length,
        errors: preview.errors.slice(0, MAX_LISTED_ISSUES),
        warnings: preview.warnings.slice(0, MAX_LISTED_ISSUES),
        progress: { done: 0, total: preview.rows.length },
        succeeded: 0,
        failed: 0,
        failedRows: [],
        chunkRows: CHUNK_ROWS,
        createdBy: actor.loginId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + PREVIEW_VALID_HOURS * 3600_000).toISOString(),
      };
      if (preview.errors.length === 0) {
        const rows = preview.rows.map((r): ImportRow => (r.action === 'create' ? { line: r.line, value: r.value, create: true } : { line: r.line, value: r.value }));
        await rowsFile.save(actor.companyId, importId, Array.from({ length: chunkCount(record) }, (_, c) => rows.slice(c * CHUNK_ROWS, (c + 1) * CHUNK_ROWS)));
      }
      await imports.create(record, auditOf(actor, 'employee.import.preview', importId, { rows: record.total, errors: record.errorCount, warnings: record.warningCount }));
      return record;
    },

    async get(actor: Actor, importId: string): Promise<EmployeeImport> {
      requireAdmin(actor);
      return mustGet(actor.companyId, importId);
    },

    async commit(actor: Actor, importId: string): Promise<EmployeeImport> {
      requireAdmin(actor);
      const record = await mustGet(actor.companyId, importId);
      if (record.errorCount > 0) {
        throw conflict('IMPORT_HAS_ERRORS', { ja: 'エラーのある行があるため取り込めません。CSV を修正してもう一度アップロードしてください。', en: 'Some rows have errors. Fix the CSV and upload it again.' });
      }
      if (record.state !== 'previewed' || new Date(record.expiresAt) <= clock.now()) {
        throw conflict('IMPORT_NOT_PENDING', { ja: 'この取り込みは既に実行済みか、取り消されたか、期限切れです。', en: 'This import was already run, cancelled, or has expired.' });
      }
      try {
        await imports.transition(actor.companyId, importId, 'previewed', 'committing', auditOf(actor, 'employee.import.commit', importId, { rows: record.total }));
      } catch (e) {
        if (e instanceof StoreConflict) throw conflict('IMPORT_NOT_PENDING', { ja: 'この取り込みは既に実行されています。', en: 'This import is already running.' });
        throw e;
      }
      const chunks = chunkCount(record);
      await queue.sendAll(Array.from({ length: chunks }, (_, chunk) => ({ kind: 'employee-import-chunk', companyId: actor.companyId, importId, chunk }) as const));
      return { ...record, state: 'committing' };
    },

    async cancel(actor: Actor, importId: string): Promise<void> {
      requireAdmin(actor);
      const record = await mustGet(actor.companyId, importId);
      try {
        await imports.transition(actor.companyId, importId, 'previewed', 'cancelled', auditOf(actor, 'employee.import.cancel', importId));
      } catch (e) {
        if (e instanceof StoreConflict) throw conflict('IMPORT_NOT_PENDING', { ja: 'この取り込みは既に実行済みか、取り消されています。', en: 'This import was already run or cancelled.' });
        throw e;
      }
      await rowsFile.remove(actor.companyId, importId, chunkCount(record));
    },

    /** Worker side: saves one chunk's rows. Safe to run again: a finished chunk is skipped, a row is keyed by its code. */
    async processChunk({ companyId, importId, chunk }: ImportChunkMessage): Promise<void> {
      const { record, done } = await imports.chunkStart(companyId, importId, chunk);
      if (done || !record || record.state !== 'committing') return;
      const rows = await rowsFile.loadChunk(companyId, importId, chunk);
      const failed = await saveRows(companyId, rows);
      await imports.finishChunk(companyId, importId, chunk, { succeeded: rows.length - failed.length, failed, rows: rows.length });
      await finish(companyId, importId, record);
    },

    /** Worker side: ends the import once every chunk is recorded (also after the job engine recorded chunks that never ran). */
    finish: (companyId: string, importId: string) => finish(companyId, importId),
  };

  async function finish(companyId: string, importId: string, known?: EmployeeImport): Promise<void> {
    const record = known ?? (await imports.get(companyId, importId));
    if (!record || record.state !== 'committing') return;
    const done = auditOf({ companyId, loginId: record.createdBy }, 'employee.import.done', importId, { rows: record.total });
    if (await imports.finishIfComplete(companyId, importId, clock.now().toISOString(), done)) {
      await rowsFile.remove(companyId, importId, chunkCount(record));
    }
  }
}

export type ImportService = ReturnType<typeof createImportService>;

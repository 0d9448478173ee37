import { useCallback, useEffect, useRef, useState } from 'react';
import { getAuditExport, searchAudit, startAuditExport } from '../api/audit';
import { errorMessage } from '../api/client';
import type { AuditConditions, AuditEntry, AuditExportJob, AuditPage } from '../api/types';
import { useI18n } from '../i18n';
import { formatZoned, zoneOffsetLabel } from '../lib/zoned';
import { Alert } from './Alert';
import { AuditDetail } from './AuditDetail';
import { AuditTable } from './AuditTable';
import { ClockTable } from './ClockTable';
import { useLatestRequest } from './useLatestRequest';

export const AUDIT_PAGE_SIZE = 100;
const POLL_MS = 1000;

/** Clicks a link to the presigned CSV: the browser saves it (the link names the file). */
function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * The results of one search: where and when, how many, CSV出力, the table (100 a page, 前へ/次へ),
 * and the detail panel. Loading, empty and error each have their own finished look.
 */
export function AuditResults({ conditions, runKey, onPage }: { conditions: AuditConditions; runKey: number; onPage?: (page: AuditPage) => void }) {
  const { t } = useI18n();
  const [page, setPage] = useState<AuditPage | null>(null);
  // cursors[i] opens page i; the first page has none. Later pages keep the first page's window.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const [exportJob, setExportJob] = useState<AuditExportJob | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const windowRef = useRef<{ from: string; to: string } | null>(null);
  const onPageRef = useRef(onPage);
  onPageRef.current = onPage;

  // Only the newest request may draw: an answer to conditions since left (another mode, a quick
  // second search) arrives late and is dropped.
  const beginRequest = useLatestRequest();

  const load = useCallback(
    async (cursor: string | undefined) => {
      const isLatest = beginRequest();
      setLoading(true);
      setError(null);
      try {
        const fixed = cursor && windowRef.current ? { ...conditions, lastDays: undefined, ...windowRef.current } : conditions;
        const next = await searchAudit(fixed, { limit: AUDIT_PAGE_SIZE, cursor });
        if (!isLatest()) return;
        if (!cursor) {
          windowRef.current = { from: next.from, to: next.to };
          onPageRef.current?.(next);
        }
        setPage((before) => (cursor && before ? { ...next, count: before.count, from: before.from, to: before.to } : next));
      } catch (e) {
        if (!isLatest()) return;
        setError(errorMessage(e));
        if (!cursor) setPage(null);
      } finally {
        if (isLatest()) setLoading(false);
      }
    },
    [conditions, beginRequest],
  );

  useEffect(() => {
    setCursors([undefined]);
    setExportJob(null);
    setExportError(null);
    void load(undefined);
  }, [load, runKey]);

  // While an export runs, follow it; once its file is there, save it.
  useEffect(() => {
    if (!exportJob || exportJob.download || exportJob.state === 'failed') return;
    const timer = setTimeout(async () => {
      try {
        const next = await getAuditExport(exportJob.jobId);
        setExportJob(next);
        if (next.download) download(next.download.url);
      } catch (e) {
        setExportError(errorMessage(e));
        setExportJob(null);
      }
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [exportJob]);

  async function exportCsv() {
    if (!page) return;
    setExportError(null);
    try {
      // The window on screen, not "now": the file lists exactly what the search listed.
      setExportJob(await startAuditExport({ ...conditions, lastDays: undefined, from: page.from, to: page.to }));
    } catch (e) {
      setExportError(errorMessage(e));
    }
  }

  function next() {
    if (!page?.nextCursor) return;
    setCursors([...cursors, page.nextCursor]);
    void load(page.nextCursor);
  }

  function previous() {
    if (cursors.length <= 1) return;
    const stack = cursors.slice(0, -1);
    setCursors(stack);
    void load(stack[stack.length - 1]);
  }

  const pageIndex = cursors.length - 1;
  const items = page?.items ?? [];
  const first = pageIndex * AUDIT_PAGE_SIZE + 1;
  const zone = page?.timeZone ?? 'Asia/Tokyo';
  const exporting = exportJob !== null && !exportJob.download && exportJob.state !== 'failed';
  const countText =
    page === null ? '' : page.count !== null ? t('logs.count', { n: page.count.toLocaleString() }) : t('logs.countAtLeast', { n: (first + items.length - 1).toLocaleString() });

  return (
    <section className="audit-results" aria-busy={loading} aria-label={t('logs.title')}>
      <div className="audit-summary">
        <div className="audit-window">
          {page && (
            <>
              <span className="audit-window-range" data-testid="audit-window">
                {t('logs.window', { from: formatZoned(page.from, zone, false), to: formatZoned(page.to, zone, false) })}
              </span>
              <span className="muted" data-testid="audit-zone">
                {t(page.zoneOf === 'group' ? 'logs.zoneOfGroup' : 'logs.zoneLabel', { zone, offset: zoneOffsetLabel(zone) })}
              </span>
              <strong className="audit-count" data-testid="audit-count">
                {countText}
              </strong>
            </>
          )}
        </div>
        <div className="audit-export">
          {/* A mode that may not be exported says why, beside the button. */}
          {page && !page.exportable && (
            <span className="field-hint" id="audit-export-reason" data-testid="audit-export-reason">
              {t(page.mode === 'attendance' ? 'logs.exportNotAllowedAttendance' : 'logs.exportNotAllowed')}
            </span>
          )}
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => void exportCsv()}
            disabled={!page || loading || exporting || !page.exportable || items.length === 0}
            aria-describedby={page && !page.exportable ? 'audit-export-reason' : undefined}
          >
            {exporting ? t('logs.exporting', { done: exportJob.progress.done, total: exportJob.progress.total }) : t('logs.export')}
          </button>
        </div>
      </div>
      {exportError && <Alert kind="error">{exportError}</Alert>}
      {exportJob?.state === 'failed' && <Alert kind="error">{t('logs.exportFailed')}</Alert>}
      {exportJob?.download && (
        <Alert kind="success">
          <p>{t('logs.exportReady', { rows: exportJob.rows.toLocaleString() })}</p>
          <a className="btn btn-secondary btn-small" href={exportJob.download.url} data-testid="audit-export-link">
            {t('logs.exportLink')}
          </a>
        </Alert>
      )}
      {error && <Alert kind="error">{error}</Alert>}

      <div className="card card-flush">
        {page && items.length > 0 && (page.mode === 'attendance' ? <ClockTable items={items} timeZone={zone} onOpen={setOpen} /> : <AuditTable items={items} timeZone={zone} onOpen={setOpen} />)}
        {page && items.length === 0 && !loading && (
          <div className="empty audit-empty" data-testid="audit-empty">
            <p className="audit-empty-title">{t('logs.empty')}</p>
            <p className="muted">{t('logs.emptyHint')}</p>
          </div>
        )}
        {loading && !page && <p className="empty">{t('common.loading')}</p>}
        {!loading && !page && error && <p className="empty">{t('logs.emptyHint')}</p>}
      </div>

      {(items.length > 0 || pageIndex > 0) && (
      <div className="pager">
        <span className="pager-range" data-testid="audit-range">
          {items.length > 0 ? t('logs.range', { from: first.toLocaleString(), to: (first + items.length - 1).toLocaleString() }) : ''}
        </span>
        <button type="button" className="btn btn-secondary" onClick={previous} disabled={loading || pageIndex === 0}>
          {t('list.previous')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={next} disabled={loading || !page?.nextCursor}>
          {t('list.next')}
        </button>
      </div>
      )}

      {open && <AuditDetail entry={open} timeZone={zone} onClose={() => setOpen(null)} />}
    </section>
  );
}

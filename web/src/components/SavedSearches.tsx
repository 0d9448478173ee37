import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { AUDIT_GROUP_LABELS, type AuditGroup } from '../../../functions/core/audit/actions';
import { createSavedSearch, deleteSavedSearch, listSavedSearches, renameSavedSearch } from '../api/audit';
import { errorMessage } from '../api/client';
import type { AuditConditions, SavedSearch } from '../api/types';
import { useI18n } from '../i18n';
import { formatZoned } from '../lib/zoned';
import { Alert } from './Alert';
import { ConfirmDialog } from './ConfirmDialog';

const MAX = 20;
const DAY_MS = 86_400_000;

/** A saved search in a line: 過去30日間 ・ サインイン ・ 失敗 ・ 操作：yamada. */
function useSummary() {
  const { t, lang } = useI18n();
  return (c: AuditConditions, zone: string, labels: Record<string, string>) => {
    const parts: string[] = [];
    parts.push(c.lastDays !== undefined ? t('logs.summary.lastDays', { days: c.lastDays }) : c.from && c.to ? t('logs.summary.fixed', { from: formatZoned(c.from, zone, false).slice(0, 10), to: formatZoned(c.to, zone, false).slice(0, 10) }) : t('logs.summary.lastDays', { days: 30 }));
    const groups = (c.groups ?? []).map((g) => AUDIT_GROUP_LABELS[g as AuditGroup]?.[lang] ?? g);
    if (groups.length) parts.push(groups.join('、'));
    if (c.actions?.length) parts.push(t('logs.summary.actions', { n: c.actions.length }));
    if (!groups.length && !c.actions?.length) parts.push(t('logs.summary.all'));
    if (c.result) parts.push(t(`logs.result.${c.result}`));
    const who = (id?: string, login?: string) => (id ? (labels[id] ?? id) : login ? t('logs.userLogin', { login }) : undefined);
    const actor = who(c.actor, c.actorLogin);
    const target = who(c.target, c.targetLogin);
    if (actor) parts.push(t('logs.summary.actor', { who: actor }));
    if (target) parts.push(t('logs.summary.target', { who: target }));
    return parts.join(' ・ ');
  };
}

type Editing = { kind: 'save' } | { kind: 'rename'; search: SavedSearch } | { kind: 'delete'; search: SavedSearch };

/** 検索条件の保存: the admin's own saved searches, run, renamed and deleted here (20 at most). */
export function SavedSearches({ current, shown, zone, labels, onRun }: { current: AuditConditions; shown: { from: string; to: string } | null; zone: string; labels: Record<string, string>; onRun: (c: AuditConditions) => void }) {
  const { t } = useI18n();
  const summary = useSummary();
  const [items, setItems] = useState<SavedSearch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);

  useEffect(() => {
    listSavedSearches()
      .then(setItems)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  const full = (items?.length ?? 0) >= MAX;
  return (
    <section className="card saved-searches" aria-labelledby="saved-searches-title" data-testid="saved-searches">
      <div className="saved-head">
        <h2 id="saved-searches-title" className="card-title">
          {t('logs.saved.title')}
          {items && <span className="card-title-note">{t('logs.saved.count', { n: items.length, max: MAX })}</span>}
        </h2>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => (setNotice(null), setEditing({ kind: 'save' }))} disabled={!items || full} title={full ? t('logs.saved.full', { max: MAX }) : undefined}>
          {t('logs.save')}
        </button>
      </div>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      {items && items.length === 0 && <p className="muted saved-empty">{t('logs.saved.empty', { max: MAX })}</p>}
      {items && items.length > 0 && (
        <ul className="saved-list">
          {items.map((s) => (
            <li key={s.searchId} className="saved-item">
              <div className="saved-text">
                <span className="saved-name">{s.name}</span>
                <span className="saved-summary muted">{summary(s.conditions, zone, labels)}</span>
              </div>
              <div className="row-actions">
                <button type="button" className="btn btn-primary btn-small" onClick={() => onRun(s.conditions)} aria-label={`${t('logs.saved.run')}: ${s.name}`}>
                  {t('logs.saved.run')}
                </button>
                <button type="button" className="btn btn-secondary btn-small" onClick={() => (setNotice(null), setEditing({ kind: 'rename', search: s }))} aria-label={`${t('logs.saved.rename')}: ${s.name}`}>
                  {t('logs.saved.rename')}
                </button>
                <button type="button" className="btn btn-secondary btn-small" onClick={() => (setNotice(null), setEditing({ kind: 'delete', search: s }))} aria-label={`${t('logs.saved.delete')}: ${s.name}`}>
                  {t('logs.saved.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing?.kind === 'save' && (
        <SaveDialog
          current={current}
          shown={shown}
          zone={zone}
          onCancel={() => setEditing(null)}
          onSaved={(s) => {
            setItems((list) => [s, ...(list ?? [])]);
            setNotice(t('logs.saved.saved', { name: s.name }));
            setEditing(null);
          }}
        />
      )}
      {editing?.kind === 'rename' && (
        <NameDialog
          title={t('logs.saved.renameTitle')}
          initial={editing.search.name}
          onCancel={() => setEditing(null)}
          onSubmit={async (name) => {
            const saved = await renameSavedSearch(editing.search.searchId, name);
            setItems((list) => (list ?? []).map((s) => (s.searchId === saved.searchId ? saved : s)));
            setEditing(null);
          }}
        />
      )}
      {editing?.kind === 'delete' && (
        <ConfirmDelete
          search={editing.search}
          onCancel={() => setEditing(null)}
          onDeleted={() => {
            setItems((list) => (list ?? []).filter((s) => s.searchId !== editing.search.searchId));
            setEditing(null);
          }}
        />
      )}
    </section>
  );
}

function SaveDialog({ current, shown, zone, onCancel, onSaved }: { current: AuditConditions; shown: { from: string; to: string } | null; zone: string; onCancel: () => void; onSaved: (s: SavedSearch) => void }) {
  const { t } = useI18n();
  const relativeDays = current.lastDays ?? (current.from && current.to ? Math.max(1, Math.min(100, Math.round((Date.parse(current.to) - Date.parse(current.from)) / DAY_MS))) : 30);
  const fixed = current.from && current.to ? { from: current.from, to: current.to } : shown;
  const [relative, setRelative] = useState(current.lastDays !== undefined || !fixed);
  const { lastDays: _l, from: _f, to: _t, ...rest } = current;
  const day = (iso: string) => formatZoned(iso, zone, false).slice(0, 10);
  return (
    <NameDialog
      title={t('logs.saved.saveTitle')}
      initial=""
      onCancel={onCancel}
      onSubmit={async (name) => onSaved(await createSavedSearch(name, relative || !fixed ? { lastDays: relativeDays, ...rest } : { ...fixed, ...rest }))}
    >
      {fixed && (
        <fieldset className="field">
          <legend className="field-label">{t('logs.saved.periodLabel')}</legend>
          <label className="check saved-choice">
            <input type="radio" name="saved-period" checked={relative} onChange={() => setRelative(true)} />
            {t('logs.saved.relative', { days: relativeDays })}
          </label>
          <label className="check saved-choice">
            <input type="radio" name="saved-period" checked={!relative} onChange={() => setRelative(false)} />
            {t('logs.saved.fixed', { from: day(fixed.from), to: day(fixed.to) })}
          </label>
        </fieldset>
      )}
    </NameDialog>
  );
}

function NameDialog({ title, initial, onCancel, onSubmit, children }: { title: string; initial: string; onCancel: () => void; onSubmit: (name: string) => Promise<void>; children?: ReactNode }) {
  const { t } = useI18n();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!name.trim()) {
      setError(t('logs.saved.nameMissing'));
      return;
    }
    setBusy(true);
    try {
      await onSubmit(name.trim());
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog title={title} confirmLabel={t('logs.saved.submit')} onConfirm={() => void submit()} onCancel={onCancel} busy={busy}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className={`field${error ? ' has-error' : ''}`}>
          <div className="field-label">
            <label htmlFor="saved-name">{t('logs.saved.name')}</label>
          </div>
          <input id="saved-name" type="text" value={name} maxLength={50} autoFocus onChange={(e) => (setName(e.target.value), setError(null))} aria-invalid={Boolean(error)} aria-describedby={error ? 'saved-name-error' : undefined} />
          {error && (
            <p id="saved-name-error" className="field-error">
              {error}
            </p>
          )}
        </div>
        {children}
      </form>
    </ConfirmDialog>
  );
}

function ConfirmDelete({ search, onCancel, onDeleted }: { search: SavedSearch; onCancel: () => void; onDeleted: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function remove() {
    setBusy(true);
    try {
      await deleteSavedSearch(search.searchId);
      onDeleted();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog title={t('logs.saved.deleteTitle')} confirmLabel={t('logs.saved.delete')} onConfirm={() => void remove()} onCancel={onCancel} danger busy={busy}>
      <p>{t('logs.saved.deleteBody', { name: search.name })}</p>
      {error && <Alert kind="error">{error}</Alert>}
    </ConfirmDialog>
  );
}

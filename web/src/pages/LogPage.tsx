import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { AuditAction } from '../../../functions/core/audit/actions';
import { getEmployee } from '../api/employees';
import type { AuditConditions, AuditPage } from '../api/types';
import { ActionPicker, fromGroupsAndActions, toGroupsAndActions } from '../components/ActionPicker';
import { AdminLayout } from '../components/AdminLayout';
import { AuditResults } from '../components/AuditResults';
import { SavedSearches } from '../components/SavedSearches';
import { UserPicker, userLabel, type PickedUser } from '../components/UserPicker';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { dayEnd, dayStart, zonedDay } from '../lib/zoned';
import { Link, navigate, useLocation } from '../router';
import '../audit.css';

export const PRESETS = [1, 7, 30, 100] as const;
const DEFAULT_DAYS = 30;
const DEFAULT_ZONE = 'Asia/Tokyo';

/** The search lives in the address: a reload, 戻る and a saved search all land on the same results. */
export function logsHref(c: AuditConditions): string {
  const params = new URLSearchParams();
  if (c.lastDays !== undefined && c.lastDays !== DEFAULT_DAYS) params.set('lastDays', String(c.lastDays));
  if (c.from) params.set('from', c.from);
  if (c.to) params.set('to', c.to);
  if (c.groups?.length) params.set('groups', c.groups.join(','));
  if (c.actions?.length) params.set('actions', c.actions.join(','));
  for (const key of ['actor', 'actorLogin', 'target', 'targetLogin', 'result'] as const) if (c[key]) params.set(key, c[key]!);
  if (c.mode === 'attendance') params.set('mode', 'attendance');
  const qs = params.toString();
  return qs ? `/admin/logs?${qs}` : '/admin/logs';
}

function conditionsOf(search: URLSearchParams): AuditConditions {
  const list = (k: string) => (search.get(k) ?? '').split(',').filter(Boolean);
  const from = search.get('from') ?? undefined;
  const to = search.get('to') ?? undefined;
  const lastDays = Number(search.get('lastDays'));
  const result = search.get('result');
  return {
    ...(from && to ? { from, to } : { lastDays: Number.isInteger(lastDays) && lastDays > 0 ? lastDays : DEFAULT_DAYS }),
    ...(list('groups').length ? { groups: list('groups') } : {}),
    ...(list('actions').length ? { actions: list('actions') } : {}),
    ...Object.fromEntries((['actor', 'actorLogin', 'target', 'targetLogin'] as const).flatMap((k) => (search.get(k) ? [[k, search.get(k)!]] : []))),
    ...(result === 'success' || result === 'failure' ? { result } : {}),
    ...(search.get('mode') === 'attendance' ? { mode: 'attendance' as const } : {}),
  };
}

/** /admin/logs: ログ表示 (admins and viewers; saved searches are admins'). */
export function LogPage() {
  return (
    <AdminLayout>
      <Logs />
    </AdminLayout>
  );
}

interface Draft {
  period: number | 'custom';
  fromDay: string;
  toDay: string;
  actions: Set<AuditAction>;
  actor: PickedUser | null;
  target: PickedUser | null;
  result: '' | 'success' | 'failure';
}

function Logs() {
  const { t } = useI18n();
  useTitle(t('logs.title'));
  const session = useSession();
  const isAdmin = session?.account.role === 'admin';
  const { search } = useLocation();
  const query = search.toString();
  const conditions = useMemo(() => conditionsOf(new URLSearchParams(query)), [query]);
  const [runKey, setRunKey] = useState(0);
  const [zone, setZone] = useState(DEFAULT_ZONE);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [draft, setDraft] = useState<Draft>(() => draftOf(conditions, DEFAULT_ZONE, {}));
  const [formError, setFormError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ from: string; to: string } | null>(null);

  // People named by id (a reload, a saved search) are shown by name.
  useEffect(() => {
    for (const id of [conditions.actor, conditions.target]) {
      if (!id || labels[id]) continue;
      getEmployee(id)
        .then((e) => setLabels((l) => ({ ...l, [id]: userLabel(e) })))
        .catch(() => setLabels((l) => ({ ...l, [id]: id })));
    }
  }, [conditions.actor, conditions.target]);

  useEffect(() => {
    setDraft(draftOf(conditions, zone, labels));
    setFormError(null);
  }, [conditions, zone, labels]);

  function onPage(page: AuditPage) {
    setZone(page.timeZone);
    setShown({ from: page.from, to: page.to });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const next = conditionsOfDraft(draft, zone, attendance);
    if (!next) {
      setFormError(t('logs.periodHint', { zone }));
      return;
    }
    const href = logsHref(next);
    if (href === logsHref(conditions)) setRunKey((k) => k + 1);
    else navigate(href, { replace: false });
  }

  function change(patch: Partial<Draft>) {
    setDraft((d) => ({ ...d, ...patch }));
    setFormError(null);
  }

  const custom = draft.period === 'custom';
  const attendance = conditions.mode === 'attendance';
  return (
    <>
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('logs.title')}</h1>
          <p className="page-sub">{t('logs.lead')}</p>
        </div>
      </div>

      <nav className="tabs audit-modes" aria-label={t('logs.modes')}>
        <Link to="/admin/logs" className={`tab${attendance ? '' : ' tab-active'}`} aria-current={attendance ? undefined : 'page'}>
          {t('logs.mode.all')}
        </Link>
        <Link to="/admin/logs?mode=attendance" className={`tab${attendance ? ' tab-active' : ''}`} aria-current={attendance ? 'page' : undefined}>
          {t('logs.mode.attendance')}
        </Link>
      </nav>
      {attendance && <p className="section-hint">{t('logs.attendanceLead')}</p>}

      {isAdmin && <SavedSearches current={conditions} shown={shown} zone={zone} labels={labels} onRun={(c) => (logsHref(c) === logsHref(conditions) ? setRunKey((k) => k + 1) : navigate(logsHref(c)))} />}

      <form className="card audit-form" role="search" aria-label={t('logs.conditions')} onSubmit={submit}>
        <div className="audit-form-grid">
          <div className="toolbar-field audit-period">
            <label htmlFor="logs-period">{t('logs.period')}</label>
            <div className="audit-period-row">
              <select id="logs-period" value={String(draft.period)} onChange={(e) => change({ period: e.target.value === 'custom' ? 'custom' : Number(e.target.value) })}>
                {PRESETS.map((d) => (
                  <option key={d} value={d}>
                    {t(`logs.period.${d}`)}
                  </option>
                ))}
                {typeof draft.period === 'number' && !(PRESETS as readonly number[]).includes(draft.period) && (
                  <option value={draft.period}>{t('logs.summary.lastDays', { days: draft.period })}</option>
                )}
                <option value="custom">{t('logs.period.custom')}</option>
              </select>
              {custom && (
                <>
                  <input type="date" aria-label={t('logs.from')} value={draft.fromDay} onChange={(e) => change({ fromDay: e.target.value })} />
                  <span aria-hidden="true">〜</span>
                  <input type="date" aria-label={t('logs.to')} value={draft.toDay} onChange={(e) => change({ toDay: e.target.value })} />
                </>
              )}
            </div>
            {custom && <span className="audit-period-hint">{t('logs.periodHint', { zone })}</span>}
          </div>
          {!attendance && (
            <div className="toolbar-field">
              <label htmlFor="logs-actions">{t('logs.operations')}</label>
              <ActionPicker id="logs-actions" value={draft.actions} onChange={(actions) => change({ actions })} />
            </div>
          )}
          {/* 出退勤ログ検索: clock events all succeed and concern the employee who clocked: period and 社員 only. */}
          {!attendance && (
            <div className="toolbar-field">
              <label htmlFor="logs-result">{t('logs.result')}</label>
              <select id="logs-result" value={draft.result} onChange={(e) => change({ result: e.target.value as Draft['result'] })}>
                <option value="">{t('logs.result.all')}</option>
                <option value="success">{t('logs.result.success')}</option>
                <option value="failure">{t('logs.result.failure')}</option>
              </select>
            </div>
          )}
          <div className="toolbar-field">
            <label htmlFor="logs-actor">{attendance ? t('clock.col.employee') : t('logs.actor')}</label>
            <UserPicker id="logs-actor" label={attendance ? t('clock.col.employee') : t('logs.actor')} value={draft.actor} onChange={(actor) => change({ actor })} />
          </div>
          {!attendance && (
            <div className="toolbar-field">
              <label htmlFor="logs-target">{t('logs.target')}</label>
              <UserPicker id="logs-target" label={t('logs.target')} value={draft.target} onChange={(target) => change({ target })} />
            </div>
          )}
        </div>
        {formError && <p className="field-error">{formError}</p>}
        <div className="audit-form-actions">
          <button type="submit" className="btn btn-primary">
            {t('logs.search')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => navigate(attendance ? '/admin/logs?mode=attendance' : '/admin/logs')}>
            {t('logs.reset')}
          </button>
        </div>
      </form>

      <AuditResults conditions={conditions} runKey={runKey} onPage={onPage} />
    </>
  );
}

function draftOf(c: AuditConditions, zone: string, labels: Record<string, string>): Draft {
  const now = new Date().toISOString();
  const preset = c.lastDays !== undefined && (PRESETS as readonly number[]).includes(c.lastDays);
  const fromIso = c.from ?? new Date(Date.now() - (c.lastDays ?? DEFAULT_DAYS) * 86_400_000).toISOString();
  const person = (id?: string, login?: string): PickedUser | null => (id ? { accountId: id, label: labels[id] ?? '…' } : login ? { login } : null);
  return {
    period: preset ? c.lastDays! : c.lastDays !== undefined ? c.lastDays : 'custom',
    fromDay: zonedDay(fromIso, zone),
    toDay: zonedDay(c.to ?? now, zone),
    actions: fromGroupsAndActions(c.groups, c.actions),
    actor: person(c.actor, c.actorLogin),
    target: person(c.target, c.targetLogin),
    result: c.result ?? '',
  };
}

/** The draft as conditions; undefined when the chosen dates are no range. */
function conditionsOfDraft(d: Draft, zone: string, attendance: boolean): AuditConditions | undefined {
  // 出退勤ログ検索 reads the clock events only: no operation to choose.
  const { groups, actions } = attendance ? { groups: [], actions: [] } : toGroupsAndActions(d.actions);
  const base: AuditConditions = {
    ...(attendance ? { mode: 'attendance' as const } : {}),
    ...(groups.length ? { groups } : {}),
    ...(actions.length ? { actions } : {}),
    ...(d.actor ? ('accountId' in d.actor ? { actor: d.actor.accountId } : { actorLogin: d.actor.login }) : {}),
    ...(d.target && !attendance ? ('accountId' in d.target ? { target: d.target.accountId } : { targetLogin: d.target.login }) : {}),
    ...(d.result && !attendance ? { result: d.result } : {}),
  };
  if (d.period !== 'custom') return { lastDays: d.period, ...base };
  if (!d.fromDay || !d.toDay || d.fromDay > d.toDay) return undefined;
  return { from: dayStart(d.fromDay, zone), to: dayEnd(d.toDay, zone), ...base };
}

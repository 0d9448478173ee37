import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { createGroup, deleteGroup, listGroups, updateGroup, type Factor, type Group, type GroupLanguage, type GroupWrite } from '../api/groups';
import { AdminLayout } from '../components/AdminLayout';
import { SettingsTabs } from '../components/SettingsTabs';
import { Alert } from '../components/Alert';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { SimpleTable } from '../components/SimpleTable';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import '../groups.css';

/** The zones offered in the select: Japan first, then the places Japanese companies most often have staff. */
export const TIME_ZONES = [
  'Asia/Tokyo', 'UTC', 'Asia/Seoul', 'Asia/Shanghai', 'Asia/Taipei', 'Asia/Hong_Kong', 'Asia/Singapore', 'Asia/Bangkok', 'Asia/Ho_Chi_Minh', 'Asia/Jakarta', 'Asia/Manila',
  'Asia/Kolkata', 'Australia/Sydney', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Pacific/Honolulu',
] as const;

const FACTORS: readonly Factor[] = ['password', 'otp'];
const other = (f: Factor): Factor => (f === 'password' ? 'otp' : 'password');
const NEW_GROUP: GroupWrite = { name: '', firstFactor: 'password', secondFactor: null, timeZone: 'Asia/Tokyo', language: 'ja' };

/** The sign-in method in words: 「パスワード＋ワンタイムパスワード」, 「パスワードのみ」. */
export function methodLabel(t: (key: MessageKey, params?: Record<string, string | number>) => string, g: Pick<Group, 'firstFactor' | 'secondFactor'>): string {
  return g.secondFactor ? t('groups.method.both', { first: t(`groups.factor.${g.firstFactor}`), second: t(`groups.factor.${g.secondFactor}`) }) : t('groups.method.only', { first: t(`groups.factor.${g.firstFactor}`) });
}

/** A zone with its offset now, e.g. 「Asia/Tokyo（UTC+09:00）」. */
export function zoneLabel(zone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value;
    const offset = !part || part === 'GMT' ? 'UTC+00:00' : part.replace('GMT', 'UTC');
    return `${zone}（${offset}）`;
  } catch {
    return zone;
  }
}

/** /admin/groups: グループ設定 — each group's sign-in method at the PC logon, its time zone and language, and its members. */
export function GroupsPage() {
  return (
    <AdminLayout>
      <Groups />
    </AdminLayout>
  );
}

function Groups() {
  const { t } = useI18n();
  useTitle(t('groups.title'));
  const canWrite = useSession()?.account.role === 'admin';
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Group | null>(null);

  async function load() {
    try {
      setGroups(await listGroups());
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  useEffect(() => void load(), []);

  function saved(group: Group, created: boolean) {
    setEditing(null);
    setNotice(t(created ? 'groups.created' : 'groups.saved', { name: group.name }));
    void load();
  }

  return (
    <>
      <div className="page-head">
        <h1 className="page-title">{t('settings.title')}</h1>
      </div>
      {canWrite && <SettingsTabs />}
      <div className="page-head">
        <h2 className="card-title">{t('groups.title')}</h2>
        <div className="page-actions">
          {canWrite && (
            <button type="button" className="btn btn-primary" onClick={() => { setNotice(null); setEditing('new'); }} data-testid="group-new">
              {t('groups.new')}
            </button>
          )}
        </div>
      </div>
      <p className="page-sub groups-lead">{t('groups.lead')}</p>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}

      <section className="card card-flush" aria-busy={groups === null}>
        {groups === null ? (
          <p className="empty">{t('common.loading')}</p>
        ) : (
          <SimpleTable
            rows={groups}
            rowKey={(g) => g.groupId}
            rowProps={(g) => ({ 'data-group': g.name })}
            empty={canWrite ? t('groups.emptyAdmin') : t('groups.empty')}
            testId="groups-table"
            columns={[
              { header: t('groups.col.name'), className: 'group-name', col: 'name', cell: (g) => g.name },
              { header: t('groups.col.method'), className: 'nowrap', col: 'method', cell: (g) => methodLabel(t, g) },
              { header: t('groups.col.timeZone'), className: 'nowrap', col: 'timeZone', cell: (g) => zoneLabel(g.timeZone) },
              { header: t('groups.col.language'), className: 'nowrap', col: 'language', cell: (g) => t(`groups.language.${g.language}`) },
              {
                header: t('groups.col.members'),
                className: 'num nowrap',
                col: 'members',
                cell: (g) => (
                  <Link to={`/admin/employees?groupId=${encodeURIComponent(g.groupId)}`} title={t('groups.membersLink')}>
                    {t('groups.memberCount', { n: g.memberCount })}
                  </Link>
                ),
              },
              canWrite && {
                header: t('groups.col.actions'),
                hiddenHeader: true,
                className: 'nowrap actions-cell',
                cell: (g) => (
                  <>
                    <button type="button" className="btn btn-secondary btn-small" onClick={() => (setNotice(null), setEditing(g))}>
                      {t('groups.edit')}
                    </button>{' '}
                    <button type="button" className="btn btn-danger btn-small" onClick={() => (setNotice(null), setDeleting(g))}>
                      {t('groups.delete')}
                    </button>
                  </>
                ),
              },
            ]}
          />
        )}
      </section>
      {canWrite && <p className="section-hint">{t('groups.assignHint')} <Link to="/admin/employees">{t('nav.employees')}</Link></p>}

      {editing && <GroupDialog group={editing === 'new' ? null : editing} onCancel={() => setEditing(null)} onSaved={saved} />}
      {deleting && (
        <DeleteDialog
          group={deleting}
          onCancel={() => setDeleting(null)}
          onDeleted={() => {
            setNotice(t('groups.deleted', { name: deleting.name }));
            setDeleting(null);
            void load();
          }}
        />
      )}
    </>
  );
}

/** Two big tiles, one chosen: a radio group drawn as cards. */
function Tiles<T extends string>({ name, legend, value, options, onChange }: { name: string; legend: string; value: T; options: ReadonlyArray<{ value: T; title: string; hint: string }>; onChange: (v: T) => void }) {
  return (
    <fieldset className="factor-tiles">
      <legend className="field-label">{legend}</legend>
      <div className="factor-tiles-row" role="radiogroup" aria-label={legend}>
        {options.map((o) => (
          <label key={o.value} className={`factor-tile${value === o.value ? ' checked' : ''}`} data-testid={`${name}-${o.value}`}>
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            <span className="factor-tile-title">{o.title}</span>
            <span className="factor-tile-hint">{o.hint}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function GroupDialog({ group, onCancel, onSaved }: { group: Group | null; onCancel: () => void; onSaved: (g: Group, created: boolean) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<GroupWrite>(group ? { name: group.name, firstFactor: group.firstFactor, secondFactor: group.secondFactor, timeZone: group.timeZone, language: group.language } : NEW_GROUP);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const zones: readonly string[] = (TIME_ZONES as readonly string[]).includes(form.timeZone) ? TIME_ZONES : [form.timeZone, ...TIME_ZONES];

  const factorHint = (f: Factor) => t(`groups.factorHint.${f}`);
  const setFirst = (firstFactor: Factor) => setForm((f) => ({ ...f, firstFactor, secondFactor: f.secondFactor === firstFactor ? null : f.secondFactor }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const name = form.name.trim();
    if (!name) {
      setFieldErrors({ name: t('groups.nameRequired') });
      return;
    }
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const input = { ...form, name };
      const saved = group ? await updateGroup(group.groupId, { ...input, version: group.version }) : await createGroup(input);
      onSaved(saved, !group);
    } catch (e) {
      const field = e instanceof ApiError ? (e.details as { field?: string } | undefined)?.field : undefined;
      if (field) setFieldErrors({ [field]: errorMessage(e) });
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={group ? t('groups.editTitle') : t('groups.newTitle')}
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="group-form" className="btn btn-primary" disabled={busy} data-testid="group-save">
            {busy ? t('common.working') : group ? t('groups.save') : t('groups.create')}
          </button>
        </>
      }
    >
      <form id="group-form" className="group-form" onSubmit={(e) => void submit(e)} noValidate>
        {error && <Alert kind="error">{error}</Alert>}
        <Field id="group-name" label={t('groups.field.name')} required error={fieldErrors.name} hint={t('groups.field.nameHint')}>
          {(control) => <input {...control} type="text" className="input-wide" maxLength={50} value={form.name} autoFocus onChange={(e) => setForm({ ...form, name: e.target.value })} />}
        </Field>
        <Tiles
          name="first-factor"
          legend={t('groups.field.first')}
          value={form.firstFactor}
          options={FACTORS.map((f) => ({ value: f, title: t(`groups.factor.${f}`), hint: factorHint(f) }))}
          onChange={setFirst}
        />
        <Tiles
          name="second-factor"
          legend={t('groups.field.second')}
          value={form.secondFactor ?? 'none'}
          options={[
            { value: 'none', title: t('groups.factor.none'), hint: t('groups.factorHint.none', { first: t(`groups.factor.${form.firstFactor}`) }) },
            { value: other(form.firstFactor), title: t(`groups.factor.${other(form.firstFactor)}`), hint: t('groups.factorHint.second') },
          ]}
          onChange={(v) => setForm({ ...form, secondFactor: v === 'none' ? null : (v as Factor) })}
        />
        <p className="group-summary" data-testid="group-summary">
          {t('groups.summary', { method: methodLabel(t, form) })}
        </p>
        {fieldErrors.secondFactor && <p className="field-error">{fieldErrors.secondFactor}</p>}
        <div className="group-form-row">
          <Field id="group-time-zone" label={t('groups.field.timeZone')} error={fieldErrors.timeZone}>
            {(control) => (
              <select {...control} value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })}>
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {zoneLabel(z)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="group-language" label={t('groups.field.language')} error={fieldErrors.language}>
            {(control) => (
              <select {...control} value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value as GroupLanguage })}>
                <option value="ja">{t('groups.language.ja')}</option>
                <option value="en">{t('groups.language.en')}</option>
              </select>
            )}
          </Field>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteDialog({ group, onCancel, onDeleted }: { group: Group; onCancel: () => void; onDeleted: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteGroup(group.groupId);
      onDeleted();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog
      title={t('groups.deleteTitle', { name: group.name })}
      confirmLabel={t('groups.deleteConfirm')}
      onConfirm={() => void remove()}
      onCancel={onCancel}
      danger
      busy={busy}
      focus="cancel"
      testId="group-delete-confirm"
    >
      <p>{t('groups.deleteBody', { name: group.name })}</p>
      {group.memberCount > 0 && !error && <Alert kind="warning">{t('groups.deleteHasMembers', { n: group.memberCount })}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
    </ConfirmDialog>
  );
}

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { deleteEmployees, exportEmployeesCsv, getEmployeeCounts, listDepartments, listEmployees, type DeletionResult, type ListParams } from '../api/employees';
import { getMe } from '../api/me';
import {
  PASSCODE_STATUSES,
  PASSWORD_STATUSES,
  REGISTRATION_STATUS_LIST,
  VERIFICATION_STATUS_LIST,
  type EmployeePage,
  type PasscodeStatus,
  type PasswordStatus,
  type RegistrationStatus,
  type VerificationStatus,
} from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmployeeTable, mailIssuanceHref } from '../components/EmployeeTable';
import { VerificationCounts } from '../components/VerificationCounts';
import { useLatestRequest } from '../components/useLatestRequest';
import { useMailMode } from '../components/useMailMode';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useFlash } from '../flash';
import { useI18n } from '../i18n';
import { fullName, saveBlob, yyyymmdd } from '../lib/format';
import { rememberListUrl } from '../lib/list-url';
import { Link, navigate, useLocation } from '../router';
import { issuanceHref, passcodeBulkHref, passwordBulkHref } from './IssuancePage';
import { bulkMailHref, mailBulkAllHref } from './MailBulkPage';
import { registrationCodesHref } from './RegistrationCodesPage';
import { GroupAssignment, GroupAssignDialog, useGroups } from '../components/GroupAssignment';

const YES_NO = ['yes', 'no'] as const;
type YesNo = (typeof YES_NO)[number];

export const PAGE_SIZES = [20, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 20;

/** 2段階認証: 設定済, 未設定 or ロック中. */
const MFA_FILTERS = ['active', 'none', 'locked'] as const;
type MfaFilter = (typeof MFA_FILTERS)[number];

interface Filters {
  q: string;
  department: string;
  passwordStatus: PasswordStatus | '';
  passcodeStatus: PasscodeStatus | '';
  verificationStatus: VerificationStatus | '';
  privateEmail: YesNo | '';
  accountIssued: YesNo | '';
  registrationStatus: RegistrationStatus | '';
  mfaStatus: MfaFilter | '';
  /** 所属グループ: a group's id, or `none` (未所属). */
  groupId: string;
  limit: number;
}

/** 社員一覧 showing only one 認証状態 (the links of 認証状態の集計情報). */
export function verificationListHref(status: VerificationStatus): string {
  return `/admin/employees?verificationStatus=${status}`;
}

/** The filters live in the query string, so 戻る from an employee comes back to the same list. */
function listUrl(f: Filters): string {
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.department) params.set('department', f.department);
  if (f.passwordStatus) params.set('passwordStatus', f.passwordStatus);
  if (f.passcodeStatus) params.set('passcodeStatus', f.passcodeStatus);
  if (f.verificationStatus) params.set('verificationStatus', f.verificationStatus);
  if (f.privateEmail) params.set('privateEmail', f.privateEmail);
  if (f.accountIssued) params.set('accountIssued', f.accountIssued);
  if (f.registrationStatus) params.set('registrationStatus', f.registrationStatus);
  if (f.mfaStatus) params.set('mfaStatus', f.mfaStatus);
  if (f.groupId) params.set('groupId', f.groupId);
  if (f.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(f.limit));
  const qs = params.toString();
  return qs ? `/admin/employees?${qs}` : '/admin/employees';
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return (values as readonly string[]).includes(value ?? '') ? (value as T) : '';
}

/** One status filter of the toolbar: すべて, then each value in the list's words. */
function StatusFilter<T extends string>(props: { id: string; label: string; value: T | ''; values: readonly T[]; option: (value: T) => string; onChange: (value: T | '') => void }) {
  const { t } = useI18n();
  return (
    <div className="toolbar-field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} className="select-narrow" value={props.value} onChange={(e) => props.onChange(e.target.value as T | '')}>
        <option value="">{t('list.allStatuses')}</option>
        {props.values.map((v) => (
          <option key={v} value={v}>
            {props.option(v)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function EmployeeListPage() {
  return (
    <AdminLayout>
      <EmployeeList />
    </AdminLayout>
  );
}

function EmployeeList() {
  const { t } = useI18n();
  useTitle(t('list.title'));
  const session = useSession();
  const canWrite = session?.account.role === 'admin';
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const department = search.get('department') ?? '';
  const passwordStatus = oneOf(PASSWORD_STATUSES, search.get('passwordStatus'));
  const passcodeStatus = oneOf(PASSCODE_STATUSES, search.get('passcodeStatus'));
  const verificationStatus = oneOf(VERIFICATION_STATUS_LIST, search.get('verificationStatus'));
  const privateEmail = oneOf(YES_NO, search.get('privateEmail'));
  const accountIssued = oneOf(YES_NO, search.get('accountIssued'));
  const registrationStatus = oneOf(REGISTRATION_STATUS_LIST, search.get('registrationStatus'));
  const mfaStatus = oneOf(MFA_FILTERS, search.get('mfaStatus'));
  const groupId = search.get('groupId') ?? '';
  const groupJob = search.get('groupJob');
  const { groups, reloadGroups } = useGroups();
  const [groupAction, setGroupAction] = useState<'add' | 'remove' | null>(null);
  const [groupJobId, setGroupJobId] = useState<string | null>(groupJob);
  // 未処理の社員で再実行 opens its job here too.
  useEffect(() => {
    if (groupJob) setGroupJobId(groupJob);
  }, [groupJob]);
  const { mail: mailMode } = useMailMode();
  // While the company requires 2FA: how many accounts still have none (from the counters).
  const [mfaUnset, setMfaUnset] = useState<number | null>(null);

  const [showCounts, setShowCounts] = useState(false);
  const [countsKey, setCountsKey] = useState(0);
  const limitParam = Number(search.get('limit'));
  const limit = (PAGE_SIZES as readonly number[]).includes(limitParam) ? limitParam : DEFAULT_PAGE_SIZE;

  const [qInput, setQInput] = useState(q);
  const [departments, setDepartments] = useState<string[]>([]);
  // cursors[i] opens page i; the first page has none.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<EmployeePage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [flash] = useFlash();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // パスワード一括発行 (N) and パスコード一括発行 (N): N from the status counters, never from
  // reading every employee; the jobs take exactly the employees these counters count.
  const [unissued, setUnissued] = useState<{ passwords: number; passcodes: number } | null>(null);
  const [counts, setCounts] = useState<Record<string, number> | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const loadCounts = useCallback(() => {
    const loaded = getEmployeeCounts();
    loaded
      .then((c) => {
        setCounts(c);
        if (canWrite) setUnissued({ passwords: c['password#unissued'] ?? 0, passcodes: c['passcode#unissued'] ?? 0 });
      })
      .catch(() => {
        setCounts(null);
        setUnissued(null);
      });
    // While the company requires 2FA, viewers see the count too (they may read the counters, not 基本設定).
    Promise.all([loaded, getMe()])
      .then(([c, me]) => setMfaUnset(me.mfaEnforcement === 'required' ? (c['mfa#unset'] ?? 0) : null))
      .catch(() => setMfaUnset(null));
  }, [canWrite]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState<{ deleted: number; refused: DeletionResult[] } | null>(null);
  const selfId = session?.account.accountId;
  useEffect(loadCounts, [loadCounts]);
  const filters: Filters = { q, department, passwordStatus, passcodeStatus, verificationStatus, mfaStatus, groupId, privateEmail, accountIssued, registrationStatus, limit };

  const pageIndex = cursors.length - 1;

  // Filters changed quickly (詳細検索, then 表示件数) put several loads in flight; only the last
  // one asked may show its rows, whichever order the answers come in.
  const beginLoad = useLatestRequest();
  const load = useCallback(
    async (cursor: string | undefined) => {
      const isLatest = beginLoad();
      setLoading(true);
      setError(null);
      try {
        // The status filters ride in the query like the others (openapi.yaml).
        const params: ListParams = {
          q: q || undefined,
          department: department || undefined,
          passwordStatus: passwordStatus || undefined,
          passcodeStatus: passcodeStatus || undefined,
          verificationStatus: verificationStatus || undefined,
          privateEmail: privateEmail || undefined,
          accountIssued: accountIssued || undefined,
          registrationStatus: registrationStatus || undefined,
          mfaStatus: mfaStatus || undefined,
          groupId: groupId || undefined,
          limit,
          cursor,
        };
        const next = await listEmployees(params);
        if (!isLatest()) return;
        setPage(next);
        // Keep only the ticks of rows still shown.
        setSelected((s) => new Set(next.items.filter((e) => s.has(e.id)).map((e) => e.id)));
      } catch (e) {
        if (isLatest()) setError(errorMessage(e));
      } finally {
        if (isLatest()) setLoading(false);
      }
    },
    [q, department, passwordStatus, passcodeStatus, verificationStatus, mfaStatus, groupId, privateEmail, accountIssued, registrationStatus, limit, beginLoad],
  );

  // New filters: back to the first page.
  useEffect(() => {
    rememberListUrl(listUrl(filters));
    setQInput(q);
    setCursors([undefined]);
    void load(undefined);
  }, [load, q]);

  useEffect(() => {
    listDepartments()
      .then(setDepartments)
      .catch(() => setDepartments([]));
  }, []);

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    const next = listUrl({ ...filters, q: qInput.trim() });
    if (next === listUrl(filters)) {
      // Same search again: fetch again from the first page.
      setCursors([undefined]);
      void load(undefined);
    } else {
      navigate(next, { replace: true });
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

  function refresh() {
    void load(cursors[cursors.length - 1]);
    loadCounts();
    setCountsKey((k) => k + 1);
    listDepartments()
      .then(setDepartments)
      .catch(() => undefined);
  }

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      saveBlob(await exportEmployeesCsv(), `employees-${yyyymmdd(new Date())}.csv`);
    } catch (e) {
      setExportError(errorMessage(e));
    } finally {
      setExporting(false);
    }
  }

  const items = page?.items ?? [];
  // A filter by 認証状態 shows its column whatever the mode; so does a row only the mail flow gives a status.
  const showVerification =
    mailMode === true || verificationStatus !== '' || (mailMode === 'unknown' && items.some((e) => e.verificationStatus !== 'none' && e.verificationStatus !== 'not_applicable'));
  const advanced = privateEmail !== '' || accountIssued !== '' || registrationStatus !== '';
  // Like 認証状態 in PDF mode, the self-registration columns appear where they say something: once
  // the company has used it, or while 詳細検索 is open (1366 px holds them beside the others in one mode).
  const usesSelfRegistration =
    counts !== null && ['privateEmail#yes', 'registration#issued', 'registration#used', 'registration#expired'].some((k) => (counts[k] ?? 0) > 0);
  const showSelfRegistration = advanced || advancedOpen || usesSelfRegistration;
  const filtered = q !== '' || department !== '' || passwordStatus !== '' || passcodeStatus !== '' || verificationStatus !== '' || mfaStatus !== '' || groupId !== '' || advanced;
  // 所属グループ appears once the company has a group (or while the list is filtered by one).
  const usesGroups = (groups !== null && groups.length > 0) || groupId !== '';
  const groupNames = usesGroups ? new Map((groups ?? []).map((g) => [g.groupId, g.name])) : undefined;

  function toggle(id: string, checked: boolean) {
    setSelected((s) => {
      const next = new Set(s);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  function toggleAll(checked: boolean) {
    // The admin's own row is never ticked: its password is changed on マイページ, and nobody deletes themselves.
    setSelected(checked ? new Set(items.filter((e) => e.id !== selfId).map((e) => e.id)) : new Set());
  }

  const selectedIds = items.filter((e) => selected.has(e.id) && e.id !== selfId).map((e) => e.id);
  const selectedEmployees = items.filter((e) => selectedIds.includes(e.id));

  async function removeSelected() {
    setDeleting(true);
    setError(null);
    try {
      const answer = await deleteEmployees(selectedIds);
      setDeleted({ deleted: answer.deleted, refused: answer.results.filter((r) => r.outcome === 'refused') });
      setSelected(new Set());
      refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setDeleting(false);
      setConfirmDelete(false);
    }
  }
  const from = pageIndex * limit + 1;

  return (
    <>
      <div className="page-head">
        <h1 className="page-title">{t('list.title')}</h1>
        <div className="page-actions">
          {canWrite && (
            <>
              <Link to="/admin/employees/new" className="btn btn-primary">
                {t('list.new')}
              </Link>
              <Link to="/admin/import" className="btn btn-secondary">
                {t('list.import')}
              </Link>
            </>
          )}
          {/* Exporting only reads: viewers may take the list to Excel too. */}
          <button type="button" className="btn btn-secondary" onClick={exportCsv} disabled={exporting}>
            {exporting ? t('list.exporting') : t('list.export')}
          </button>
        </div>
      </div>
      {exportError && <Alert kind="error">{t('list.exportFailed', { message: exportError })}</Alert>}
      {mfaUnset !== null && mfaUnset > 0 && (
        <Alert kind="warning">
          <span data-testid="mfa-unset-count">{t('list.mfaUnset', { n: mfaUnset })}</span>{' '}
          {mfaStatus !== 'none' && <Link to={listUrl({ ...filters, mfaStatus: 'none' })}>{t('list.mfaUnsetLink')}</Link>}
        </Alert>
      )}
      {flash && <Alert kind={flash.kind}>{flash.text}</Alert>}
      {deleted && (
        <Alert kind={deleted.refused.length > 0 ? 'error' : 'success'}>
          <p data-testid="bulk-delete-result">{t('list.deletedN', { n: deleted.deleted })}</p>
          {deleted.refused.length > 0 && (
            <ul className="duplicate-list">
              {deleted.refused.map((r) => (
                <li key={r.employeeId}>
                  {r.employeeCode} {r.name}: {r.message}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}

      <form className="toolbar" role="search" onSubmit={submitSearch}>
        <div className="toolbar-field">
          <label htmlFor="list-q">{t('list.search')}</label>
          <input id="list-q" type="search" value={qInput} placeholder={t('list.searchPlaceholder')} onChange={(e) => setQInput(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-secondary">
          {t('list.searchButton')}
        </button>
        <div className="toolbar-field">
          <label htmlFor="list-department">{t('list.department')}</label>
          <select id="list-department" value={department} onChange={(e) => navigate(listUrl({ ...filters, department: e.target.value }), { replace: true })}>
            <option value="">{t('list.allDepartments')}</option>
            {departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <StatusFilter id="list-password-status" label={t('list.passwordStatus')} value={passwordStatus} values={PASSWORD_STATUSES} option={(v) => t(`passwordStatus.${v}`)} onChange={(v) => navigate(listUrl({ ...filters, passwordStatus: v }), { replace: true })} />
        <StatusFilter id="list-passcode-status" label={t('list.passcodeStatus')} value={passcodeStatus} values={PASSCODE_STATUSES} option={(v) => t(`passcodeStatus.${v}`)} onChange={(v) => navigate(listUrl({ ...filters, passcodeStatus: v }), { replace: true })} />
        <StatusFilter id="list-mfa-status" label={t('list.mfaStatus')} value={mfaStatus} values={MFA_FILTERS} option={(v) => t(`mfa.status.${v}`)} onChange={(v) => navigate(listUrl({ ...filters, mfaStatus: v }), { replace: true })} />
        {usesGroups && (
          <div className="toolbar-field">
            <label htmlFor="list-group">{t('list.group')}</label>
            <select id="list-group" className="select-narrow" value={groupId} onChange={(e) => navigate(listUrl({ ...filters, groupId: e.target.value }), { replace: true })}>
              <option value="">{t('list.allGroups')}</option>
              <option value="none">{t('list.noGroup')}</option>
              {(groups ?? []).map((g) => (
                <option key={g.groupId} value={g.groupId}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {showVerification && (
          <StatusFilter id="list-verification-status" label={t('list.verificationStatus')} value={verificationStatus} values={VERIFICATION_STATUS_LIST} option={(v) => t(`verificationStatus.${v}`)} onChange={(v) => navigate(listUrl({ ...filters, verificationStatus: v }), { replace: true })} />
        )}
        <div className="toolbar-field">
          <label htmlFor="list-limit">{t('list.pageSize')}</label>
          <select id="list-limit" className="select-narrow" value={limit} onChange={(e) => navigate(listUrl({ ...filters, limit: Number(e.target.value) }), { replace: true })}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {t('list.pageSizeOption', { n })}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-spacer" />
        <button type="button" className="btn btn-secondary" onClick={refresh} disabled={loading}>
          {t('list.refresh')}
        </button>
      </form>

      <details className="advanced-search" open={advanced || undefined} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
        <summary>{t('list.advanced')}</summary>
        <div className="toolbar" role="group" aria-label={t('list.advanced')}>
          <StatusFilter id="list-private-email" label={t('list.privateEmail')} value={privateEmail} values={YES_NO} option={(v) => t(`yesNo.${v}`)} onChange={(v) => navigate(listUrl({ ...filters, privateEmail: v }), { replace: true })} />
          <StatusFilter id="list-account-issued" label={t('list.accountIssued')} value={accountIssued} values={YES_NO} option={(v) => t(`yesNo.${v}`)} onChange={(v) => navigate(listUrl({ ...filters, accountIssued: v }), { replace: true })} />
          <StatusFilter id="list-registration-status" label={t('list.registrationStatus')} value={registrationStatus} values={REGISTRATION_STATUS_LIST} option={(v) => t(`registrationStatus.${v}`)} onChange={(v) => navigate(listUrl({ ...filters, registrationStatus: v }), { replace: true })} />
        </div>
        {counts && (
          <p className="self-registration-counts" data-testid="self-registration-counts" title={t('list.selfRegistrationCountsTitle')}>
            {t('list.selfRegistrationCounts', {
              pe: counts['privateEmail#yes'] ?? 0,
              pn: counts['privateEmail#no'] ?? 0,
              ay: counts['account#yes'] ?? 0,
              an: counts['account#no'] ?? 0,
              ri: counts['registration#issued'] ?? 0,
              ru: counts['registration#used'] ?? 0,
            })}
          </p>
        )}
      </details>

      {showVerification && (
        <div className="counts-toggle">
          <button type="button" className="btn btn-link btn-small counts-toggle-button" aria-expanded={showCounts} aria-controls="verification-counts" onClick={() => setShowCounts((v) => !v)}>
            <span aria-hidden="true">{showCounts ? '▾ ' : '▸ '}</span>
            {showCounts ? t('counts.hide') : t('counts.show')}
          </button>
        </div>
      )}
      {showVerification && showCounts && <VerificationCounts key={countsKey} current={verificationStatus} />}

      {error && <Alert kind="error">{error}</Alert>}

      {canWrite && (
        <div className="bulk-bar" role="group" aria-label={t('list.bulkActions')}>
          <button type="button" className="btn btn-secondary" onClick={() => navigate(mailMode === true ? bulkMailHref(selectedIds) : issuanceHref(selectedIds))} disabled={selectedIds.length === 0}>
            {t('list.issueSelected', { n: selectedIds.length })}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="password-bulk"
            onClick={() => navigate(mailMode === true ? mailBulkAllHref() : passwordBulkHref())}
            disabled={unissued === null || unissued.passwords === 0 || mailMode === 'unknown'}
          >
            {t('list.issuePasswordsBulk', { n: unissued?.passwords ?? '…' })}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="passcode-bulk"
            onClick={() => navigate(passcodeBulkHref())}
            disabled={unissued === null || unissued.passcodes === 0}
          >
            {t('list.issuePasscodesBulk', { n: unissued?.passcodes ?? '…' })}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="registration-codes"
            onClick={() => navigate(registrationCodesHref(selectedIds))}
            disabled={selectedIds.length === 0}
          >
            {t('list.issueRegistration', { n: selectedIds.length })}
          </button>
          {groups !== null && groups.length > 0 && (
            <>
              <button type="button" className="btn btn-secondary" data-testid="group-add" onClick={() => setGroupAction('add')}>
                {t('list.groupAdd', { n: selectedIds.length })}
              </button>
              <button type="button" className="btn btn-secondary" data-testid="group-remove" onClick={() => setGroupAction('remove')}>
                {t('list.groupRemove', { n: selectedIds.length })}
              </button>
            </>
          )}
          <div className="toolbar-spacer" />
          {/* Apart from the issue buttons and drawn as a danger: deleting is not a kind of issuing. */}
          <button type="button" className="btn btn-danger btn-delete" onClick={() => setConfirmDelete(true)} disabled={selectedIds.length === 0 || deleting}>
            <span aria-hidden="true" className="btn-icon">
              ✕
            </span>
            {t('list.deleteSelected', { n: selectedIds.length })}
          </button>
        </div>
      )}

      {groupAction && (
        <GroupAssignDialog
          action={groupAction}
          groups={groups ?? []}
          employees={selectedEmployees}
          filter={{
            q: q || undefined, department: department || undefined, passwordStatus: passwordStatus || undefined, passcodeStatus: passcodeStatus || undefined,
            verificationStatus: verificationStatus || undefined, privateEmail: privateEmail || undefined, accountIssued: accountIssued || undefined,
            registrationStatus: registrationStatus || undefined, mfaStatus: mfaStatus || undefined, groupId: groupId || undefined,
          }}
          filtered={filtered}
          onCancel={() => setGroupAction(null)}
          onStarted={(jobId) => {
            setGroupAction(null);
            setSelected(new Set());
            setGroupJobId(jobId);
          }}
        />
      )}
      {groupJobId && (
        <GroupAssignment
          key={groupJobId}
          jobId={groupJobId}
          groups={groups ?? []}
          onEnded={() => {
            refresh();
            reloadGroups();
          }}
          onClose={() => {
            setGroupJobId(null);
            if (groupJob) navigate(listUrl(filters), { replace: true });
          }}
        />
      )}

      {confirmDelete && selectedIds.length > 0 && (
        <ConfirmDialog
          title={t('list.deleteTitle', { n: selectedIds.length })}
          confirmLabel={t('list.deleteConfirm', { n: selectedIds.length })}
          onConfirm={() => void removeSelected()}
          onCancel={() => setConfirmDelete(false)}
          danger
          busy={deleting}
          focus="cancel"
        >
          <p>{t('list.deleteBody', { n: selectedIds.length })}</p>
          <ul className="delete-list" data-testid="delete-list">
            {selectedEmployees.slice(0, 10).map((e) => (
              <li key={e.id}>
                <span className="mono">{e.employeeCode}</span> {fullName(e)}
              </li>
            ))}
            {selectedEmployees.length > 10 && <li className="muted">{t('list.deleteMore', { n: selectedEmployees.length - 10 })}</li>}
          </ul>
          <Alert kind="warning">{t('list.deleteWarning')}</Alert>
        </ConfirmDialog>
      )}

      <section className="card card-flush" aria-busy={loading}>
        {page && items.length === 0 && !loading ? (
          <p className="empty">{filtered ? t('list.emptyFiltered') : canWrite ? t('list.emptyAdmin') : t('list.empty')}</p>
        ) : (
          <EmployeeTable
            items={items}
            selection={
              canWrite
                ? {
                    selected,
                    onToggle: toggle,
                    onToggleAll: toggleAll,
                    selfId,
                    onIssue: (e) => navigate(mailMode === true ? mailIssuanceHref(e.id) : issuanceHref([e.id])),
                    onIssuePasscode: (e) => navigate(issuanceHref([e.id], false, 'passcode')),
                  }
                : undefined
            }
            mailMode={showVerification}
            selfRegistration={showSelfRegistration}
            groupNames={groupNames}
          />
        )}
        {loading && !page && <p className="empty">{t('common.loading')}</p>}
      </section>

      <div className="pager">
        <span className="pager-range" data-testid="pager-range">
          {items.length > 0 ? t('list.range', { page: pageIndex + 1, from, to: from + items.length - 1 }) : ''}
        </span>
        <button type="button" className="btn btn-secondary" onClick={previous} disabled={loading || pageIndex === 0}>
          {t('list.previous')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={next} disabled={loading || !page?.nextCursor}>
          {t('list.next')}
        </button>
      </div>
    </>
  );
}

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { createEmployee, deleteEmployee, getEmployee, listDepartments, updateEmployee } from '../api/employees';
import type { DuplicateHolder, Employee, EmployeeFields } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { MfaDeletionCard } from '../components/MfaDeletionCard';
import { DuplicateDialog } from '../components/DuplicateDialog';
import { EmployeeFieldsets } from '../components/EmployeeFieldsets';
import { fieldErrorsOf, type FieldErrors } from '../components/field-errors';
import { useSession } from '../components/useSession';
import { mailIssuanceHref } from '../components/EmployeeTable';
import { MailReissue } from '../components/MailReissue';
import { useMailMode } from '../components/useMailMode';
import { useTitle } from '../components/useTitle';
import { setFlash, useFlash } from '../flash';
import { useI18n } from '../i18n';
import { fullName } from '../lib/format';
import { listHref } from '../lib/list-url';
import { userLogHref } from '../components/AuditDetail';
import { Link, navigate } from '../router';
import { issuanceHref } from './IssuancePage';

const EMPTY: EmployeeFields = {
  employeeCode: '',
  familyName: '',
  givenName: '',
  familyNameKana: '',
  givenNameKana: '',
  office: '',
  department: '',
  birthDate: '',
  email1: '',
  email2: '',
  email3: '',
  loginId: '',
  role: 'employee',
  accountKind: 'internal',
  enabled: true,
};

/** The fields of an employee a PUT sends back. */
export function fieldsOf(e: Employee): EmployeeFields {
  const { employeeCode, familyName, givenName, familyNameKana, givenNameKana, office, department, birthDate, email1, email2, email3, loginId, role, accountKind, enabled } = e;
  return { employeeCode, familyName, givenName, familyNameKana, givenNameKana, office, department, birthDate, email1, email2, email3, loginId, role, accountKind: accountKind ?? 'internal', enabled };
}

/** /admin/employees/new and /admin/employees/:id. */
export function EmployeeFormPage({ id }: { id?: string }) {
  return (
    <AdminLayout adminOnly={id === undefined}>
      <EmployeeForm key={id ?? 'new'} id={id} />
    </AdminLayout>
  );
}

function EmployeeForm({ id }: { id?: string }) {
  const { t } = useI18n();
  const isNew = id === undefined;
  useTitle(isNew ? t('form.newTitle') : t('form.editTitle'));
  const session = useSession();
  const canWrite = session?.account.role === 'admin';
  const own = id !== undefined && session?.account.accountId === id;
  // Issuing is for others: an admin's own password is changed on マイページ (the API refuses it too).
  const canIssue = canWrite && !own;

  const [form, setForm] = useState<EmployeeFields>(EMPTY);
  const [stored, setStored] = useState<Employee | null>(null);
  const [loading, setLoading] = useState(!isNew);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [versionConflict, setVersionConflict] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [duplicates, setDuplicates] = useState<DuplicateHolder[] | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmReissue, setConfirmReissue] = useState(false);
  const [confirmPasscodeReissue, setConfirmPasscodeReissue] = useState(false);
  const [notice, setNotice] = useFlash();
  const [departments, setDepartments] = useState<string[]>([]);
  const topRef = useRef<HTMLDivElement>(null);
  const { mail: mailMode } = useMailMode();

  async function load() {
    if (!id) return;
    setLoading(true);
    setLoadError(null);
    try {
      const employee = await getEmployee(id);
      setStored(employee);
      setForm(fieldsOf(employee));
      setVersionConflict(null);
      setFieldErrors({});
      setError(null);
    } catch (e) {
      setLoadError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }

  /** After a reissue by mail: the statuses and marks change, the form being edited stays as typed. */
  async function reloadStatus() {
    if (!id) return;
    try {
      const employee = await getEmployee(id);
      setStored(employee);
    } catch {
      // The result alert has said what happened; the statuses show on the next load.
    }
  }

  useEffect(() => {
    void load();
    listDepartments()
      .then(setDepartments)
      .catch(() => undefined);
    // Once per employee: the page is keyed by id.
  }, []);

  function showTop() {
    topRef.current?.scrollIntoView({ block: 'start' });
  }

  async function save(confirmDuplicates: boolean) {
    setSaving(true);
    setError(null);
    setNotice(null);
    setVersionConflict(null);
    try {
      const body = { ...form, ...(confirmDuplicates ? { confirmDuplicates: true } : {}) };
      if (isNew) {
        const created = await createEmployee(body);
        setFlash({ kind: 'success', text: t('form.created', { code: created.employeeCode, loginId: created.loginId }) });
        navigate(`/admin/employees/${encodeURIComponent(created.id)}`, { replace: true });
        return;
      }
      const saved = await updateEmployee(id, { ...body, version: stored?.version ?? 0 });
      setStored(saved);
      setForm(fieldsOf(saved));
      setFieldErrors({});
      setNotice({ kind: 'success', text: t('form.saved') });
      showTop();
    } catch (e) {
      failed(e);
    } finally {
      setSaving(false);
    }
  }

  function failed(e: unknown) {
    if (!(e instanceof ApiError)) {
      setError(t('error.unknown'));
      showTop();
      return;
    }
    if (e.status === 409 && e.code === 'DUPLICATE_EMAIL') {
      const list = (e.details as { duplicates?: DuplicateHolder[] } | undefined)?.duplicates;
      if (Array.isArray(list) && list.length > 0) {
        setDuplicates(list);
        return;
      }
    }
    if (e.status === 409 && e.code === 'VERSION_CONFLICT') {
      setVersionConflict(e.message);
      showTop();
      return;
    }
    const byField = fieldErrorsOf(e);
    setFieldErrors(byField);
    if (Object.keys(byField).length > 0) {
      setError(t('form.checkFields'));
      const first = Object.keys(byField)[0];
      if (first) document.getElementById(`emp-${first}`)?.focus();
    } else {
      setError(e.message);
      showTop();
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (canWrite) void save(false);
  }

  async function remove() {
    if (!id) return;
    setConfirmDelete(false);
    setSaving(true);
    try {
      await deleteEmployee(id);
      setFlash({ kind: 'success', text: t('form.deleted', { name: fullName(form) }) });
      navigate(listHref());
    } catch (e) {
      setError(errorMessage(e));
      showTop();
    } finally {
      setSaving(false);
    }
  }

  if (loading) return <p className="empty">{t('common.loading')}</p>;
  if (loadError)
    return (
      <div className="form-page">
        <Alert kind="error">{loadError}</Alert>
        <Link to={listHref()}>{t('form.backToList')}</Link>
      </div>
    );

  return (
    <div className="form-page">
      <div ref={topRef} className="page-head">
        <div>
          <Link to={listHref()} className="back-link">
            {t('form.backToList')}
          </Link>
          <h1 className="page-title">{isNew ? t('form.newTitle') : canWrite ? t('form.editTitle') : t('form.viewTitle')}</h1>
          {stored && (
            <p className="page-sub">
              {stored.employeeCode} {fullName(stored)}
            </p>
          )}
        </div>
        {stored && (
          <div className="page-actions">
            <Link to={userLogHref(stored.id)} className="btn btn-secondary">
              {t('form.logs')}
            </Link>
          </div>
        )}
      </div>
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      {!canWrite && <Alert kind="info">{t('form.readOnly')}</Alert>}
      {versionConflict && (
        <Alert kind="warning">
          <p>{versionConflict}</p>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => void load()}>
            {t('form.reload')}
          </button>
        </Alert>
      )}
      {error && <Alert kind="error">{error}</Alert>}

      <form className="card" onSubmit={submit} noValidate>
        <EmployeeFieldsets
          value={form}
          onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
          errors={fieldErrors}
          readOnly={!canWrite}
          isNew={isNew}
          departments={departments}
        />
        {canWrite && (
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={saving}>
              {saving ? t('common.working') : isNew ? t('form.create') : t('form.save')}
            </button>
            <Link to={listHref()} className="btn btn-secondary">
              {t('common.cancel')}
            </Link>
            <div className="toolbar-spacer" />
            {!isNew && (
              <button type="button" className="btn btn-danger" onClick={() => setConfirmDelete(true)} disabled={saving}>
                {t('form.delete')}
              </button>
            )}
          </div>
        )}
      </form>

      {canIssue && stored && mailMode === true && stored.passwordStatus === 'unissued' && (
        <section className="card" aria-labelledby="issue-title">
          <h2 id="issue-title" className="card-title">
            {t('issuance.title')}
            <span className="card-title-note">{t('reissue.current', { status: `${t('passwordStatus.unissued')} ／ ${t(`verificationStatus.${stored.verificationStatus}`)}` })}</span>
          </h2>
          <p className="section-hint">{t('mail.sendLead')}</p>
          <Link to={mailIssuanceHref(stored.id)} className="btn btn-secondary">
            {t('mail.openIssue')}
          </Link>
        </section>
      )}
      {canIssue && stored && mailMode === true && stored.passwordStatus !== 'unissued' && (
        <MailReissue key={stored.id} employee={stored} onDone={() => void reloadStatus()} />
      )}
      {canWrite && own && stored && (
        <section className="card" aria-labelledby="own-password-title">
          <h2 id="own-password-title" className="card-title">
            {t('mypage.password')}
          </h2>
          <p className="section-hint" data-testid="own-password">
            {t('form.ownPassword')} <Link to="/mypage">{t('home.toMyPage')}</Link>
          </p>
        </section>
      )}
      {canIssue && stored && mailMode === false && stored.passwordStatus !== 'unissued' && (
        <section className="card" aria-labelledby="reissue-title">
          <h2 id="reissue-title" className="card-title">
            {t('reissue.title')}
            <span className="card-title-note">{t('reissue.current', { status: t(`passwordStatus.${stored.passwordStatus}`) })}</span>
          </h2>
          <p className="section-hint">{t('reissue.lead')}</p>
          <div className="reissue-actions">
            <button type="button" className="btn btn-secondary" onClick={() => setConfirmReissue(true)} disabled={saving}>
              {t('reissue.button')}
            </button>
          </div>
        </section>
      )}

      {canIssue && stored && <MfaDeletionCard key={`mfa-${stored.id}`} employee={stored} onDone={() => void reloadStatus()} />}

      {stored && stored.passcodeStatus === 'issued' && (canWrite || stored.passcodeLocked) && (
        <section className="card" aria-labelledby="passcode-reissue-title" data-testid="passcode-card">
          <h2 id="passcode-reissue-title" className="card-title">
            {t('passcodeReissue.title')}
            <span className="card-title-note">{t('reissue.current', { status: t(`passcodeStatus.${stored.passcodeStatus}`) })}</span>
            {stored.passcodeLocked && (
              <span className="badge badge-error passcode-locked" title={t('passcode.lockedTitle')}>
                {t('passcode.locked')}
              </span>
            )}
          </h2>
          {stored.passcodeLocked && <Alert kind="warning">{t('passcode.lockedTitle')}</Alert>}
          {canWrite && (
            <>
              <p className="section-hint">{t('passcodeReissue.lead')}</p>
              <div className="reissue-actions">
                <button type="button" className="btn btn-secondary" onClick={() => setConfirmPasscodeReissue(true)} disabled={saving}>
                  {t('passcodeReissue.button')}
                </button>
              </div>
            </>
          )}
        </section>
      )}

      {confirmPasscodeReissue && stored && (
        <ConfirmDialog
          title={t('passcodeReissue.confirmTitle')}
          confirmLabel={t('reissue.confirm')}
          onConfirm={() => navigate(issuanceHref([stored.id], true, 'passcode'))}
          onCancel={() => setConfirmPasscodeReissue(false)}
          danger
        >
          <p>{t('passcodeReissue.confirmBody', { name: fullName(stored) })}</p>
        </ConfirmDialog>
      )}

      {duplicates && (
        <DuplicateDialog
          duplicates={duplicates}
          selfId={id}
          selfCode={form.employeeCode}
          onConfirm={() => {
            setDuplicates(null);
            void save(true);
          }}
          onCancel={() => setDuplicates(null)}
        />
      )}
      {confirmReissue && stored && (
        <ConfirmDialog title={t('reissue.confirmTitle')} confirmLabel={t('reissue.confirm')} onConfirm={() => navigate(issuanceHref([stored.id], true))} onCancel={() => setConfirmReissue(false)} danger>
          <p>{t('reissue.confirmBody', { name: fullName(stored) })}</p>
        </ConfirmDialog>
      )}
      {confirmDelete && (
        <ConfirmDialog title={t('form.deleteTitle')} confirmLabel={t('form.deleteConfirm')} onConfirm={() => void remove()} onCancel={() => setConfirmDelete(false)} danger>
          <p>{t('form.deleteBody', { code: form.employeeCode, name: fullName(form) })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { listGroups, startGroupAssignment, type EmployeeFilter, type Group } from '../api/groups';
import { getJob } from '../api/issuance';
import type { Employee } from '../api/types';
import { useI18n } from '../i18n';
import { fullName } from '../lib/format';
import { Alert } from './Alert';
import { ConfirmDialog } from './ConfirmDialog';
import { isRunning, JobEnd, JobResults, JobTotals, useJob } from './JobSummary';
import { ProgressBar } from './ProgressBar';
import '../groups.css';

/** The company's groups (null while loading; none when they cannot be read). */
export function useGroups(): { groups: Group[] | null; reloadGroups: () => void } {
  const [groups, setGroups] = useState<Group[] | null>(null);
  const reloadGroups = useCallback(() => {
    listGroups()
      .then(setGroups)
      .catch(() => setGroups([]));
  }, []);
  useEffect(reloadGroups, [reloadGroups]);
  return { groups, reloadGroups };
}

/**
 * 「グループへ追加」 / 「グループから外す」: the chosen employees, the group (to add), and
 * 「一括設定の実行」, which starts one background job.
 */
export function GroupAssignDialog({ action, groups, employees, filter, filtered, onCancel, onStarted }: { action: 'add' | 'remove'; groups: Group[]; employees: Employee[]; filter: EmployeeFilter; filtered: boolean; onCancel: () => void; onStarted: (jobId: string) => void }) {
  const { t } = useI18n();
  const [groupId, setGroupId] = useState<string>(groups.length === 1 ? groups[0]!.groupId : '');
  // The ticked employees, or everyone the list's filters match (the whole company when there are none).
  const [scope, setScope] = useState<'selected' | 'matching'>(employees.length > 0 ? 'selected' : 'matching');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const n = employees.length;

  async function run() {
    if (action === 'add' && !groupId) {
      setError(t('list.groupPickFirst'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const targets = scope === 'selected' ? { employeeIds: employees.map((e) => e.id) } : { filter };
      const { jobId } = await startGroupAssignment(action === 'add' ? groupId : null, targets);
      onStarted(jobId);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog
      title={t(action === 'add' ? 'list.groupAddTitle' : 'list.groupRemoveTitle')}
      confirmLabel={t('list.groupRun')}
      onConfirm={() => void run()}
      onCancel={onCancel}
      busy={busy}
      testId="group-run"
    >
      <p>{t(action === 'add' ? 'list.groupAddBody' : 'list.groupRemoveBody')}</p>
      {action === 'add' && (
        <fieldset className="factor-tiles">
          <legend className="field-label">{t('list.groupChoose')}</legend>
          <div className="group-choice" role="radiogroup" aria-label={t('list.groupChoose')}>
            {groups.map((g) => (
              <label key={g.groupId} className={`radio-option${groupId === g.groupId ? ' checked' : ''}`}>
                <input type="radio" name="assign-group" value={g.groupId} checked={groupId === g.groupId} onChange={() => setGroupId(g.groupId)} />
                <span className="radio-text">
                  <span className="radio-title">{g.name}</span>
                  <span className="radio-hint">
                    {g.secondFactor ? t('groups.method.both', { first: t(`groups.factor.${g.firstFactor}`), second: t(`groups.factor.${g.secondFactor}`) }) : t('groups.method.only', { first: t(`groups.factor.${g.firstFactor}`) })}
                    {' ・ '}
                    {t('groups.memberCount', { n: g.memberCount })}
                  </span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <fieldset className="factor-tiles">
        <legend className="field-label">{t('list.groupScope')}</legend>
        <div className="group-choice" role="radiogroup" aria-label={t('list.groupScope')}>
          <label className={`radio-option${scope === 'selected' ? ' checked' : ''}`}>
            <input type="radio" name="assign-scope" value="selected" checked={scope === 'selected'} disabled={n === 0} onChange={() => setScope('selected')} />
            <span className="radio-text">
              <span className="radio-title">{t('list.groupScopeSelected', { n })}</span>
            </span>
          </label>
          <label className={`radio-option${scope === 'matching' ? ' checked' : ''}`}>
            <input type="radio" name="assign-scope" value="matching" checked={scope === 'matching'} onChange={() => setScope('matching')} />
            <span className="radio-text">
              <span className="radio-title">{filtered ? t('list.groupScopeMatching') : t('list.groupScopeEveryone')}</span>
              <span className="radio-hint">{t('list.groupScopeMatchingHint')}</span>
            </span>
          </label>
        </div>
      </fieldset>
      {scope === 'selected' && (
        <ul className="delete-list" data-testid="group-targets">
          {employees.slice(0, 10).map((e) => (
            <li key={e.id}>
              <span className="mono">{e.employeeCode}</span> {fullName(e)}
            </li>
          ))}
          {n > 10 && <li className="muted">{t('list.deleteMore', { n: n - 10 })}</li>}
        </ul>
      )}
      {error && <Alert kind="error">{error}</Alert>}
    </ConfirmDialog>
  );
}

/** A group assignment job above the list: its progress while it runs, then its counts and the rows it could not set. */
export function GroupAssignment({ jobId, groups, onEnded, onClose }: { jobId: string; groups: Group[]; onEnded: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const { job, setJob, pollError } = useJob();
  const [error, setError] = useState<string | null>(null);
  const ended = useRef(false);

  useEffect(() => {
    getJob(jobId)
      .then(setJob)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [jobId]);

  const running = isRunning(job);
  useEffect(() => {
    if (job && !running && !ended.current) {
      ended.current = true;
      onEnded();
    }
  }, [job, running]);

  const into = job?.assignGroupId ? t('list.groupJobInto', { name: groups.find((g) => g.groupId === job.assignGroupId)?.name ?? '' }) : t('list.groupJobOut');
  return (
    <section className="card" data-testid="group-job" aria-live="polite">
      {error && <Alert kind="error">{error}</Alert>}
      {job && (
        <>
          <h2 className="card-title">{running ? t('list.groupJobRunning') : job.state === 'failed' ? t('list.groupJobFailed') : t('list.groupJobDone')}</h2>
          <p className="section-hint">{into}</p>
          {running ? (
            <ProgressBar done={job.progress.done} total={job.progress.total} label={t('list.groupJobRunning')} />
          ) : (
            <>
              <JobTotals job={job} succeededLabel={t('list.groupSucceeded')} />
              <JobResults job={job} title={t('list.groupJobResults')} />
              <JobEnd job={job} />
              <button type="button" className="btn btn-secondary" onClick={onClose}>
                {t('list.groupJobClose')}
              </button>
            </>
          )}
          {pollError && <Alert kind="warning">{pollError}</Alert>}
        </>
      )}
    </section>
  );
}

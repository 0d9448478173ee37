import { useEffect, useId, useRef, useState } from 'react';
import { AUDIT_GROUPS, AUDIT_GROUP_LABELS, AUDIT_ACTIONS, actionsOf, type AuditAction, type AuditGroup } from '../../../functions/core/audit/actions';
import { useI18n } from '../i18n';

/** What is asked, as the API takes it: whole groups, and single actions of the other groups. None: every action. */
export function toGroupsAndActions(selected: ReadonlySet<AuditAction>): { groups: AuditGroup[]; actions: AuditAction[] } {
  const groups = AUDIT_GROUPS.filter((g) => actionsOf(g).every((a) => selected.has(a)));
  if (groups.length === AUDIT_GROUPS.length) return { groups: [], actions: [] };
  const actions = [...selected].filter((a) => !groups.includes(AUDIT_ACTIONS[a].group));
  return { groups, actions };
}

export function fromGroupsAndActions(groups: readonly string[] = [], actions: readonly string[] = []): Set<AuditAction> {
  const set = new Set<AuditAction>();
  for (const g of groups) if ((AUDIT_GROUPS as readonly string[]).includes(g)) actionsOf(g as AuditGroup).forEach((a) => set.add(a));
  for (const a of actions) if (a in AUDIT_ACTIONS) set.add(a as AuditAction);
  return set;
}

/**
 * 操作内容: every action of the one list, grouped サインイン・社員管理・発行・設定・メール・その他. A group's
 * box ticks all of it. An action added to the list shows here with its words, without a change here.
 */
export function ActionPicker({ id, value, onChange }: { id: string; value: ReadonlySet<AuditAction>; onChange: (next: Set<AuditAction>) => void }) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const escape = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);

  const { groups, actions } = toGroupsAndActions(value);
  const summary =
    value.size === 0 || (groups.length === 0 && actions.length === 0)
      ? t('logs.operations.all')
      : actions.length === 0
        ? t('logs.operations.groups', { names: groups.map((g) => AUDIT_GROUP_LABELS[g][lang]).join('、') })
        : t('logs.operations.some', { n: value.size });

  function toggle(list: AuditAction[], on: boolean) {
    const next = new Set(value);
    for (const a of list) on ? next.add(a) : next.delete(a);
    onChange(next);
  }

  return (
    <div className="action-picker" ref={root}>
      <button id={id} type="button" className="picker-button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <span className="picker-value">{summary}</span>
        <span aria-hidden="true" className="picker-caret">
          ▾
        </span>
      </button>
      {open && (
        <div id={panelId} className="picker-panel" role="group" aria-label={t('logs.operations')}>
          <div className="picker-groups">
            {AUDIT_GROUPS.map((group) => {
              const all = actionsOf(group);
              const on = all.filter((a) => value.has(a)).length;
              return (
                <fieldset key={group} className="picker-group">
                  <legend>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={on === all.length}
                        ref={(el) => {
                          if (el) el.indeterminate = on > 0 && on < all.length;
                        }}
                        onChange={(e) => toggle(all, e.target.checked)}
                      />
                      {AUDIT_GROUP_LABELS[group][lang]}
                    </label>
                  </legend>
                  {all.map((action) => (
                    <label key={action} className="check picker-action">
                      <input type="checkbox" checked={value.has(action)} onChange={(e) => toggle([action], e.target.checked)} />
                      {AUDIT_ACTIONS[action][lang]}
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </div>
          <div className="picker-footer">
            <button type="button" className="btn btn-link btn-small" onClick={() => onChange(new Set())} disabled={value.size === 0}>
              {t('logs.operations.clear')}
            </button>
            <button type="button" className="btn btn-secondary btn-small" onClick={() => setOpen(false)}>
              {t('logs.operations.done')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

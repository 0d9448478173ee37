import { useEffect, useId, useRef, useState } from 'react';
import { listEmployees } from '../api/employees';
import type { Employee } from '../api/types';
import { useI18n } from '../i18n';
import { fullName } from '../lib/format';

/** Someone chosen from the employees, or a login ID as typed (which may belong to no one: a failed sign-in). */
export type PickedUser = { accountId: string; label: string } | { login: string };

const DEBOUNCE_MS = 250;
const SUGGESTIONS = 8;

export const userLabel = (e: Pick<Employee, 'familyName' | 'givenName' | 'loginId' | 'employeeCode'>) => `${fullName(e)}（${e.employeeCode} / ${e.loginId}）`;

/**
 * 操作ユーザー / 対象ユーザー: type a login ID, a name or an employee code; pick a suggested employee,
 * or keep the text, which is searched as a login ID.
 */
export function UserPicker({ id, label, value, onChange }: { id: string; label: string; value: PickedUser | null; onChange: (next: PickedUser | null) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(value && 'login' in value ? value.login : '');
  const [suggestions, setSuggestions] = useState<Employee[] | null>(null);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => setText(value && 'login' in value ? value.login : ''), [value]);

  useEffect(() => {
    const q = text.trim();
    if (!open || q === '') {
      setSuggestions(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      listEmployees({ q, limit: SUGGESTIONS })
        .then((page) => live && setSuggestions(page.items))
        .catch(() => live && setSuggestions([]));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, open]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  if (value && 'accountId' in value) {
    return (
      <div className="user-chip" data-testid={`${id}-chip`}>
        <span>{value.label}</span>
        <button type="button" className="user-chip-clear" aria-label={t('logs.userClear', { name: value.label })} onClick={() => onChange(null)}>
          ×
        </button>
      </div>
    );
  }

  return (
    <div className="user-picker" ref={root}>
      <input
        id={id}
        type="search"
        autoComplete="off"
        value={text}
        placeholder={t('logs.userPlaceholder')}
        aria-controls={listId}
        aria-expanded={open && suggestions !== null}
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          onChange(e.target.value.trim() ? { login: e.target.value.trim() } : null);
        }}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      />
      {open && suggestions !== null && (
        <ul id={listId} className="user-suggestions" aria-label={t('logs.userSuggestions', { label })}>
          {suggestions.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                onClick={() => {
                  onChange({ accountId: e.id, label: userLabel(e) });
                  setOpen(false);
                }}
              >
                {userLabel(e)}
              </button>
            </li>
          ))}
          {suggestions.length === 0 && <li className="user-suggestions-none">{t('logs.userNone')}</li>}
        </ul>
      )}
    </div>
  );
}

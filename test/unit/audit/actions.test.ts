import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ACTION_NAMES, AUDIT_DETAIL_LABELS, AUDIT_GROUPS, AUDIT_REASONS, AUDIT_GROUP_LABELS, actionLabel, actionsOf, groupOf } from '../../../functions/core/audit/actions.js';

const root = join(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the one list of audit actions', () => {
  it.each(AUDIT_ACTION_NAMES)('%s has a group and words in Japanese and English', (action) => {
    const def = AUDIT_ACTIONS[action] as { group?: string; ja?: string; en?: string };
    expect(AUDIT_GROUPS).toContain(def.group);
    expect(def.ja?.trim(), 'ja').toBeTruthy();
    expect(def.en?.trim(), 'en').toBeTruthy();
    // Japanese words for the Japanese screen: not the action's name copied over.
    expect(def.ja).not.toBe(action);
    expect(/[ぁ-んァ-ヶ一-龠]/.test(def.ja!), `${action} ja reads as Japanese`).toBe(true);
  });

  it('has words for every group, and every group has actions', () => {
    for (const group of AUDIT_GROUPS) {
      expect(AUDIT_GROUP_LABELS[group].ja.trim()).toBeTruthy();
      expect(AUDIT_GROUP_LABELS[group].en.trim()).toBeTruthy();
      expect(actionsOf(group).length, group).toBeGreaterThan(0);
    }
    expect(AUDIT_GROUPS.map((g) => AUDIT_GROUP_LABELS[g].ja)).toEqual(['サインイン', 'PCログオン', '出退勤', '社員管理', '発行', '設定', 'メール', 'その他']);
  });

  it('names no two actions alike in either language', () => {
    for (const lang of ['ja', 'en'] as const) {
      const words = AUDIT_ACTION_NAMES.map((a) => AUDIT_ACTIONS[a][lang]);
      expect(new Set(words).size, lang).toBe(words.length);
    }
  });

  it('lists every action the code writes', () => {
    // Any `action: '…'` or action-like literal handed to an entry must be a listed action.
    const written = new Set<string>();
    for (const file of sources('functions')) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const m of text.matchAll(/(?:action|doneAction|Action)\s*[:=]\s*[^'\n]*'([a-z]+(?:\.[a-z-]+)+)'/g)) written.add(m[1]!);
      for (const m of text.matchAll(/'((?:auth|employee|company|account|issuance|job|timeclock|verification|mail|audit|mfa|support|registration|logon)\.[a-z.-]+)'/g)) written.add(m[1]!);
    }
    const unlisted = [...written].filter((a) => !(a in AUDIT_ACTIONS));
    expect(unlisted).toEqual([]);
  });

  it.each(Object.keys(AUDIT_REASONS))('reason %s has words in Japanese and English (an entry can carry no other reason)', (reason) => {
    const words = AUDIT_REASONS[reason as keyof typeof AUDIT_REASONS];
    expect(/[ぁ-んァ-ヶ一-龠]/.test(words.ja), reason).toBe(true);
    expect(words.en.trim()).toBeTruthy();
  });

  it('has words for every fact of a detail the code writes', () => {
    // Keys of `detail: { … }` literals, of the detail a bulk start counts by (`countedAs`), and of
    // details handed on to a writer (`{ bulk: n }`), so the detail panel never shows a bare key.
    const keys = new Set<string>();
    for (const file of sources('functions')) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const m of text.matchAll(/detail: \{([^{}]*)\}/g)) for (const k of m[1]!.matchAll(/(?:^|[{,])\s*([a-zA-Z]+)\s*(?=[:,}]|$)/g)) keys.add(k[1]!);
      for (const m of text.matchAll(/countedAs: '([a-zA-Z]+)'/g)) keys.add(m[1]!);
      for (const m of text.matchAll(/removeOne\([^)]*\{ ([a-zA-Z]+):/g)) keys.add(m[1]!);
    }
    expect(keys.size).toBeGreaterThan(10);
    expect([...keys].filter((k) => !Object.hasOwn(AUDIT_DETAIL_LABELS, k))).toEqual([]);
  });

  it('shows an action this build does not know as its name, under その他', () => {
    expect(groupOf('logon.unlock')).toBe('other');
    expect(actionLabel('logon.unlock', 'ja')).toBe('logon.unlock');
    expect(actionLabel('auth.login', 'ja')).toBe('ログイン');
  });
});

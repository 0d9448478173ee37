import { useSyncExternalStore } from 'react';
import { en } from './en';
import { ja, type MessageKey } from './ja';

export type { MessageKey } from './ja';
export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

const KEY = 'kagi.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };
const listeners = new Set<() => void>();

function initialLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

let lang: Lang = initialLang();

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
  listeners.forEach((l) => l());
}

export type Params = Record<string, string | number>;

/** A message in the current language; `{name}` placeholders are filled from params. */
export function t(key: MessageKey, params?: Params): string {
  const template = dictionaries[lang][key] ?? ja[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders the caller when the language changes. */
export function useI18n() {
  const current = useSyncExternalStore(subscribe, getLang);
  return { lang: current, t, setLang };
}

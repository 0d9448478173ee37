import { LANGS, useI18n, type Lang } from '../i18n';

const NAMES: Record<Lang, string> = { ja: '日本語', en: 'English' };

/** 日本語 | English, each shown in its own language so either reader can find theirs. */
export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGS.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang === l} className={lang === l ? 'active' : ''} onClick={() => setLang(l)}>
          {NAMES[l]}
        </button>
      ))}
    </div>
  );
}

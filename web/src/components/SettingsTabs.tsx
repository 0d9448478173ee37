import { useI18n, type MessageKey } from '../i18n';
import { Link, useLocation } from '../router';

/** The pages of 基本設定, in the order the help page lists them. */
export const SETTINGS_TABS: ReadonlyArray<{ to: string; label: MessageKey }> = [
  { to: '/admin/settings', label: 'settingsTabs.basic' },
  { to: '/admin/groups', label: 'settingsTabs.groups' },
  { to: '/admin/company', label: 'settingsTabs.company' },
  { to: '/admin/admins', label: 'settingsTabs.admins' },
];

/** Whether a path is one of 基本設定's pages (the admin menu's one 基本設定 entry stays lit on all of them). */
export const isSettingsPath = (pathname: string) => SETTINGS_TABS.some((tab) => pathname === tab.to || pathname.startsWith(`${tab.to}/`));

/** 基本設定 · グループ設定 · 企業情報 · 管理者設定: links, the current page marked. */
export function SettingsTabs() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <nav className="tabs settings-tabs" aria-label={t('settingsTabs.label')}>
      {SETTINGS_TABS.map((tab) => {
        const current = pathname === tab.to || pathname.startsWith(`${tab.to}/`);
        return (
          <Link key={tab.to} to={tab.to} className={`tab${current ? ' tab-active' : ''}`} aria-current={current ? 'page' : undefined}>
            {t(tab.label)}
          </Link>
        );
      })}
    </nav>
  );
}

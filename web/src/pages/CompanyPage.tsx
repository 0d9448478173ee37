import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { getCompanyInfo } from '../api/company';
import type { CompanyInfo } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { DevicesSection } from '../components/DevicesSection';
import { RegistrationUrlCard } from '../components/RegistrationUrlCard';
import { SettingsTabs } from '../components/SettingsTabs';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { zoneOffsetLabel } from '../lib/zoned';

/**
 * /admin/company: 企業情報 — the company's facts, read-only (打刻連携 and the deletion permission
 * are set by support), then the registration URL card, then what other parts mount below.
 */
export function CompanyPage() {
  return (
    <AdminLayout adminOnly>
      <Company />
    </AdminLayout>
  );
}

/** 打刻連携 in words. */
export function attendanceLinkKey(link: CompanyInfo['attendanceLink']) {
  return !link.enabled ? 'companyInfo.link.off' : link.breaks ? 'companyInfo.link.breaks' : 'companyInfo.link.clock';
}

function Company() {
  const { t } = useI18n();
  useTitle(t('companyInfo.title'));
  const [info, setInfo] = useState<CompanyInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getCompanyInfo()
      .then(setInfo)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  return (
    <div className="form-page">
      <div className="page-head">
        <h1 className="page-title">{t('settings.title')}</h1>
      </div>
      <SettingsTabs />
      {error && <Alert kind="error">{error}</Alert>}
      <section className="card" aria-labelledby="company-info-title">
        <h2 id="company-info-title" className="card-title">
          {t('companyInfo.title')}
        </h2>
        <p className="section-hint">{t('companyInfo.lead')}</p>
        {!info && !error && <p className="empty">{t('common.loading')}</p>}
        {info && (
          <dl className="facts" data-testid="company-facts">
            <dt>{t('companyInfo.code')}</dt>
            <dd className="mono">{info.code}</dd>
            <dt>{t('companyInfo.name')}</dt>
            <dd>{info.name}</dd>
            <dt>{t('companyInfo.attendanceLink')}</dt>
            <dd data-testid="company-attendance-link">{t(attendanceLinkKey(info.attendanceLink))}</dd>
            <dt>{t('companyInfo.mfaDeletion')}</dt>
            <dd data-testid="company-mfa-deletion">{t(info.adminMayDeleteMfa ? 'companyInfo.mfaDeletion.on' : 'companyInfo.mfaDeletion.off')}</dd>
            <dt>{t('companyInfo.language')}</dt>
            <dd>{t(`companyInfo.language.${info.language}`)}</dd>
            <dt>{t('companyInfo.timeZone')}</dt>
            <dd>
              {info.timeZone}（{zoneOffsetLabel(info.timeZone)}）
            </dd>
          </dl>
        )}
        {info && <p className="field-hint">{t('companyInfo.supportHint')}</p>}
      </section>

      <RegistrationUrlCard />

      <DevicesSection />
    </div>
  );
}

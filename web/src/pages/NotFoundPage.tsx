import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function NotFoundPage() {
  const { t } = useI18n();
  useTitle(t('notFound.title'));
  return (
    <main className="page page-narrow">
      <section className="card">
        <h1 className="page-title">{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
        <p>
          <Link to="/login">{t('notFound.toLogin')}</Link>
        </p>
      </section>
    </main>
  );
}

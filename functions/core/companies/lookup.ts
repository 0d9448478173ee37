import { notFound } from '../shared/errors.js';
import type { Company } from './company.js';

/** Port: a company by the code people type. */
export interface CompanyByCode {
  companyByCode(code: string): Promise<Company | undefined>;
}

/** What the public sign-in page may learn of a company: its display name, nothing else. */
export interface CompanyName {
  name: string;
}

/**
 * The sign-in page shows the company's name once it knows the code (from a notice's link or as
 * typed), so an employee sees they are in the right place. Public: an unknown code is a plain 404.
 */
export function createCompanyLookup({ directory }: { directory: CompanyByCode }) {
  return {
    async name(code: string): Promise<CompanyName> {
      const company = await directory.companyByCode(code.trim());
      if (!company) throw notFound({ ja: 'この会社コードの会社はありません。', en: 'No company has this code.' });
      return { name: company.name };
    },
  };
}

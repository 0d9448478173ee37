/**
 * A support operator (サポート): above companies, an employee of none. Created only by
 * `bin/create-support.ts`; signs in on its own page and always with a second factor.
 */
export interface SupportAccount {
  id: string;
  loginId: string;
  displayName: string;
  enabled: boolean;
  createdAt: string;
}

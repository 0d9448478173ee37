/** A tenant. The code is what people type on sign-in pages; the id never changes. */
export interface Company {
  id: string;
  code: string;
  name: string;
  createdAt: string;
}

/** What a company code may be: people type it and URLs carry it, so short, ASCII and unescaped. */
export const COMPANY_CODE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The employee sign-in page with the company filled in: what notices print, link and encode in
 * their QR code, so an employee holding only the notice never has to know the company code.
 */
export function companySignInUrl(publicBaseUrl: string, companyCode: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/login?company=${encodeURIComponent(companyCode)}`;
}

/** A tenant. The code is what people type on sign-in pages; the id never changes. */
export interface Company {
  id: string;
  code: string;
  name: string;
  createdAt: string;
}

/**
 * The employee sign-in page with the company filled in: what notices print, link and encode in
 * their QR code, so an employee holding only the notice never has to know the company code.
 */
export function companySignInUrl(publicBaseUrl: string, companyCode: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/login?company=${encodeURIComponent(companyCode)}`;
}

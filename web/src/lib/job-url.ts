/** A PDF job (passwords or passcodes) opened again: its progress or result. */
export const jobHref = (jobId: string) => `/admin/issuance?job=${encodeURIComponent(jobId)}`;

/** A mail job opened again: its progress or result. */
export const mailJobHref = (jobId: string) => `/admin/mail-issuance?job=${encodeURIComponent(jobId)}`;

/** The screen that shows a job of this kind. */
export const jobPageHref = (kind: string, jobId: string) => (kind === 'mail-request' || kind === 'mail-notice' ? mailJobHref(jobId) : jobHref(jobId));

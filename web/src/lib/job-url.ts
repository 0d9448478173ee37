/** A PDF job (passwords or passcodes) opened again: its progress or result. */
export const jobHref = (jobId: string) => `/admin/issuance?job=${encodeURIComponent(jobId)}`;

/** A mail job opened again: its progress or result. */
export const mailJobHref = (jobId: string) => `/admin/mail-issuance?job=${encodeURIComponent(jobId)}`;

/** A registration-password job opened again: its progress, or its result with the files. */
export const registrationJobHref = (jobId: string) => `/admin/registration-codes?job=${encodeURIComponent(jobId)}`;

/** A group assignment opened again: 社員一覧 with the job's progress or result above the list. */
export const groupJobHref = (jobId: string) => `/admin/employees?groupJob=${encodeURIComponent(jobId)}`;

/** The screen that shows a job of this kind. */
export const jobPageHref = (kind: string, jobId: string) =>
  kind === 'mail-request' || kind === 'mail-notice' ? mailJobHref(jobId) : kind === 'registration-codes' ? registrationJobHref(jobId) : kind === 'group-assignment' ? groupJobHref(jobId) : jobHref(jobId);

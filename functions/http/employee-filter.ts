import * as z from 'zod/mini';

/**
 * 社員一覧's filters, as the list's query string carries them and as a bulk action over "everyone
 * who matches" names them: one shape for both (the list adds its page size and cursor).
 */
export const EmployeeFilter = z.object({
  q: z.optional(z.string().check(z.maxLength(100))),
  department: z.optional(z.string().check(z.maxLength(100))),
  passwordStatus: z.optional(z.enum(['unissued', 'issuing', 'issued', 'reissuing'])),
  verificationStatus: z.optional(z.enum(['none', 'pending', 'expired', 'verified_pending_login', 'verified', 'not_applicable'])),
  passcodeStatus: z.optional(z.enum(['unissued', 'issued'])),
  privateEmail: z.optional(z.enum(['yes', 'no'])),
  accountIssued: z.optional(z.enum(['yes', 'no'])),
  registrationStatus: z.optional(z.enum(['unissued', 'issued', 'used', 'expired'])),
  mfaStatus: z.optional(z.enum(['active', 'none', 'locked'])),
  /** 所属グループ: a group's id, or `none` (未所属). */
  groupId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});

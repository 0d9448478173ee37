import * as z from 'zod';

/**
 * 社員一覧's filters, as the list's query string carries them and as a bulk action over "everyone
 * who matches" names them: one shape for both (the list adds its page size and cursor).
 */
export const EmployeeFilter = z.object({
  q: z.string().max(100).optional(),
  department: z.string().max(100).optional(),
  passwordStatus: z.enum(['unissued', 'issuing', 'issued', 'reissuing']).optional(),
  verificationStatus: z.enum(['none', 'pending', 'expired', 'verified_pending_login', 'verified', 'not_applicable']).optional(),
  passcodeStatus: z.enum(['unissued', 'issued']).optional(),
  privateEmail: z.enum(['yes', 'no']).optional(),
  accountIssued: z.enum(['yes', 'no']).optional(),
  registrationStatus: z.enum(['unissued', 'issued', 'used', 'expired']).optional(),
  mfaStatus: z.enum(['active', 'none', 'locked']).optional(),
  /** 所属グループ: a group's id, or `none` (未所属). */
  groupId: z.string().min(1).max(64).optional(),
});

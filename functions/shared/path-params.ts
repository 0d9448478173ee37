import { COMPANY_CODE_PATTERN } from '../core/companies/company.js';
import { ULID_PATTERN } from '../core/shared/ulid.js';

/**
 * What each path parameter may look like, by its name in routes.ts: the one place the edge bounds
 * them. A value outside its rule cannot name anything kagi stores, so the HTTP stack answers 404
 * before any handler (or DynamoDB, whose keys end at 2 KB) sees it. openapi.yaml states the same
 * patterns (a unit test compares them); a parameter without its own rule gets DEFAULT_RULE.
 */
export const PATH_PARAM_RULES: Readonly<Record<string, RegExp>> = {
  /** Employees, imports and jobs are named by ULIDs. */
  id: ULID_PATTERN,
  importId: ULID_PATTERN,
  jobId: ULID_PATTERN,
  searchId: ULID_PATTERN,
  /** Groups (グループ設定) are named by ULIDs. */
  groupId: ULID_PATTERN,
  /** The support console names a company and an account by their ULIDs. */
  companyId: ULID_PATTERN,
  accountId: ULID_PATTERN,
  /** A verification link's token: 32 random bytes, base64url (core/mail/token). Wrong lengths are the service's LINK_INVALID. */
  token: /^[A-Za-z0-9_-]{1,128}$/,
  /** A company code (the sign-in page's company-name lookup). */
  code: COMPANY_CODE_PATTERN,
  /**
   * A company's registration URL key: 16 random bytes, base64url (core/registration/admin). Any
   * other length is the form's one uniform answer, not a 404 that would tell it apart.
   */
  companyKey: /^[A-Za-z0-9_-]{1,64}$/,
  /** PC logon client (issue 12): enrollment keys and devices are named by ULIDs. */
  keyId: ULID_PATTERN,
  deviceId: ULID_PATTERN,
};

/** Short, URL-safe, no percent signs or slashes: what any future id or code fits in. */
export const DEFAULT_RULE = /^[A-Za-z0-9._~-]{1,128}$/;

export const pathParamRule = (name: string): RegExp => PATH_PARAM_RULES[name] ?? DEFAULT_RULE;

/** The name of the first path parameter outside its rule, or undefined when all are inside. */
export function badPathParam(params: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || !pathParamRule(name).test(value)) return name;
  }
  return undefined;
}

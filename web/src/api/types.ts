// Shapes from openapi.yaml (components/schemas). Kept by hand: the contract is small.

export type Role = 'employee' | 'viewer' | 'admin';
export const ROLES: readonly Role[] = ['employee', 'viewer', 'admin'];

export interface Account {
  accountId: string;
  companyId: string;
  companyCode: string;
  companyName: string;
  loginId: string;
  role: Role;
  displayName: string;
}

export interface SignedIn {
  result: 'signed-in';
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  account: Account;
}

export interface NewPasswordRequired {
  result: 'new-password-required';
  session: string;
}

export interface EmployeeFields {
  employeeCode: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  office: string;
  department: string;
  /** YYYY-MM-DD or empty. */
  birthDate: string;
  email1: string;
  email2: string;
  email3: string;
  /** Empty to generate one. */
  loginId: string;
  role: Role;
  enabled: boolean;
}

export type EmployeeFieldName = keyof EmployeeFields;

export interface EmployeeWrite extends EmployeeFields {
  confirmDuplicates?: boolean;
}

export interface Employee extends EmployeeFields {
  id: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface EmployeePage {
  items: Employee[];
  nextCursor?: string | null;
}

export interface ImportIssue {
  line: number;
  field?: string;
  code: string;
  message: string;
}

export type ImportState = 'previewed' | 'committing' | 'done' | 'failed' | 'cancelled' | 'expired';

export interface EmployeeImport {
  importId: string;
  state: ImportState;
  encoding: 'utf-8' | 'shift_jis';
  total: number;
  creates: number;
  updates: number;
  errorCount: number;
  warningCount: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  progress: { done: number; total: number };
  failedRows?: ImportIssue[];
  createdAt: string;
  finishedAt?: string | null;
}

/** `error.details.issues` of a 400 from a form endpoint. */
export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

/** `error.details.duplicates` of a 409 DUPLICATE_EMAIL. */
export interface DuplicateHolder {
  address: string;
  employeeId: string;
  employeeCode: string;
  name: string;
}

import { expect } from 'vitest';
import type { Employee } from '../../../functions/core/employees/employee.js';
import { DomainError } from '../../../functions/core/shared/errors.js';

export const JAPANESE_HEADER = '社員コード,姓,名,姓（カナ）,名（カナ）,所属事業所,所属部署,生年月日,メールアドレス1,メールアドレス2,メールアドレス3,ログインID,権限,有効,アカウント種別';

/** A stored employee with every field filled, for comparisons. */
export function storedEmployee(overrides: Partial<Employee> = {}): Employee {
  return {
    id: 'emp-1',
    companyId: 'co-1',
    employeeCode: '0001',
    familyName: '山田',
    givenName: '太郎',
    familyNameKana: 'ヤマダ',
    givenNameKana: 'タロウ',
    office: '本社',
    department: '総務部',
    birthDate: '1990-04-01',
    email1: 'taro@example.co.jp',
    email2: '',
    email3: '',
    loginId: 'yamada.taro',
    role: 'employee',
    accountKind: 'internal',
    enabled: true,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** Runs `fn`, expecting a DomainError with this status and code; returns it for further checks. */
export function domainErrorOf(fn: () => unknown, statusCode: number, code: string): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const error = caught as DomainError;
  expect({ statusCode: error.statusCode, code: error.code }).toEqual({ statusCode, code });
  return error;
}

import { csvCell, csvDocument } from '../../shared/csv-write.js';
import type { EmployeeInput } from '../employee.js';
import type { EmployeeField } from '../validate.js';
import { accountKindToCsv, CSV_COLUMNS, enabledToCsv, roleToCsv } from './columns.js';

/** All employees as a CSV Excel opens as is, with the Japanese header row the importer reads. */
export function employeesToCsv(employees: readonly EmployeeInput[]): string {
  return csvDocument(
    CSV_COLUMNS.map((c) => c.header),
    employees.map((employee) => CSV_COLUMNS.map(({ field }) => cellOf(employee, field))),
  );
}

function cellOf(employee: EmployeeInput, field: EmployeeField): string {
  if (field === 'role') return roleToCsv(employee.role);
  if (field === 'accountKind') return accountKindToCsv(employee.accountKind);
  if (field === 'enabled') return enabledToCsv(employee.enabled);
  return csvCell(employee[field]);
}

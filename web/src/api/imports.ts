import { requestJson } from './client';
import type { EmployeeImport } from './types';

export type ImportEncoding = 'auto' | 'utf-8' | 'shift_jis';

/**
 * Uploads the file's raw bytes as application/octet-stream (openapi.yaml): API Gateway would
 * pass a text/* body on as text and mangle Shift_JIS. The server decodes UTF-8 or Shift_JIS.
 */
export function previewImport(file: Blob, encoding: ImportEncoding) {
  return requestJson<EmployeeImport>('/api/admin/employee-imports', {
    method: 'POST',
    body: file,
    contentType: 'application/octet-stream',
    query: { encoding: encoding === 'auto' ? undefined : encoding },
  });
}

export function getImport(id: string) {
  return requestJson<EmployeeImport>(`/api/admin/employee-imports/${encodeURIComponent(id)}`);
}

export function commitImport(id: string) {
  return requestJson<EmployeeImport>(`/api/admin/employee-imports/${encodeURIComponent(id)}/commit`, { method: 'POST' });
}

export function cancelImport(id: string) {
  return requestJson<void>(`/api/admin/employee-imports/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

import { beforeAll, describe, expect, it } from 'vitest';
import { api, signIn } from '../support/api.js';

let admin: string;
let countBefore: number;

const count = async () => (await api(admin).get('/api/admin/employees?limit=200')).body.items.length as number;
const octet = { 'Content-Type': 'application/octet-stream' };

function expectErrorShape(res: { status: number; body: any }, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  if (code) expect(res.body.error.code).toBe(code);
}

beforeAll(async () => {
  admin = await signIn('demo', 'admin');
  countBefore = await count();
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  it('malformed JSON', async () => {
    const res = await api(admin).post('/api/admin/employees', '{"employeeCode": "X1",', { 'Content-Type': 'application/json' });
    expectErrorShape(res, 400, 'INVALID_JSON');
    expect(res.body.error.message).toContain('JSON');
  });

  it('missing fields, naming them', async () => {
    const res = await api(admin).post('/api/admin/employees', { employeeCode: 'X2' });
    expectErrorShape(res, 400, 'VALIDATION');
    const fields = res.body.error.details.issues.map((i: any) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['familyName', 'givenName']));
    expect(res.body.error.details.issues[0].message).toMatch(/[ぁ-んァ-ン一-龯]/);
  });

  it('wrong-typed fields', async () => {
    const res = await api(admin).post('/api/admin/employees', { employeeCode: 12, familyName: '型', givenName: ['x'], enabled: 'yes' });
    expectErrorShape(res, 400, 'VALIDATION');
  });

  it('unknown fields', async () => {
    expectErrorShape(await api(admin).post('/api/admin/employees', { employeeCode: 'X3', familyName: 'a', givenName: 'b', salary: 1 }), 400, 'VALIDATION');
  });

  it('a sign-in body of the wrong shape', async () => {
    expectErrorShape(await api().post('/api/auth/login', { companyCode: 'demo', loginId: 5 }), 400, 'VALIDATION');
    expectErrorShape(await api().post('/api/auth/login', ['demo']), 400, 'VALIDATION');
  });

  it('an oversized JSON body', async () => {
    const res = await api(admin).post('/api/admin/employees', { employeeCode: 'X4', familyName: 'x'.repeat(100_000), givenName: 'y' });
    expectErrorShape(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an oversized CSV', async () => {
    const big = new Uint8Array(9 * 1024 * 1024).fill(0x41);
    expectErrorShape(await api(admin).post('/api/admin/employee-imports', big, octet), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a CSV with an unterminated quote', async () => {
    const res = await api(admin).post('/api/admin/employee-imports', new TextEncoder().encode('社員コード,姓,名\r\n"0999,壊れた,行\r\n'), octet);
    expectErrorShape(res, 400, 'CSV_MALFORMED');
  });

  it('a CSV without the required headers', async () => {
    expectErrorShape(await api(admin).post('/api/admin/employee-imports', new TextEncoder().encode('name,mail\r\nx,y\r\n'), octet), 400, 'CSV_HEADER');
  });

  it('an Excel workbook instead of a CSV', async () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]);
    const res = await api(admin).post('/api/admin/employee-imports', xlsx, octet);
    expectErrorShape(res, 400, 'CSV_ENCODING');
    expect(res.body.error.message).toContain('CSV');
  });

  it('bytes that are neither UTF-8 nor Shift_JIS', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('社員コード,姓,名\r\n1,'), 0xff, 0xff, 0xfe, 0x0d, 0x0a]);
    expectErrorShape(await api(admin).post('/api/admin/employee-imports', bytes, octet), 400, 'CSV_ENCODING');
  });

  it('Shift_JIS bytes declared as UTF-8', async () => {
    // 社員コード,姓,名 in Shift_JIS, then a row.
    const sjis = new Uint8Array([0x8e, 0xd0, 0x88, 0xf5, 0x83, 0x52, 0x81, 0x5b, 0x83, 0x68, 0x2c, 0x90, 0xa9, 0x2c, 0x96, 0xbc, 0x0d, 0x0a, 0x31, 0x2c, 0x90, 0xa9, 0x2c, 0x96, 0xbc, 0x0d, 0x0a]);
    expectErrorShape(await api(admin).post('/api/admin/employee-imports?encoding=utf-8', sjis, octet), 400, 'CSV_ENCODING');
  });

  it('CSV rows with a direction control or only invisible characters in a name, naming the field', async () => {
    const res = await api(admin).post('/api/admin/employee-imports', new TextEncoder().encode('社員コード,姓,名\r\nB1,山田\u202E,太郎\r\nB2,\u200B,花子\r\n'), octet);
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e: any) => [e.line, e.field, e.code])).toEqual([
      [2, 'familyName', 'INVALID_CHARACTERS'],
      [3, 'familyName', 'INVISIBLE_ONLY'],
    ]);
    expect(res.body.errors[0].message).toContain('姓');
    expect((await api(admin).post(`/api/admin/employee-imports/${res.body.importId}/commit`)).status).toBe(409);
  });

  it('names with a direction control, invisible characters only or a lone surrogate', async () => {
    for (const [familyName, code] of [['山田\u202E', 'INVALID_CHARACTERS'], ['\u200B', 'INVISIBLE_ONLY']] as const) {
      const res = await api(admin).post('/api/admin/employees', { employeeCode: 'X5', familyName, givenName: '太郎' });
      expectErrorShape(res, 400, 'VALIDATION');
      expect(res.body.error.details.issues).toEqual([expect.objectContaining({ field: 'familyName', code })]);
    }
    const res = await api(admin).post('/api/admin/employees', '{"employeeCode":"X6","familyName":"ab\\ud800cd","givenName":"太郎"}', { 'Content-Type': 'application/json' });
    expectErrorShape(res, 400, 'INVALID_TEXT');
    expect(res.body.error.details.field).toBe('familyName');
  });

  it('a JSON body without Content-Type: application/json', async () => {
    const body = JSON.stringify({ employeeCode: 'X7', familyName: '型', givenName: '太郎' });
    expectErrorShape(await api(admin).post('/api/admin/employees', body, { 'Content-Type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectErrorShape(await api().post('/api/auth/login', JSON.stringify({ companyCode: 'demo', loginId: 'admin', password: 'x' }), { 'Content-Type': 'text/plain;charset=UTF-8' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an unknown encoding parameter', async () => {
    expectErrorShape(await api(admin).post('/api/admin/employee-imports?encoding=latin1', new TextEncoder().encode('a'), octet), 400, 'VALIDATION');
  });

  it('an invalid list cursor and limit', async () => {
    expectErrorShape(await api(admin).get('/api/admin/employees?cursor=%%%'), 400);
    expectErrorShape(await api(admin).get('/api/admin/employees?limit=100000'), 400, 'VALIDATION');
  });

  it('an unknown route', async () => {
    expect((await api(admin).get('/api/admin/nothing-here')).status).toBe(404);
  });

  it('left the employees as they were', async () => {
    expect(await count()).toBe(countBefore);
  });
});

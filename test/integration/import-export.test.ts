import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, signIn } from '../support/api.js';
import { expectCountsEqualRecount } from '../support/recount.js';
import { useLocalEnv } from '../support/fixtures.js';

let admin: string;
const octet = { 'Content-Type': 'application/octet-stream' };
const HEADER = '社員コード,姓,名,姓（カナ）,名（カナ）,所属事業所,所属部署,生年月日,メールアドレス1,メールアドレス2,メールアドレス3,ログインID,権限,有効';

async function waitUntilFinished(importId: string) {
  for (let i = 0; i < 600; i++) {
    const res = await api(admin).get(`/api/admin/employee-imports/${importId}`);
    if (['done', 'failed'].includes(res.body.state)) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

beforeAll(async () => {
  admin = await signIn('demo', 'admin');
});

describe('CSV import', () => {
  it('previews UTF-8 with BOM: creates, updates, the three duplicate warnings, nothing saved yet', async () => {
    const rows = [
      HEADER,
      'I-0001,取込,一郎,トリコミ,イチロウ,本社,営業部,1990/4/1,same@x.example.jp,same@x.example.jp,,,一般,1',
      'I-0002,取込,二郎,,,本社,営業部,,shared@x.example.jp,,,,,',
      'I-0003,取込,三郎,,,本社,営業部,,shared@x.example.jp,,,,,',
      'I-0004,取込,四郎,,,本社,営業部,,eigyo@demo.example.jp,,,,,',
      '0001,佐藤,健太,サトウ,ケンタ,本社,営業部,,,,,,,',
    ];
    const bytes = new TextEncoder().encode('\uFEFF' + rows.join('\r\n') + '\r\n');
    const res = await api(admin).post('/api/admin/employee-imports', bytes, octet);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'previewed', encoding: 'utf-8', total: 5, creates: 4, updates: 1, errorCount: 0 });
    const codes = res.body.warnings.map((w: any) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['EMAIL_DUPLICATE_IN_ROW', 'EMAIL_DUPLICATE_IN_FILE', 'EMAIL_DUPLICATE_EXISTING']));
    expect(res.body.warnings.every((w: any) => typeof w.message === 'string' && w.line > 1)).toBe(true);
    // Search matches anywhere, and other files share the demo company (mail-issuance's ML<run>-000
    // contains i-000 whenever its base-36 run tag ends in i): only these rows' own codes count.
    const list = await api(admin).get('/api/admin/employees?q=I-000');
    expect(list.status).toBe(200);
    expect(list.body.items.filter((e: any) => /^I-000[1-4]$/.test(e.employeeCode))).toEqual([]);
    expect((await api(admin).del(`/api/admin/employee-imports/${res.body.importId}`)).status).toBe(204);
    expect((await api(admin).post(`/api/admin/employee-imports/${res.body.importId}/commit`)).status).toBe(409);
  });

  it('lists row errors with line numbers and refuses to commit them', async () => {
    const bytes = new TextEncoder().encode([HEADER, 'E-1,,名前,,,,,2999-01-01,not-an-address,,,,,', 'E-1,重複,行,,,,,,,,,,,'].join('\n'));
    const res = await api(admin).post('/api/admin/employee-imports', bytes, octet);
    expect(res.status).toBe(200);
    expect(res.body.errorCount).toBeGreaterThanOrEqual(3);
    expect(res.body.errors.map((e: any) => e.line)).toEqual(expect.arrayContaining([2, 3]));
    const commit = await api(admin).post(`/api/admin/employee-imports/${res.body.importId}/commit`);
    expect(commit.status).toBe(409);
    expect(commit.body.error.code).toBe('IMPORT_HAS_ERRORS');
  });

  it('imports Shift_JIS as Japanese Excel writes it, in the background, then shows the rows', async () => {
    const text = [HEADER, 'S-0001,髙橋,一,タカハシ,ハジメ,本社,品質管理部,1980/01/02,s1@sjis.example.jp,,,sjis.one,一般,1', 'S-0002,山﨑,二,ヤマザキ,ジ,本社,品質管理部,,,,,,閲覧者,0'].join('\r\n') + '\r\n';
    const sjis = encodeShiftJis(text);
    const preview = await api(admin).post('/api/admin/employee-imports', sjis, octet);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ encoding: 'shift_jis', total: 2, creates: 2, errorCount: 0 });
    const commit = await api(admin).post(`/api/admin/employee-imports/${preview.body.importId}/commit`);
    expect(commit.status).toBe(202);
    const done = await waitUntilFinished(preview.body.importId);
    expect(done).toMatchObject({ state: 'done', succeeded: 2, failed: 0, progress: { done: 2, total: 2 } });
    const list = await api(admin).get(`/api/admin/employees?department=${encodeURIComponent('品質管理部')}`);
    expect(list.body.items.map((e: any) => [e.employeeCode, e.familyName, e.role, e.enabled])).toEqual([
      ['S-0001', '髙橋', 'employee', true],
      ['S-0002', '山﨑', 'viewer', false],
    ]);
    expect(list.body.items[0]).toMatchObject({ birthDate: '1980-01-02', loginId: 'sjis.one' });
  });

  it('saves a row the preview found new as an update when its code was registered meanwhile: one employee, no failure, counts right', async () => {
    // The worker writes a row the preview found new without reading it first; the code taken since must turn it into an update.
    const tag = `N${Date.now().toString(36).toUpperCase()}`;
    const text = [HEADER, `${tag}-1,取込,新一,,,本社,後着部,,,,,,,`, `${tag}-2,取込,新二,,,本社,後着部,,,,,,,`].join('\r\n') + '\r\n';
    const preview = await api(admin).post('/api/admin/employee-imports', new TextEncoder().encode(text), octet);
    expect(preview.body).toMatchObject({ total: 2, creates: 2, updates: 0, errorCount: 0 });
    const meanwhile = await api(admin).post('/api/admin/employees', { employeeCode: `${tag}-1`, familyName: '先着', givenName: '登録' });
    expect(meanwhile.status).toBe(201);
    expect((await api(admin).post(`/api/admin/employee-imports/${preview.body.importId}/commit`)).status).toBe(202);
    expect(await waitUntilFinished(preview.body.importId)).toMatchObject({ state: 'done', succeeded: 2, failed: 0, failedRows: [], progress: { done: 2, total: 2 } });
    const listed = (await api(admin).get(`/api/admin/employees?q=${tag}`)).body.items.filter((e: any) => e.employeeCode.startsWith(`${tag}-`));
    expect(listed.map((e: any) => [e.employeeCode, e.familyName, e.givenName])).toEqual([
      [`${tag}-1`, '取込', '新一'],
      [`${tag}-2`, '取込', '新二'],
    ]);
    expect(listed[0].id).toBe(meanwhile.body.id);
    await expectCountsEqualRecount(admin);
  });

  it('commits a preview saved before chunks grew (no chunkRows: 100 rows a chunk) with every row', async () => {
    useLocalEnv();
    const [{ dynamo }, { UpdateCommand }, { keys }, { createImportRowsFile }, { LEGACY_CHUNK_ROWS, CHUNK_ROWS }] = await Promise.all([
      import('../../functions/adapters/aws-clients.js'),
      import('@aws-sdk/lib-dynamodb'),
      import('../../functions/adapters/dynamodb/keys.js'),
      import('../../functions/adapters/s3/import-rows-file.js'),
      import('../../functions/core/imports/employee-import.js'),
    ]);
    const tag = `L${Date.now().toString(36).toUpperCase()}`;
    const total = LEGACY_CHUNK_ROWS + 50;
    expect(total).toBeLessThan(CHUNK_ROWS);
    const text = [HEADER, ...Array.from({ length: total }, (_, i) => `${tag}-${String(i + 1).padStart(3, '0')},旧版,${i + 1},,,本社,旧版部,,,,,,,`)].join('\r\n') + '\r\n';
    const preview = await api(admin).post('/api/admin/employee-imports', new TextEncoder().encode(text), octet);
    expect(preview.body).toMatchObject({ total, creates: total, errorCount: 0 });
    // As the preview of a version before: its rows in chunks of 100, its record without chunkRows.
    const companyId = (await api(admin).get('/api/admin/employees?limit=1')).body.items[0].companyId as string;
    const rowsFile = createImportRowsFile();
    const rows = await rowsFile.loadChunk(companyId, preview.body.importId, 0);
    expect(rows).toHaveLength(total);
    await rowsFile.save(companyId, preview.body.importId, [rows.slice(0, LEGACY_CHUNK_ROWS), rows.slice(LEGACY_CHUNK_ROWS)]);
    const old = await dynamo().send(new UpdateCommand({ TableName: 'kagi', Key: keys.employeeImport(companyId, preview.body.importId), UpdateExpression: 'REMOVE chunkRows', ReturnValues: 'ALL_OLD' }));
    expect(old.Attributes?.chunkRows).toBe(CHUNK_ROWS);
    expect((await api(admin).post(`/api/admin/employee-imports/${preview.body.importId}/commit`)).status).toBe(202);
    expect(await waitUntilFinished(preview.body.importId)).toMatchObject({ state: 'done', succeeded: total, failed: 0, progress: { done: total, total } });
    await expectCountsEqualRecount(admin);
  });
});

describe('CSV export', () => {
  it('is UTF-8 with BOM, keeps leading zeros for Excel, and re-imports as updates only', async () => {
    const res = await api(admin).get('/api/admin/employee-export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="employees-\d{8}\.csv"/);
    const raw = new Uint8Array(await (await fetch(`${inject('baseUrl')}/api/admin/employee-export`, { headers: { Authorization: `Bearer ${admin}` } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.text).toContain('="0001"');
    expect(res.text).toContain('髙橋');
    const back = await api(admin).post('/api/admin/employee-imports', new TextEncoder().encode(res.text), octet);
    expect(back.status).toBe(200);
    expect(back.body.creates).toBe(0);
    expect(back.body.updates).toBe(back.body.total);
    expect(back.body.errorCount).toBe(0);
  });
});

/** Shift_JIS (CP932) bytes for the characters these tests use, by asking the decoder in reverse. */
function encodeShiftJis(text: string): Uint8Array {
  const decoder = new TextDecoder('shift_jis');
  const table = new Map<string, number[]>();
  const add = (bytes: number[]) => {
    const ch = decoder.decode(new Uint8Array(bytes));
    if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, bytes);
  };
  for (let b = 0x20; b < 0x7f; b++) add([b]);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead >= 0xa0 && lead <= 0xdf) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) if (trail !== 0x7f) add([lead, trail]);
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch === '\r' || ch === '\n') out.push(ch.charCodeAt(0));
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`not in Shift_JIS: ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

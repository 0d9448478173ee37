import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_DEMO_ADDRESS } from '../../bin/local/demo-data.js';
import { api, editableFields, signIn } from '../support/api.js';
import { useLocalEnv } from '../support/fixtures.js';

let admin: string;

const editable = editableFields;

beforeAll(async () => {
  admin = await signIn('demo', 'admin');
});

describe('employees', () => {
  it('lists by employee code with leading zeros, in pages', async () => {
    const first = await api(admin).get('/api/admin/employees?limit=10');
    expect(first.body.items).toHaveLength(10);
    expect(first.body.items[0].employeeCode).toBe('0001');
    const codes = first.body.items.map((e: any) => e.employeeCode);
    expect([...codes].sort()).toEqual(codes);
    const second = await api(admin).get(`/api/admin/employees?limit=10&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].employeeCode > codes.at(-1)).toBe(true);
    expect(second.body.items.map((e: any) => e.id)).not.toContain(first.body.items[0].id);
  });

  it('searches code, name and kana (hiragana and katakana alike)', async () => {
    const byKanji = await api(admin).get(`/api/admin/employees?q=${encodeURIComponent('髙橋')}`);
    expect(byKanji.body.items.length).toBeGreaterThan(0);
    expect(byKanji.body.items.every((e: any) => e.familyName === '髙橋')).toBe(true);
    expect(byKanji.body.items.map((e: any) => e.employeeCode)).toContain('0003');
    const byKana = await api(admin).get(`/api/admin/employees?q=${encodeURIComponent('やまざき')}`);
    expect(byKana.body.items.length).toBeGreaterThan(0);
    expect(byKana.body.items.every((e: any) => e.familyName === '山﨑')).toBe(true);
    const byCode = await api(admin).get('/api/admin/employees?q=0003');
    expect(byCode.body.items.map((e: any) => e.employeeCode)).toContain('0003');
  });

  it('filters by department, and lists the departments', async () => {
    const departments = await api(admin).get('/api/admin/departments');
    expect(departments.body.items).toEqual(expect.arrayContaining(['営業部', '開発部', '人事部']));
    const sales = await api(admin).get(`/api/admin/employees?department=${encodeURIComponent('営業部')}&limit=200`);
    expect(sales.body.items.length).toBeGreaterThan(0);
    expect(sales.body.items.every((e: any) => e.department === '営業部')).toBe(true);
  });

  it('creates with a generated login ID, keeps leading zeros, and refuses a taken code', async () => {
    const res = await api(admin).post('/api/admin/employees', { employeeCode: '00777', familyName: '新規', givenName: '登録', email1: 'new.hire@demo.example.jp' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ employeeCode: '00777', role: 'employee', enabled: true, version: 1 });
    expect(res.body.loginId).toMatch(/^[a-z][a-z0-9]{7}$/);
    const again = await api(admin).post('/api/admin/employees', { employeeCode: '00777', familyName: '重複', givenName: '登録' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMPLOYEE_CODE_TAKEN');
  });

  it('warns about an address another employee has, naming them, and saves once confirmed', async () => {
    const body = { employeeCode: 'D-001', familyName: '共有', givenName: '次郎', email1: SHARED_DEMO_ADDRESS.toUpperCase() };
    const warned = await api(admin).post('/api/admin/employees', body);
    expect(warned.status).toBe(409);
    expect(warned.body.error.code).toBe('DUPLICATE_EMAIL');
    expect(warned.body.error.details.duplicates.length).toBe(2);
    expect(warned.body.error.details.duplicates[0]).toMatchObject({ address: SHARED_DEMO_ADDRESS, employeeCode: expect.any(String), name: expect.any(String) });
    const saved = await api(admin).post('/api/admin/employees', { ...body, confirmDuplicates: true });
    expect(saved.status).toBe(201);
  });

  it('warns on edit only for a newly added duplicate, and refuses a stale version', async () => {
    const created = (await api(admin).post('/api/admin/employees', { employeeCode: 'D-002', familyName: '編集', givenName: '三郎' })).body;
    const plain = await api(admin).put(`/api/admin/employees/${created.id}`, { ...editable(created), department: '開発部', version: created.version });
    expect(plain.status).toBe(200);
    expect(plain.body.version).toBe(2);
    const dup = await api(admin).put(`/api/admin/employees/${created.id}`, { ...editable(plain.body), email2: SHARED_DEMO_ADDRESS, version: plain.body.version });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE_EMAIL');
    const stale = await api(admin).put(`/api/admin/employees/${created.id}`, { ...editable(plain.body), version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
  });

  it('finds an address of an employee saved before the claims carried addresses, until it is given up', async () => {
    // The older shape: a holder item per address and claims without index keys. A deployed
    // stack's employees stay so until edited; the warning must keep naming them.
    useLocalEnv();
    const [{ dynamo }, { PutCommand, UpdateCommand, GetCommand }, { keys, ENTITY }] = await Promise.all([
      import('../../functions/adapters/aws-clients.js'),
      import('@aws-sdk/lib-dynamodb'),
      import('../../functions/adapters/dynamodb/keys.js'),
    ]);
    const old = (await api(admin).post('/api/admin/employees', { employeeCode: 'D-LEG', familyName: '旧形', givenName: '一郎', email1: 'legacy.one@demo.example.jp' })).body;
    const companyId = old.companyId as string;
    const claim = await dynamo().send(new UpdateCommand({ TableName: 'kagi', Key: keys.employeeCode(companyId, 'D-LEG'), UpdateExpression: 'REMOVE gsi1pk, gsi1sk', ReturnValues: 'ALL_OLD' }));
    expect(claim.Attributes).toMatchObject({ employeeId: old.id, gsi1pk: expect.stringContaining('#EMAIL#legacy.one@') });
    const holder = keys.emailHolder(companyId, 'legacy.one@demo.example.jp', old.id);
    await dynamo().send(new PutCommand({ TableName: 'kagi', Item: { ...holder, entity: ENTITY.emailHolder, address: 'legacy.one@demo.example.jp', employeeId: old.id } }));
    const body = { employeeCode: 'D-LEG2', familyName: '新形', givenName: '二郎', email1: 'Legacy.One@demo.example.jp' };
    const warned = await api(admin).post('/api/admin/employees', body);
    expect(warned.status).toBe(409);
    expect(warned.body.error.details.duplicates).toEqual([expect.objectContaining({ employeeCode: 'D-LEG' })]);
    const edited = await api(admin).put(`/api/admin/employees/${old.id}`, { ...editable(old), email1: 'legacy.two@demo.example.jp', version: old.version });
    expect(edited.status, edited.text).toBe(200);
    expect((await dynamo().send(new GetCommand({ TableName: 'kagi', Key: holder }))).Item).toBeUndefined();
    expect((await api(admin).post('/api/admin/employees', body)).status).toBe(201);
    const again = await api(admin).post('/api/admin/employees', { ...body, employeeCode: 'D-LEG3', email1: 'legacy.two@demo.example.jp' });
    expect(again.body.error.details.duplicates).toEqual([expect.objectContaining({ employeeCode: 'D-LEG' })]);
  });

  it('deletes logically: gone from the list, code free again', async () => {
    // Search matches anywhere in the code, and other files share the demo company (mail-issuance's
    // `ML<run>-003` contains d-003 whenever its run tag ends in d): a live neighbour is made here,
    // so the list is checked for the deleted employee alone, whatever else matches.
    const neighbour = (await api(admin).post('/api/admin/employees', { employeeCode: 'KD-0031', familyName: '隣人', givenName: '五郎' })).body;
    const created = (await api(admin).post('/api/admin/employees', { employeeCode: 'D-003', familyName: '削除', givenName: '四郎' })).body;
    expect((await api(admin).del(`/api/admin/employees/${created.id}`)).status).toBe(204);
    expect((await api(admin).get(`/api/admin/employees/${created.id}`)).status).toBe(404);
    const listed = (await api(admin).get('/api/admin/employees?q=D-003')).body.items.map((e: any) => e.id);
    expect(listed).toContain(neighbour.id);
    expect(listed).not.toContain(created.id);
    expect((await api(admin).post('/api/admin/employees', { employeeCode: 'D-003', familyName: '再', givenName: '登録' })).status).toBe(201);
  });

  it('writes an audit entry for each change', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await api(admin).get(`/api/admin/audit?from=${from}&to=${to}&limit=500`);
    const actions = new Set(res.body.items.map((e: any) => e.action));
    for (const action of ['employee.create', 'employee.update', 'employee.delete']) expect(actions).toContain(action);
    const create = res.body.items.find((e: any) => e.action === 'employee.create' && e.target === '00777');
    expect(create).toMatchObject({ actor: 'admin', result: 'success', sourceIp: expect.any(String) });
  });
});

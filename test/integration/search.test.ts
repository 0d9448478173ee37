import { beforeAll, describe, expect, it } from 'vitest';
import { api, editableFields, signIn } from '../support/api.js';
import { useLocalEnv } from '../support/fixtures.js';

let admin: string;

beforeAll(async () => {
  admin = await signIn('demo', 'admin');
});

const search = async (q: string) => {
  const res = await api(admin).get(`/api/admin/employees?limit=200&q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.body.items as Array<{ id: string; employeeCode: string; familyName: string; givenName: string }>;
};

describe('search by the common form of a name written with 異体字', () => {
  it('finds 髙橋 by 高橋 and 山﨑 by 山崎; the stored names keep their characters', async () => {
    const takahashi = await search('高橋');
    expect(takahashi.map((e) => e.employeeCode)).toContain('0003');
    expect(takahashi.find((e) => e.employeeCode === '0003')?.familyName).toBe('髙橋');

    const yamazaki = await search('山崎 誠');
    expect(yamazaki.length).toBeGreaterThan(0);
    expect(yamazaki.every((e) => e.familyName === '山\u{fa11}')).toBe(true);

    // The variant typed finds the same rows.
    expect((await search('髙橋')).map((e) => e.id).sort()).toEqual(takahashi.map((e) => e.id).sort());
  });

  it('finds an employee whose search text was stored before the folding changed', async () => {
    const created = await api(admin).post('/api/admin/employees', {
      employeeCode: 'ITAIJI-1', familyName: '渡邊', givenName: '齋', familyNameKana: 'ワタナベ', givenNameKana: 'イツキ', office: '', department: '',
      birthDate: '', email1: '', email2: '', email3: '', loginId: '', role: 'employee', enabled: true,
    });
    expect(created.status).toBe(201);
    // As an item written by an older kagi: a search text without 異体字 folding, no version.
    useLocalEnv();
    const [{ UpdateCommand }, { dynamo }, { keys }, { tableName }] = await Promise.all([
      import('@aws-sdk/lib-dynamodb'),
      import('../../functions/adapters/aws-clients.js'),
      import('../../functions/adapters/dynamodb/keys.js'),
      import('../../functions/adapters/dynamodb/table.js'),
    ]);
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.employee(created.body.companyId, created.body.id),
        UpdateExpression: 'SET searchText = :old REMOVE searchFold',
        ExpressionAttributeValues: { ':old': 'itaiji-1|渡邊齋|ワタナベイツキ' },
      }),
    );

    expect((await search('渡辺')).map((e) => e.id)).toContain(created.body.id);
    expect((await search('斉')).map((e) => e.id)).toContain(created.body.id);
    expect((await search('渡邊')).map((e) => e.id)).toContain(created.body.id);
    expect((await search('佐藤')).map((e) => e.id)).not.toContain(created.body.id);

    // Saved again, it carries the current folding and is found the same way.
    const read = await api(admin).get(`/api/admin/employees/${created.body.id}`);
    expect((await api(admin).put(`/api/admin/employees/${created.body.id}`, { ...editableFields(read.body), version: read.body.version, givenName: '齊' })).status).toBe(200);
    expect((await search('渡辺 斉')).map((e) => e.id)).toEqual([created.body.id]);

    await api(admin).del(`/api/admin/employees/${created.body.id}`);
  });
});

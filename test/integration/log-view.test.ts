import { beforeAll, describe, expect, inject, it } from 'vitest';
import { AUDIT_ACTIONS, groupOf } from '../../functions/core/audit/actions.js';
import type { AuditEntry } from '../../functions/core/audit/audit-entry.js';
import { api, signIn } from '../support/api.js';
import { createLogCompany, generateEntries, newestFirst, UNKNOWN_LOGINS, writeEntries, type LogCompany } from '../support/audit-seed.js';
import { useLocalEnv } from '../support/fixtures.js';

const DAY_MS = 86_400_000;
const PASSWORD = 'Log-View-Password-2026';

let company: LogCompany;
let seeded: AuditEntry[];
let admin: string;
let viewer: string;
const startedAt = new Date().toISOString();

const control = (path: string, body?: unknown) =>
  fetch(`${inject('baseUrl')}/__local/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

/** Every page of a search, following nextCursor with the window of the first answer; `all` keeps the test's own entries. */
async function searchAll(token: string, query: string, limit = 100, all = false): Promise<{ items: AuditEntry[]; first: any }> {
  const first = await api(token).get(`/api/admin/audit?${query}&limit=${limit}`);
  expect(first.status, first.text).toBe(200);
  const items: AuditEntry[] = [...first.body.items];
  let cursor: string | null = first.body.nextCursor;
  for (let page = 0; cursor && page < 200; page++) {
    const window = query.includes('lastDays') ? `${query.replace(/lastDays=\d+&?/, '')}&from=${first.body.from}&to=${first.body.to}` : query;
    const res = await api(token).get(`/api/admin/audit?${window}&limit=${limit}&cursor=${cursor}`);
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  }
  expect(cursor).toBeNull();
  return { items: all ? items : items.filter((e) => !ours(e)), first: first.body };
}

const ids = (entries: readonly AuditEntry[]) => entries.map((e) => e.id);
/** Seeded entries inside a window, newest first. */
const expected = (from: string, to: string, keep: (e: AuditEntry) => boolean = () => true) => ids(newestFirst(seeded.filter((e) => e.at >= from && e.at <= to && keep(e))));
/** What the test's own sign-ins and searches add to the company's log: only those may appear besides the seeded. */
const ours = (e: AuditEntry) => e.at >= startedAt && ['logadmin', 'logviewer'].includes(e.actor);

beforeAll(async () => {
  company = await createLogCompany('logs', PASSWORD, 130);
  seeded = generateEntries(company, 320, 120);
  await writeEntries(seeded);
  [admin, viewer] = await Promise.all([signIn('logs', 'logadmin', PASSWORD), signIn('logs', 'logviewer', PASSWORD)]);
}, 120_000);

describe('search (ログ表示)', () => {
  it('shows the last 30 days by default, newest first', async () => {
    const { items, first } = await searchAll(viewer, 'mode=all', 100, true);
    expect(Date.parse(first.to) - Date.parse(first.from)).toBe(30 * DAY_MS);
    expect(Math.abs(Date.parse(first.to) - Date.now())).toBeLessThan(60_000);
    expect(first.timeZone).toBe('Asia/Tokyo');
    const listed = items.filter((e) => !ours(e));
    expect(ids(listed)).toEqual(expected(first.from, first.to));
    expect(items.map((e) => `${e.at}#${e.id}`)).toEqual([...items.map((e) => `${e.at}#${e.id}`)].sort().reverse());
    expect(listed.length).toBeGreaterThan(50);
  });

  it('refuses 101 days, and more than the company keeps', async () => {
    expect((await api(viewer).get('/api/admin/audit?lastDays=101')).body.error.code).toBe('VALIDATION');
    const to = new Date();
    const from = new Date(to.getTime() - 101 * DAY_MS);
    const res = await api(viewer).get(`/api/admin/audit?from=${from.toISOString()}&to=${to.toISOString()}`);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'INVALID_RANGE', message: '期間は100日以内で指定してください。' } } });
    const hundred = await api(viewer).get(`/api/admin/audit?from=${new Date(to.getTime() - 100 * DAY_MS).toISOString()}&to=${to.toISOString()}&limit=1`);
    expect(hundred.status).toBe(200);

    await api(admin).call('PATCH', '/api/admin/settings', { auditRetentionDays: 100 });
    try {
      const old = await api(viewer).get(`/api/admin/audit?from=${new Date(to.getTime() - 110 * DAY_MS).toISOString()}&to=${new Date(to.getTime() - 20 * DAY_MS).toISOString()}`);
      expect(old).toMatchObject({ status: 400, body: { error: { code: 'BEYOND_RETENTION' } } });
    } finally {
      await api(admin).call('PATCH', '/api/admin/settings', { auditRetentionDays: 400 });
    }
  });

  describe('each filter returns exactly the matching entries of 100 days', () => {
    const to = () => new Date(Date.now() - 60_000).toISOString();
    let window: string;
    let from: string;
    let until: string;
    beforeAll(() => {
      until = to();
      from = new Date(Date.parse(until) - 100 * DAY_MS).toISOString();
      window = `from=${from}&to=${until}`;
    });

    it('by operation group', async () => {
      for (const group of ['employees', 'issuance', 'mail', 'settings']) {
        const { items } = await searchAll(viewer, `${window}&groups=${group}`);
        expect(ids(items), group).toEqual(expected(from, until, (e) => groupOf(e.action) === group));
      }
      const { items: signins } = await searchAll(viewer, `${window}&groups=signin`);
      expect(ids(signins)).toEqual(expected(from, until, (e) => groupOf(e.action) === 'signin'));
    });

    it('by single actions, across groups', async () => {
      const { items } = await searchAll(viewer, `${window}&actions=employee.update,issuance.pdf.start,verification.refused`);
      expect(ids(items)).toEqual(expected(from, until, (e) => ['employee.update', 'issuance.pdf.start', 'verification.refused'].includes(e.action)));
    });

    it('by acting user, by account or by a login ID no account has', async () => {
      const staff = company.accounts.staff3!;
      const { items } = await searchAll(viewer, `${window}&actor=${staff.id}`);
      expect(ids(items)).toEqual(expected(from, until, (e) => e.actorAccountId === staff.id));
      expect(items.length).toBeGreaterThan(5);
      const byLogin = await searchAll(viewer, `${window}&actorLogin=staff3`);
      expect(ids(byLogin.items)).toEqual(ids(items));
      const ghost = await searchAll(viewer, `${window}&actorLogin=${encodeURIComponent(UNKNOWN_LOGINS[0])}`);
      expect(ids(ghost.items)).toEqual(expected(from, until, (e) => e.actor === UNKNOWN_LOGINS[0]));
      expect(ghost.items.length).toBeGreaterThan(0);
    });

    it('by target user', async () => {
      const staff = company.accounts.staff5!;
      const { items } = await searchAll(viewer, `${window}&target=${staff.id}`);
      expect(ids(items)).toEqual(expected(from, until, (e) => e.targetAccountId === staff.id));
      expect(items.length).toBeGreaterThan(0);
      expect(ids((await searchAll(viewer, `${window}&targetLogin=staff5`)).items)).toEqual(ids(items));
      expect((await searchAll(viewer, `${window}&targetLogin=nobody-here`)).items).toEqual([]);
    });

    it('by result', async () => {
      const { items } = await searchAll(viewer, `${window}&result=failure`);
      expect(ids(items)).toEqual(expected(from, until, (e) => e.result === 'failure'));
      const ok = await searchAll(viewer, `${window}&result=success&groups=employees`);
      expect(ids(ok.items)).toEqual(expected(from, until, (e) => e.result === 'success' && groupOf(e.action) === 'employees'));
    });

    it('one person’s history: as actor and as target, each entry once', async () => {
      const staff = company.accounts.staff2!;
      const { items, first } = await searchAll(viewer, `${window}&user=${staff.id}`);
      const want = expected(from, until, (e) => e.actorAccountId === staff.id || e.targetAccountId === staff.id);
      expect(ids(items)).toEqual(want);
      expect(want.length).toBeGreaterThan(10);
      expect(first.count === null || first.count === want.length).toBe(true);
    });

    it('pages through several streams with small pages, each entry once', async () => {
      const whole = await searchAll(viewer, `${window}&groups=employees,issuance`);
      const paged = await searchAll(viewer, `${window}&groups=employees,issuance`, 7);
      expect(ids(paged.items)).toEqual(ids(whole.items));
      expect(paged.first.count === null || paged.first.count === whole.items.length).toBe(true);
    });

    it('combines conditions', async () => {
      const staff = company.accounts.staff1!;
      const { items } = await searchAll(viewer, `${window}&actor=${staff.id}&groups=employees&result=success`);
      expect(ids(items)).toEqual(expected(from, until, (e) => e.actorAccountId === staff.id && groupOf(e.action) === 'employees' && e.result === 'success'));
    });

    it('refuses unknown actions and groups', async () => {
      expect((await api(viewer).get(`/api/admin/audit?${window}&actions=nope.nothing`)).body.error.code).toBe('INVALID_CONDITION');
      expect((await api(viewer).get(`/api/admin/audit?${window}&groups=everything`)).body.error.code).toBe('INVALID_CONDITION');
    });
  });
});

describe('saved searches (検索条件の保存)', () => {
  it('keep "the last 30 days" relative: run again after the clock moves a week', async () => {
    const saved = await api(admin).post('/api/admin/audit/saved-searches', { name: '社員管理（30日）', conditions: { lastDays: 30, groups: ['employees'] } });
    expect(saved.status, saved.text).toBe(201);
    const list = await api(admin).get('/api/admin/audit/saved-searches');
    expect(list.body.items.map((s: any) => s.name)).toContain('社員管理（30日）');
    const run = async () => {
      const conditions = (await api(admin).get('/api/admin/audit/saved-searches')).body.items.find((s: any) => s.searchId === saved.body.searchId).conditions;
      return searchAll(admin, `lastDays=${conditions.lastDays}&groups=${conditions.groups.join(',')}`);
    };
    const now = await run();
    expect(ids(now.items)).toEqual(expected(now.first.from, now.first.to, (e) => groupOf(e.action) === 'employees'));
    expect((await control('clock', { offsetMs: 7 * DAY_MS })).status).toBe(200);
    try {
      const later = await run();
      expect(Date.parse(later.first.from) - Date.parse(now.first.from)).toBeGreaterThanOrEqual(7 * DAY_MS);
      expect(Date.parse(later.first.from) - Date.parse(now.first.from)).toBeLessThan(7 * DAY_MS + 60_000);
      expect(ids(later.items)).toEqual(expected(later.first.from, later.first.to, (e) => groupOf(e.action) === 'employees'));
      // The week at the old end dropped out.
      expect(later.items.length).toBeLessThan(now.items.length);
    } finally {
      await control('clock', { offsetMs: 0 });
    }
  });

  it('rename, delete, at most 20 each, only the owner', async () => {
    const created: string[] = [];
    const existing = (await api(admin).get('/api/admin/audit/saved-searches')).body.items.length;
    for (let i = existing; i < 20; i++) {
      const res = await api(admin).post('/api/admin/audit/saved-searches', { name: `検索${i}`, conditions: { from: '2026-01-01', to: '2026-01-31', result: 'failure' } });
      expect(res.status, res.text).toBe(201);
      created.push(res.body.searchId);
    }
    const over = await api(admin).post('/api/admin/audit/saved-searches', { name: '21件目', conditions: {} });
    expect(over).toMatchObject({ status: 409, body: { error: { code: 'TOO_MANY_SAVED_SEARCHES' } } });
    const id = created[0]!;
    const renamed = await api(admin).put(`/api/admin/audit/saved-searches/${id}`, { name: '  失敗だけ（1月） ' });
    expect(renamed.body).toMatchObject({ searchId: id, name: '失敗だけ（1月）', conditions: { from: '2026-01-01', to: '2026-01-31', result: 'failure' } });
    expect((await api(admin).del(`/api/admin/audit/saved-searches/${id}`)).status).toBe(204);
    expect((await api(admin).del(`/api/admin/audit/saved-searches/${id}`)).status).toBe(404);
    // One place is free again.
    expect((await api(admin).post('/api/admin/audit/saved-searches', { name: '20件目', conditions: { lastDays: 7 } })).status).toBe(201);
    // Bad conditions are refused before anything is saved.
    expect((await api(admin).post('/api/admin/audit/saved-searches', { name: 'x', conditions: { lastDays: 101 } })).status).toBe(400);
    expect((await api(admin).put(`/api/admin/audit/saved-searches/${created[1]}`, { conditions: { from: '2026-01-01', to: '2026-06-30' } })).body.error.code).toBe('INVALID_RANGE');
    for (const s of (await api(admin).get('/api/admin/audit/saved-searches')).body.items) await api(admin).del(`/api/admin/audit/saved-searches/${s.searchId}`);
  });
});

/** Parses the export's CSV (quoted cells with doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ''), i++;
    } else cell += c;
  }
  return rows;
}

async function exportCsv(token: string, conditions: unknown): Promise<string> {
  const started = await api(token).post('/api/admin/audit/exports', conditions);
  expect(started.status, started.text).toBe(202);
  let job = started.body;
  for (let i = 0; i < 300 && !job.download; i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = (await api(token).get(`/api/admin/audit/exports/${started.body.jobId}`)).body;
  }
  expect(job.state).toBe('done');
  const file = await fetch(job.download.url);
  expect(file.status).toBe(200);
  const bytes = new Uint8Array(await file.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes.slice(3));
}

describe('CSV export (CSV出力)', () => {
  it('lists exactly what a 100-day search lists, entry for entry, Excel-safe', async () => {
    const until = new Date(Date.now() - 60_000).toISOString();
    const from = new Date(Date.parse(until) - 100 * DAY_MS).toISOString();
    const search = await searchAll(viewer, `from=${from}&to=${until}`);
    const text = await exportCsv(viewer, { from, to: until });
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['日時', '操作分類', '操作内容', '結果', '操作ユーザー', '操作ユーザーID', '対象', '対象ユーザーID', '理由', '送信元IP', '詳細', 'ログID']);
    expect(rows.map((r) => r[11])).toEqual(ids(search.items));
    expect(rows.length).toBeGreaterThan(200);
    // Times in the company's zone with the offset.
    const first = search.items[0]!;
    const jst = new Date(Date.parse(first.at) + 9 * 3600_000).toISOString().slice(0, 19);
    expect(rows[0]![0]).toBe(`${jst}+09:00`);
    expect(rows[0]![2]).toBe(AUDIT_ACTIONS[first.action as keyof typeof AUDIT_ACTIONS].ja);
    // A login ID typed as a formula stays text in Excel.
    const formula = rows.filter((r) => r[4]!.includes('cmd|'));
    expect(formula.length).toBeGreaterThan(0);
    for (const r of formula) expect(r[4]).toBe(`'${UNKNOWN_LOGINS[1]}`);
    // Nothing else starts like a formula, but for the text form Excel shows as is (="192.0.2.1").
    expect(rows.flat().filter((cell) => /^[=+\-@]/.test(cell) && !/^="[^"]*"$/.test(cell))).toEqual([]);
    expect(rows.some((r) => /^="192\.0\.2\.\d+"$/.test(r[9]!))).toBe(true);
    // The export itself is in the log.
    const audited = await searchAll(admin, 'lastDays=1&actions=audit.export', 100, true);
    expect(audited.items.some((e) => e.actor === 'logviewer')).toBe(true);
  });
});

describe('tamper evidence (verify)', () => {
  it('is ok for untouched days, and names the day of a changed and of a removed entry', async () => {
    useLocalEnv();
    const { dynamo } = await import('../../functions/adapters/aws-clients.js');
    const { DeleteCommand, QueryCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { auditDigestPk, keys } = await import('../../functions/adapters/dynamodb/keys.js');
    const { auditItem } = await import('../../functions/adapters/dynamodb/table.js');
    // Seal this company afresh, whatever a sweep did while the test was setting up.
    const sealed = await dynamo().send(new QueryCommand({ TableName: 'kagi', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': auditDigestPk(company.companyId) } }));
    for (const item of sealed.Items ?? []) await dynamo().send(new DeleteCommand({ TableName: 'kagi', Key: { pk: item.pk, sk: item.sk } }));
    await dynamo().send(new DeleteCommand({ TableName: 'kagi', Key: keys.auditClose() }));
    expect((await control('sweep')).status).toBe(200);

    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
    const onDay = (d: string) => seeded.filter((e) => e.at.startsWith(d));
    let removedDay = '';
    let changedDay = '';
    for (let back = 10; back < 40 && (!removedDay || !changedDay); back++) {
      if (onDay(day(back)).length < 2) continue;
      if (!removedDay) removedDay = day(back);
      else changedDay = day(back);
    }
    const [from, to] = [changedDay, removedDay];
    const before = await api(admin).get(`/api/admin/audit/verify?from=${from}&to=${to}`);
    expect(before.status, before.text).toBe(200);
    expect(before.body.days.length).toBeGreaterThan(1);
    expect(before.body.days.map((d: any) => d.status)).toEqual(before.body.days.map(() => 'ok'));
    expect(before.body.days.find((d: any) => d.day === removedDay)).toMatchObject({ entries: onDay(removedDay).length, recorded: onDay(removedDay).length });
    // Sealed days count cheaply: whole days from their seals, the rest entry by entry.
    const counted = await searchAll(viewer, `from=${day(60)}T12:00:00Z&to=${new Date(Date.now() - 60_000).toISOString()}&groups=employees,issuance`, 7);
    expect(counted.first.count).toBe(counted.items.length);
    expect(counted.items.length).toBeGreaterThan(7);

    const removed = onDay(removedDay)[0]!;
    const changed = onDay(changedDay)[1]!;
    const removedKey = auditItem(removed);
    await dynamo().send(new DeleteCommand({ TableName: 'kagi', Key: { pk: removedKey.pk, sk: removedKey.sk } }));
    const changedKey = auditItem(changed);
    await dynamo().send(new UpdateCommand({ TableName: 'kagi', Key: { pk: changedKey.pk, sk: changedKey.sk }, UpdateExpression: 'SET sourceIp = :ip', ExpressionAttributeValues: { ':ip': '203.0.113.66' } }));

    const after = await api(admin).get(`/api/admin/audit/verify?from=${from}&to=${to}`);
    const byDay = Object.fromEntries(after.body.days.map((d: any) => [d.day, d]));
    expect(byDay[removedDay]).toMatchObject({ status: 'missing', missingIds: [removed.id], changedIds: [] });
    expect(byDay[changedDay]).toMatchObject({ status: 'changed', changedIds: [changed.id], missingIds: [] });
    const others = after.body.days.filter((d: any) => d.day !== removedDay && d.day !== changedDay);
    expect(others.every((d: any) => d.status === 'ok')).toBe(true);
    // Days not closed yet say so.
    const today = await api(admin).get(`/api/admin/audit/verify?from=${day(0)}&to=${day(0)}`);
    expect(today.body.days[0].status).toBe('open');
    // At most a month at once.
    expect((await api(admin).get(`/api/admin/audit/verify?from=${day(60)}&to=${day(0)}`)).status).toBe(400);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../bin/local/demo-data.js';
import { api, signIn, waitForJob } from '../support/api.js';
import { TEST_DEMO_PASSWORD } from '../support/constants.js';
import { useLocalEnv } from '../support/fixtures.js';

// グループ設定 (issue 12 item 1): groups of a company of their own, so the counts and the audit
// entries counted here are this file's alone. 1,000 employees go into groups through the job engine.

const RUN = Date.now().toString(36).slice(-5);
const CODE = `grp${RUN}`;
const MEMBERS = 1000;

function person(code: string, extra: Partial<DemoAccount> = {}): DemoAccount {
  return {
    employeeCode: code, familyName: '所属', givenName: code, familyNameKana: '', givenNameKana: '', office: '本社', department: '総務部', birthDate: '',
    email1: '', email2: '', email3: '', loginId: `u-${code.toLowerCase()}`, role: 'employee', enabled: true, ...extra,
  };
}

async function seed(code: string, members: number): Promise<void> {
  useLocalEnv();
  const { seedCompany } = await import('../../bin/local/seed.js');
  await seedCompany(code, `株式会社${code}`, [
    person('ADM', { role: 'admin', signIn: true }),
    person('VIEW', { role: 'viewer', signIn: true }),
    person('EMP', { signIn: true }),
    ...Array.from({ length: members }, (_, i) => person(`M${String(i + 1).padStart(4, '0')}`)),
  ], TEST_DEMO_PASSWORD);
}

const patch = (token: string, path: string, body: unknown) => api(token).call('PATCH', path, body);

/** Every employee of the company whose code starts with M, in code order. */
async function members(token: string): Promise<Array<{ id: string; employeeCode: string; groupId?: string }>> {
  const all: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await api(token).get(`/api/admin/employees?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    all.push(...res.body.items);
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return all.filter((e) => /^M\d{4}$/.test(e.employeeCode)).sort((a, b) => a.employeeCode.localeCompare(b.employeeCode));
}

/** How many of the company's audit entries of today have this action. */
async function auditCount(token: string, action: string): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const res = await api(token).get(`/api/admin/audit?lastDays=1&actions=${action}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    n += res.body.items.filter((e: any) => e.action === action).length;
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  return n;
}

const groupsOf = async (token: string) => (await api(token).get('/api/admin/groups')).body.items as any[];
const countOf = async (token: string, groupId: string) => (await groupsOf(token)).find((g) => g.groupId === groupId)?.memberCount;

async function assign(token: string, groupId: string | null, employeeIds: string[]) {
  const start = await api(token).post('/api/admin/groups/assignments', { groupId, employeeIds });
  expect(start.status, JSON.stringify(start.body)).toBe(202);
  return waitForJob(token, start.body.jobId);
}

let admin: string;
let viewer: string;
let employee: string;

beforeAll(async () => {
  await seed(CODE, MEMBERS);
  [admin, viewer, employee] = await Promise.all([signIn(CODE, 'u-adm'), signIn(CODE, 'u-view'), signIn(CODE, 'u-emp')]);
}, 180_000);

describe('グループ設定: create, edit, delete', () => {
  it('creates a group with the defaults (password only, Asia/Tokyo, ja), audited; names are unique per company', async () => {
    const created = await api(admin).post('/api/admin/groups', { name: `  本社 ${RUN}  ` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: `本社 ${RUN}`, firstFactor: 'password', secondFactor: null, timeZone: 'Asia/Tokyo', language: 'ja', memberCount: 0, version: 1 });

    // Width and case do not tell two names apart.
    const same = await api(admin).post('/api/admin/groups', { name: `本社\u3000${RUN.toUpperCase()}` });
    expect(same.status).toBe(409);
    expect(same.body.error).toMatchObject({ code: 'GROUP_NAME_TAKEN', message: expect.stringContaining('同じ名前') });

    const both = await api(admin).post('/api/admin/groups', { name: `工場 ${RUN}`, firstFactor: 'otp', secondFactor: 'password', timeZone: 'America/New_York', language: 'en' });
    expect(both.status).toBe(201);
    expect(both.body).toMatchObject({ firstFactor: 'otp', secondFactor: 'password', timeZone: 'America/New_York', language: 'en' });

    const listed = await groupsOf(viewer);
    expect(listed.map((g) => g.name)).toEqual(expect.arrayContaining([`本社 ${RUN}`, `工場 ${RUN}`]));
    expect(await auditCount(admin, 'group.create')).toBe(2);
  });

  it('edits a group on the version read; a rename onto another group is refused; a stale version is refused', async () => {
    const a = (await api(admin).post('/api/admin/groups', { name: `編集A ${RUN}` })).body;
    await api(admin).post('/api/admin/groups', { name: `編集B ${RUN}` });
    const edited = await patch(admin, `/api/admin/groups/${a.groupId}`, { firstFactor: 'otp', secondFactor: 'password', timeZone: 'UTC', language: 'en', version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ firstFactor: 'otp', secondFactor: 'password', timeZone: 'UTC', language: 'en', version: 2 });
    // Back to one factor: null clears the second.
    const single = await patch(admin, `/api/admin/groups/${a.groupId}`, { secondFactor: null });
    expect(single.body).toMatchObject({ firstFactor: 'otp', secondFactor: null, version: 3 });
    expect((await patch(admin, `/api/admin/groups/${a.groupId}`, { name: 'x', version: 1 })).body.error.code).toBe('VERSION_CONFLICT');
    const taken = await patch(admin, `/api/admin/groups/${a.groupId}`, { name: `編集b ${RUN}` });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('GROUP_NAME_TAKEN');
    // The old name is free again after a rename.
    expect((await patch(admin, `/api/admin/groups/${a.groupId}`, { name: `編集C ${RUN}` })).status).toBe(200);
    expect((await api(admin).post('/api/admin/groups', { name: `編集A ${RUN}` })).status).toBe(201);
    expect(await auditCount(admin, 'group.update')).toBeGreaterThanOrEqual(3);
  });

  it('answers bad input with 400 naming the field, never 5xx', async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'あ'.repeat(51) }, 'name'],
      [{ name: 'ok1', firstFactor: 'sms' }, 'firstFactor'],
      [{ name: 'ok2', firstFactor: 'password', secondFactor: 'password' }, 'secondFactor'],
      [{ name: 'ok3', secondFactor: 'fingerprint' }, 'secondFactor'],
      [{ name: 'ok4', timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ name: 'ok5', timeZone: 'JST' }, 'timeZone'],
      [{ name: 'ok6', language: 'fr' }, 'language'],
    ];
    for (const [body, field] of cases) {
      const res = await api(admin).post('/api/admin/groups', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.details?.field, JSON.stringify(body)).toBe(field);
    }
    expect((await api(admin).post('/api/admin/groups', { name: 'x', color: 'red' })).status).toBe(400);
    expect((await api(admin).post('/api/admin/groups', { name: 5 })).status).toBe(400);
    expect((await api(admin).post('/api/admin/groups', 'not json', { 'Content-Type': 'application/json' })).status).toBe(400);
    expect((await api(admin).post('/api/admin/groups/assignments', { groupId: null, employeeIds: [] })).status).toBe(400);
    expect((await api(admin).post('/api/admin/groups/assignments', { employeeIds: ['x'] })).status).toBe(400);
    expect((await api(admin).post('/api/admin/groups/assignments', { groupId: null, employeeIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] })).body.error.code).toBe('UNKNOWN_EMPLOYEES');
    expect((await patch(admin, '/api/admin/groups/not-a-ulid', { name: 'x' })).status).toBe(404);
  });

  it('lets viewers read and nobody else; employees get nothing', async () => {
    expect((await api(viewer).get('/api/admin/groups')).status).toBe(200);
    expect((await api(viewer).post('/api/admin/groups', { name: `閲覧 ${RUN}` })).status).toBe(403);
    const g = (await groupsOf(admin))[0];
    expect((await patch(viewer, `/api/admin/groups/${g.groupId}`, { name: 'v' })).status).toBe(403);
    expect((await api(viewer).del(`/api/admin/groups/${g.groupId}`)).status).toBe(403);
    expect((await api(viewer).post('/api/admin/groups/assignments', { groupId: g.groupId, employeeIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'] })).status).toBe(403);
    expect((await api(employee).get('/api/admin/groups')).status).toBe(403);
    expect((await api(employee).post('/api/admin/groups', { name: `社員 ${RUN}` })).status).toBe(403);
  });

  it("keeps companies apart: another company's group ids are 404 everywhere, and never listed", async () => {
    const mine = (await api(admin).post('/api/admin/groups', { name: `隔離 ${RUN}` })).body;
    const demo = await signIn('demo', 'admin');
    const demoEmployee = (await api(demo).get('/api/admin/employees?limit=1')).body.items[0];
    expect((await groupsOf(demo)).some((g) => g.groupId === mine.groupId)).toBe(false);
    expect((await patch(demo, `/api/admin/groups/${mine.groupId}`, { name: 'hijack' })).status).toBe(404);
    expect((await api(demo).del(`/api/admin/groups/${mine.groupId}`)).status).toBe(404);
    expect((await api(demo).post('/api/admin/groups/assignments', { groupId: mine.groupId, employeeIds: [demoEmployee.id] })).status).toBe(404);
    // Nor may this company's admin move the demo company's employees.
    expect((await api(admin).post('/api/admin/groups/assignments', { groupId: mine.groupId, employeeIds: [demoEmployee.id] })).body.error.code).toBe('UNKNOWN_EMPLOYEES');
    expect(await countOf(admin, mine.groupId)).toBe(0);
  });
});

describe('bulk assignment through the job engine', () => {
  it('puts 1,000 employees in a group, moves some, removes some: the counts stay right and every change is audited once', async () => {
    const everyone = await members(admin);
    expect(everyone).toHaveLength(MEMBERS);
    const ids = everyone.map((e) => e.id);
    const a = (await api(admin).post('/api/admin/groups', { name: `大量A ${RUN}` })).body;
    const b = (await api(admin).post('/api/admin/groups', { name: `大量B ${RUN}`, firstFactor: 'otp' })).body;
    const assignsBefore = await auditCount(admin, 'group.assign');

    const job = await assign(admin, a.groupId, ids);
    expect(job).toMatchObject({ kind: 'group-assignment', state: 'done', assignGroupId: a.groupId, counts: { succeeded: MEMBERS, failed: 0, excluded: 0 } });
    expect(await countOf(admin, a.groupId)).toBe(MEMBERS);
    expect(await auditCount(admin, 'group.assign')).toBe(assignsBefore + MEMBERS);
    const filtered = await api(admin).get(`/api/admin/employees?groupId=${a.groupId}&limit=5`);
    expect(filtered.body.items.every((e: any) => e.groupId === a.groupId)).toBe(true);
    expect(filtered.body.items).toHaveLength(5);
    // 未所属: only the three who sign in.
    const none = await api(admin).get('/api/admin/employees?groupId=none&limit=50');
    expect(none.body.items.map((e: any) => e.employeeCode).sort()).toEqual(['ADM', 'EMP', 'VIEW']);

    // The same again: nothing changes, nothing is audited.
    const again = await assign(admin, a.groupId, ids.slice(0, 30));
    expect(again.counts).toEqual({ succeeded: 0, failed: 0, excluded: 30 });
    expect(again.results[0]).toMatchObject({ outcome: 'excluded', reason: 'unchanged', message: expect.stringContaining('既に') });

    // 300 move from A to B: both counts move.
    const moved = await assign(admin, b.groupId, ids.slice(0, 300));
    expect(moved.counts).toEqual({ succeeded: 300, failed: 0, excluded: 0 });
    expect(await countOf(admin, a.groupId)).toBe(700);
    expect(await countOf(admin, b.groupId)).toBe(300);
    expect(await auditCount(admin, 'group.assign')).toBe(assignsBefore + MEMBERS + 300);

    // 100 leave B, 50 leave A.
    const unassignsBefore = await auditCount(admin, 'group.unassign');
    const removed = await assign(admin, null, [...ids.slice(0, 100), ...ids.slice(500, 550)]);
    expect(removed.counts).toEqual({ succeeded: 150, failed: 0, excluded: 0 });
    expect(await countOf(admin, a.groupId)).toBe(650);
    expect(await countOf(admin, b.groupId)).toBe(200);
    expect(await auditCount(admin, 'group.unassign')).toBe(unassignsBefore + 150);

    // The employees say the same as the counts.
    const now = await members(admin);
    const tally = (g: string | undefined) => now.filter((e) => e.groupId === g).length;
    expect([tally(a.groupId), tally(b.groupId), tally(undefined)]).toEqual([650, 200, 150]);

    // A group with members is not deleted until they are moved.
    const refused = await api(admin).del(`/api/admin/groups/${b.groupId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'GROUP_HAS_MEMBERS', message: expect.stringContaining('所属する社員') });
    await assign(admin, null, ids.slice(100, 300));
    expect(await countOf(admin, b.groupId)).toBe(0);
    expect((await api(admin).del(`/api/admin/groups/${b.groupId}`)).status).toBe(204);
    expect((await groupsOf(admin)).some((g) => g.groupId === b.groupId)).toBe(false);
    expect(await auditCount(admin, 'group.delete')).toBeGreaterThanOrEqual(1);
    expect(await auditCount(admin, 'group.assignment.done')).toBeGreaterThanOrEqual(5);
  }, 240_000);

  it('never strands anyone in a deleted group when a delete races an assignment', async () => {
    const everyone = await members(admin);
    for (let round = 0; round < 3; round++) {
      const g = (await api(admin).post('/api/admin/groups', { name: `競合${round} ${RUN}` })).body;
      const start = await api(admin).post('/api/admin/groups/assignments', { groupId: g.groupId, employeeIds: everyone.map((e) => e.id).slice(0, 200) });
      expect(start.status).toBe(202);
      // The delete goes out while the job's chunks run.
      await new Promise((r) => setTimeout(r, round * 40));
      const removed = await api(admin).del(`/api/admin/groups/${g.groupId}`);
      expect([204, 409]).toContain(removed.status);
      const job = await waitForJob(admin, start.body.jobId);
      const inGroup = (await members(admin)).filter((e) => e.groupId === g.groupId).length;
      if (removed.status === 204) {
        // Deleted before any chunk moved anyone: nobody is in it, each row failed with why.
        expect(inGroup).toBe(0);
        expect(job.counts.succeeded).toBe(0);
        expect(job.results.every((r: any) => r.reason === 'group-gone')).toBe(true);
      } else {
        expect(removed.body.error.code).toBe('GROUP_HAS_MEMBERS');
        expect(await countOf(admin, g.groupId)).toBe(inGroup);
        expect(inGroup).toBe(job.counts.succeeded);
      }
    }
  }, 120_000);

  it('fails the row of an employee deleted meanwhile, not the job; deleting a member moves its group count', async () => {
    const g = (await api(admin).post('/api/admin/groups', { name: `削除 ${RUN}` })).body;
    const two = (await members(admin)).filter((e) => !e.groupId).slice(0, 2);
    expect(two).toHaveLength(2);
    await assign(admin, g.groupId, [two[0]!.id]);
    expect(await countOf(admin, g.groupId)).toBe(1);
    expect((await api(admin).del(`/api/admin/employees/${two[0]!.id}`)).status).toBe(204);
    expect(await countOf(admin, g.groupId)).toBe(0);

    const job = await assign(admin, g.groupId, [two[0]!.id, two[1]!.id]);
    expect(job.state).toBe('done');
    expect(job.counts).toEqual({ succeeded: 1, failed: 1, excluded: 0 });
    expect(job.results).toEqual([expect.objectContaining({ employeeId: two[0]!.id, outcome: 'failed', reason: 'not-found' })]);
    expect(await countOf(admin, g.groupId)).toBe(1);
  });
});

describe("everyone the list's filters match", () => {
  it('assigns everyone a filter matches as one job, and refuses a filter of another shape', async () => {
    const g = (await api(admin).post('/api/admin/groups', { name: `絞り込み ${RUN}` })).body;
    let unassigned = 0;
    let cursor: string | undefined;
    do {
      const page = await api(admin).get(`/api/admin/employees?groupId=none&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      unassigned += page.body.items.length;
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(unassigned).toBeGreaterThan(3);
    const start = await api(admin).post('/api/admin/groups/assignments', { groupId: g.groupId, filter: { groupId: 'none' } });
    expect(start.status).toBe(202);
    const job = await waitForJob(admin, start.body.jobId);
    expect(job.counts).toEqual({ succeeded: unassigned, failed: 0, excluded: 0 });
    expect((await api(admin).get('/api/admin/employees?groupId=none&limit=200')).body.items).toEqual([]);
    expect(await countOf(admin, g.groupId)).toBe(unassigned);
    // Nobody matches any more: nothing to do.
    expect((await api(admin).post('/api/admin/groups/assignments', { groupId: g.groupId, filter: { groupId: 'none' } })).body.error.code).toBe('NO_TARGETS');
    expect((await api(admin).post('/api/admin/groups/assignments', { groupId: g.groupId, filter: { color: 'red' } })).status).toBe(400);
    expect((await api(admin).post('/api/admin/groups/assignments', { groupId: g.groupId, filter: {}, employeeIds: ['x'] })).status).toBe(400);
  });
});

describe('the bound on groups', () => {
  it('refuses the 101st group of a company with a message that says so', async () => {
    const code = `gmx${RUN}`;
    useLocalEnv();
    const { seedCompany } = await import('../../bin/local/seed.js');
    await seedCompany(code, `株式会社${code}`, [person('ADM', { role: 'admin', signIn: true })], TEST_DEMO_PASSWORD);
    const token = await signIn(code, 'u-adm');
    for (let i = 0; i < 100; i += 10) {
      const made = await Promise.all(Array.from({ length: 10 }, (_, j) => api(token).post('/api/admin/groups', { name: `G${i + j}` })));
      expect(made.map((r) => r.status)).toEqual(Array(10).fill(201));
    }
    const over = await api(token).post('/api/admin/groups', { name: 'G100' });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'TOO_MANY_GROUPS', message: expect.stringContaining('100') });
    // Deleting one makes room again.
    const first = (await groupsOf(token))[0];
    expect((await api(token).del(`/api/admin/groups/${first.groupId}`)).status).toBe(204);
    expect((await api(token).post('/api/admin/groups', { name: 'G100' })).status).toBe(201);
  }, 120_000);
});

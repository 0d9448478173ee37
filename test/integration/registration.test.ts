import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCsv } from '../../functions/core/employees/csv/parse.js';
import { api, fromAddress, signIn } from '../support/api.js';
import { runRegistrationJobWithKilledWorker, seedRegistrationCompany } from '../support/fixtures.js';
import { operations } from '../support/openapi.js';
import { expectCountsEqualRecount as expectRecount } from '../support/recount.js';
import { pdfText } from '../support/pdf-text.js';
import { qrCodesOfPages } from '../support/pdf-qr.js';
import { mailsTo } from '../e2e/mail-store.js';

// DESIGN.md §5b end to end, over HTTP, in a company of its own (the demo company's 30 employees).

const CODE = 'reg9';
const CONFIRM = '【kagi】メールアドレスの確認';
const CSV_SUBJECT = '【kagi】CSVファイルのダウンロードリンクのお知らせ';
const DONE_SUBJECT = '【kagi】アカウント登録完了のお知らせ';
const ADMIN_ADDRESS = `k.ogawa@${CODE}.example.jp`;
const NEW_PASSWORD = 'Hikari-no-Mori-2026';

let admin: string;
let viewer: string;
let otherAdmin: string;
let registrationUrl: string;
let companyKey: string;
/** employee code → the employee as the list shows it. */
const employees = new Map<string, any>();
/** employee code → registration password, as the CSV gives it. */
const passwords = new Map<string, string>();
let jobId: string;
let expiresAt: string;

const local = (path: string, body: unknown = {}) =>
  fetch(`${inject('baseUrl')}/__local/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const moveClock = async (offsetMs: number) => expect((await local('clock', { offsetMs })).status).toBe(200);
const idle = async () => expect((await local('idle')).status).toBe(200);

async function waitForJob(jobId: string) {
  for (let i = 0; i < 1200; i++) {
    const job = (await api(admin).get(`/api/admin/jobs/${jobId}`)).body;
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

async function listAll(query = '') {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await api(admin).get(`/api/admin/employees?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor ?? null;
  } while (cursor);
  return items;
}

const expectCountsEqualRecount = () => expectRecount(admin);

async function issue(employeeIds: string[]) {
  const started = await api(admin).post('/api/admin/registration-codes', { employeeIds });
  expect(started.status, started.text).toBe(202);
  return waitForJob(started.body.jobId);
}

async function download(id: string, file: 'csv' | 'letters', token = admin) {
  const link = await api(token).post(`/api/admin/registration-codes/${id}/downloads`, { file });
  return link;
}

const fetchBytes = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

/** code → password of a registration CSV; the cells as the file holds them too. */
function csvPasswords(text: string) {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  return { header: rows[0]!.cells, rows: rows.slice(1).map((r) => r.cells) };
}

const form = (e: any, password: string, email: string, overrides: Record<string, string> = {}) => ({
  employeeCode: e.employeeCode, birthDate: e.birthDate.replaceAll('-', ''), password, email, emailConfirmation: email, ...overrides,
});

const submit = (body: unknown, key = companyKey, from = '198.51.100.9') => api().post(`/api/registration/${key}`, body, fromAddress(from));
const linkIn = (text: string) => /https?:\/\/\S+\/register\/link\/([A-Za-z0-9_-]+)/.exec(text)?.[1];

async function registrationLink(address: string, count: number) {
  await expect.poll(async () => (await mailsTo(address, CONFIRM)).length, { timeout: 20_000 }).toBe(count);
  const mail = (await mailsTo(address, CONFIRM)).at(-1)!;
  const token = linkIn(mail.body.text ?? '');
  expect(token).toBeTruthy();
  return token!;
}

/** Every documented admin GET, as admin and as viewer (the export, job results and the audit among them), shows none of `addresses`. */
async function expectNoAdminRouteReveals(e: any, addresses: string[]) {
  const texts: string[] = [];
  for (const op of operations.filter((o) => o.method === 'get' && o.path.startsWith('/api/admin/'))) {
    const path = op.path.replace('{id}', e.id).replace('{jobId}', jobId).replace('{importId}', '01J0000000000000000000000Z');
    const query = op.path === '/api/admin/audit' ? `?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}&limit=500` : '';
    for (const token of [admin, viewer]) {
      const res = await api(token).get(path + query);
      texts.push(res.text);
    }
  }
  expect(texts.length).toBeGreaterThan(20);
  for (const text of texts) {
    for (const address of addresses) expect(text).not.toContain(address);
    expect(text.toLowerCase()).not.toContain('home.example.com');
  }
}

beforeAll(async () => {
  await seedRegistrationCompany(CODE, '株式会社レジスト', { withoutBirthDate: ['0021', '0030'] });
  [admin, viewer, otherAdmin] = await Promise.all([signIn(CODE, 'admin'), signIn(CODE, 'viewer'), signIn('demo', 'admin')]);
  const url = await api(admin).get('/api/admin/company/registration-url');
  expect(url.status).toBe(200);
  registrationUrl = url.body.url;
  companyKey = registrationUrl.split('/').at(-1)!;
  expect(companyKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
});

afterAll(async () => {
  await moveClock(0);
});

describe('registration passwords (bulk)', () => {
  it('issues 20 of the employees filtered by 私用メールアドレス:無 + アカウント発行:無, refuses one with its reason, and mails the admin the CSV link', async () => {
    const targets = await listAll('&privateEmail=no&accountIssued=no');
    expect(targets.map((e) => e.employeeCode)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(4, '0')));
    expect(targets.every((e) => e.registrationStatus === 'unissued' && e.privateEmailRegistered === false && e.accountIssued === false)).toBe(true);
    const chosen = targets.slice(0, 21);
    for (const e of chosen) employees.set(e.employeeCode, e);

    const job = await issue(chosen.map((e) => e.id));
    jobId = job.jobId;
    expect(job).toMatchObject({ kind: 'registration-codes', state: 'done', counts: { succeeded: 20, failed: 0, excluded: 1 }, download: null });
    expect(job.results).toEqual([expect.objectContaining({ employeeCode: '0021', outcome: 'excluded', reason: 'no-birth-date', message: '生年月日が未登録' })]);
    expect(job.files).toMatchObject({ csvMail: 'sent' });
    expiresAt = job.files.expiresAt;
    // One month ahead, to the day (Japan time).
    const jst = (iso: string) => new Date(Date.parse(iso) + 9 * 3600_000);
    const started = jst(job.createdAt);
    const until = jst(expiresAt);
    expect((until.getUTCFullYear() - started.getUTCFullYear()) * 12 + until.getUTCMonth() - started.getUTCMonth()).toBe(1);

    const mails = await mailsTo(ADMIN_ADDRESS, CSV_SUBJECT);
    expect(mails).toHaveLength(1);
    const token = /\/admin\/registration-codes\/download\/([A-Za-z0-9_-]+)/.exec(mails[0]!.body.text ?? '')?.[1];
    expect(token).toBeTruthy();

    // Only the admin the link was sent to downloads through it.
    expect((await api(otherAdmin).post(`/api/admin/registration-csv-links/${token}`)).status).toBe(404);
    expect((await api(viewer).post(`/api/admin/registration-csv-links/${token}`)).status).toBe(403);
    const link = await api(admin).post(`/api/admin/registration-csv-links/${token}`);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ jobId, fileName: expect.stringMatching(/^registration-passwords-\d{8}\.csv$/) });
    const bytes = await fetchBytes(link.body.url);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const { header, rows } = csvPasswords(text);
    expect(header).toEqual(['社員コード', '姓名', 'セイメイ', '私用メールアドレス登録用パスワード', '有効期限', '所属事業所', '所属部署']);
    expect(rows).toHaveLength(20);
    const expiryCell = `${until.toISOString().slice(0, 10).replaceAll('-', '/')}`;
    for (const row of rows) {
      // Codes and passwords keep their leading zeros: a tab before digits, never a formula.
      expect(row[0]).toMatch(/^\t\d{4}$/);
      expect(row[3]).toMatch(/^\t\d{6}$/);
      expect(row[4]!.startsWith(expiryCell)).toBe(true);
      passwords.set(row[0]!.trim(), row[3]!.trim());
    }
    expect(text).not.toMatch(/(^|,)=/m);
    expect([...passwords.keys()].sort()).toEqual(chosen.slice(0, 20).map((e) => e.employeeCode));
    expect((await api(admin).get('/api/admin/employees?registrationStatus=issued&limit=200')).body.items).toHaveLength(20);
    await expectCountsEqualRecount();
  });

  it('renders one letter page per employee with its password, the expiry and the company URL as a QR code', async () => {
    const link = await download(jobId, 'letters');
    expect(link.status).toBe(200);
    const bytes = await fetchBytes(link.body.url);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(20);
    const pages = pdfText(bytes).split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(20);
    for (const page of pages) {
      const code = /社員コード\s+(\d{4})/.exec(page)?.[1];
      expect(code && page.replace(/\s+/g, '')).toContain(`登録用パスワード${passwords.get(code!)}`);
      expect(page).toContain(registrationUrl);
      expect(page).toContain('株式会社レジスト');
    }
    const all = pages.join('\n');
    expect(all).toContain('髙橋');
    expect(all).toContain('山﨑');
    expect(qrCodesOfPages(bytes, [1, 20])).toEqual([registrationUrl, registrationUrl]);
  });

  it('audits every download and keeps the CSV from viewers and other companies', async () => {
    expect((await download(jobId, 'csv', viewer)).status).toBe(403);
    expect((await download(jobId, 'csv', otherAdmin)).status).toBe(404);
    const now = new Date(Date.now() + 60_000).toISOString();
    const audit = (await api(admin).get(`/api/admin/audit?from=${new Date(Date.now() - 3600_000).toISOString()}&to=${now}&limit=200`)).body.items as any[];
    expect(audit.filter((e) => e.action === 'registration.codes.download').map((e) => e.detail.file).sort()).toEqual(['csv', 'letters']);
  });
});

describe('the registration form and its link', () => {
  const address = `shizuka.private@${CODE}-home.example.com`;

  it('answers every wrong field the same, registers with the right ones, and a GET of the link changes nothing', async () => {
    const e = employees.get('0001');
    const password = passwords.get('0001')!;
    const other = passwords.get('0002')!;
    const wrong = [
      form(e, password, address, { employeeCode: '9999' }),
      form(e, password, address, { birthDate: '19000101' }),
      form(e, other, address),
    ];
    const answers = [...(await Promise.all(wrong.map((b) => submit(b)))), await submit(form(e, password, address), 'AAAAAAAAAAAAAAAAAAAAAA')];
    for (const a of answers) expect({ status: a.status, body: a.body }).toEqual({ status: 400, body: answers[0]!.body });
    expect(answers[0]!.body.error.code).toBe('REGISTRATION_INVALID');

    expect((await submit(form(e, password, address))).status).toBe(202);
    const token = await registrationLink(address, 1);
    for (let i = 0; i < 2; i++) expect((await api().get(`/api/registration/links/${token}`)).body).toEqual({ companyName: '株式会社レジスト', companyCode: CODE, employeeName: '佐藤 健太', loginId: e.loginId });
    const still = (await api(admin).get(`/api/admin/employees/${e.id}`)).body;
    expect(still).toMatchObject({ registrationStatus: 'issued', privateEmailRegistered: false, accountIssued: false });

    const bad = await api().post(`/api/registration/links/${token}`, { originalPassword: other, newPassword: NEW_PASSWORD });
    expect(bad.body.error.code).toBe('ORIGINAL_PASSWORD_INVALID');
    const done = await api().post(`/api/registration/links/${token}`, { originalPassword: password, newPassword: NEW_PASSWORD });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ loginId: e.loginId, signInUrl: expect.stringContaining(`/login?company=${CODE}`) });
    // A second press fails; the used password is refused like any other mismatch.
    expect((await api().post(`/api/registration/links/${token}`, { originalPassword: password, newPassword: NEW_PASSWORD })).status).toBe(410);
    const used = await submit(form(e, password, address));
    expect({ status: used.status, body: used.body }).toEqual({ status: 400, body: answers[0]!.body });

    expect(await signIn(CODE, e.loginId, NEW_PASSWORD)).toBeTruthy();
    const after = (await api(admin).get(`/api/admin/employees/${e.id}`)).body;
    expect(after).toMatchObject({ privateEmailRegistered: true, accountIssued: true, registrationStatus: 'used', passwordStatus: 'issued', verificationStatus: 'verified' });
    expect((await mailsTo(address, DONE_SUBJECT))).toHaveLength(1);
    await expectCountsEqualRecount();
  });

  it('reveals the private address on no admin route: every documented admin GET, the export, job results and the audit', async () => {
    await expectNoAdminRouteReveals(employees.get('0001'), [address]);
  });

  it('locks an employee code after ten failures (audited without the address) until a reissue unlocks it', async () => {
    const e = employees.get('0002');
    const password = passwords.get('0002')!;
    const wrong = password === '000000' ? '000001' : '000000';
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push((await submit(form(e, wrong, 'x@example.com'), companyKey, '203.0.113.20')).status);
    expect(answers).toEqual([...Array(9).fill(400), 423]);
    expect((await submit(form(e, password, 'x@example.com'), companyKey, '203.0.113.21')).status).toBe(423);
    expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.registrationLocked).toBe(true);
    const audit = (await api(admin).get(`/api/admin/audit?from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}&limit=500`)).body.items as any[];
    const locked = audit.filter((x) => x.action === 'registration.locked');
    expect(locked).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('x@example.com');

    const job = await issue([e.id]);
    expect(job.counts.succeeded).toBe(1);
    const csv = csvPasswords(new TextDecoder().decode(await fetchBytes((await download(job.jobId, 'csv')).body.url)));
    const fresh = csv.rows[0]![3]!.trim();
    expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.registrationLocked).toBe(false);
    expect((await submit(form(e, password, 'x@example.com'))).status).toBe(password === fresh ? 202 : 400);
    expect((await submit(form(e, fresh, `reissued@${CODE}-home.example.com`))).status).toBe(202);
    passwords.set('0002', fresh);
  });

  it('keeps only the newest link, and a link is dead after 24 hours', async () => {
    const e = employees.get('0003');
    const password = passwords.get('0003')!;
    expect((await submit(form(e, password, `first@${CODE}-home.example.com`))).status).toBe(202);
    const first = await registrationLink(`first@${CODE}-home.example.com`, 1);
    expect((await submit(form(e, password, `second@${CODE}-home.example.com`))).status).toBe(202);
    const second = await registrationLink(`second@${CODE}-home.example.com`, 1);
    expect((await api().get(`/api/registration/links/${first}`)).status).toBe(410);
    expect((await api().get(`/api/registration/links/${second}`)).status).toBe(200);
    await moveClock(25 * 3600_000);
    try {
      expect((await api().get(`/api/registration/links/${second}`)).status).toBe(410);
      expect((await api().post(`/api/registration/links/${second}`, { originalPassword: password, newPassword: NEW_PASSWORD })).status).toBe(410);
    } finally {
      await moveClock(0);
    }
  });

  it('stops the old URL once rotated', async () => {
    const e = employees.get('0004');
    const password = passwords.get('0004')!;
    const rotated = await api(admin).post('/api/admin/company/registration-url');
    expect(rotated.status).toBe(200);
    expect((await api(viewer).post('/api/admin/company/registration-url')).status).toBe(403);
    const newKey = rotated.body.url.split('/').at(-1);
    expect(newKey).not.toBe(companyKey);
    const old = await submit(form(e, password, `rotated@${CODE}-home.example.com`));
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('REGISTRATION_INVALID');
    companyKey = newKey;
    registrationUrl = rotated.body.url;
    expect((await submit(form(e, password, `rotated@${CODE}-home.example.com`))).status).toBe(202);
  });
});

describe('マイページ: the private address, changed by its owner and re-verified by mail', () => {
  const CHANGED = '【kagi】私用メールアドレス変更のお知らせ';
  const oldAddress = `shizuka.private@${CODE}-home.example.com`;
  const newAddress = `shizuka.new@${CODE}-home.example.com`;
  const privateLinkIn = (text: string) => /https?:\/\/\S+\/mypage\/private-email\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
  async function changeLink(to: string, count: number) {
    await expect.poll(async () => (await mailsTo(to, CONFIRM)).length, { timeout: 20_000 }).toBe(count);
    const token = privateLinkIn((await mailsTo(to, CONFIRM)).at(-1)!.body.text ?? '');
    expect(token).toBeTruthy();
    return token!;
  }
  const privateYes = (counts: Record<string, number>) => counts['privateEmail#yes'] ?? 0;
  const audited = async () =>
    (await api(admin).get(`/api/admin/audit?from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}&limit=500`)).body.items as any[];

  it('shows the owner the address, mails a link to the new one, changes nothing on GET, confirms once, and tells the old address', async () => {
    const e = employees.get('0001');
    const own = await signIn(CODE, e.loginId, NEW_PASSWORD);
    expect((await api(own).get('/api/me/private-email')).body).toEqual({ address: oldAddress, verifiedAt: expect.any(String), pending: null });
    expect((await api().get('/api/me/private-email')).status).toBe(401);

    // Bad input: a clear 400, no mail.
    for (const body of [
      { email: newAddress, emailConfirmation: `x${newAddress}` },
      { email: 'not-an-address', emailConfirmation: 'not-an-address' },
      { email: newAddress },
      { email: newAddress, emailConfirmation: newAddress, extra: 1 },
    ]) {
      const bad = await api(own).post('/api/me/private-email', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION');
    }
    const same = await api(own).post('/api/me/private-email', { email: oldAddress.toUpperCase(), emailConfirmation: oldAddress });
    expect([same.status, same.body.error.code]).toEqual([400, 'SAME_ADDRESS']);
    expect(await mailsTo(newAddress, CONFIRM)).toHaveLength(0);

    const asked = await api(own).post('/api/me/private-email', { email: newAddress, emailConfirmation: newAddress });
    expect(asked.status, asked.text).toBe(202);
    expect(Date.parse(asked.body.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    const token = await changeLink(newAddress, 1);
    expect((await api(own).get('/api/me/private-email')).body).toMatchObject({ address: oldAddress, pending: { address: newAddress, expiresAt: asked.body.expiresAt } });

    // GET reads only; another signed-in account, or none, cannot use the link.
    for (let i = 0; i < 2; i++) expect((await api(own).get(`/api/me/private-email/links/${token}`)).body).toEqual({ address: newAddress, expiresAt: asked.body.expiresAt });
    const stranger = await api(admin).post(`/api/me/private-email/links/${token}`);
    expect([stranger.status, stranger.body.error.code]).toEqual([403, 'LINK_OTHER_ACCOUNT']);
    expect((await api().post(`/api/me/private-email/links/${token}`)).status).toBe(401);
    expect((await api(own).get('/api/me/private-email')).body.address).toBe(oldAddress);

    const done = await api(own).post(`/api/me/private-email/links/${token}`);
    expect(done.status, done.text).toBe(200);
    expect(done.body).toEqual({ address: newAddress });
    expect((await api(own).post(`/api/me/private-email/links/${token}`)).status).toBe(410);
    expect((await api(own).get(`/api/me/private-email/links/${token}`)).status).toBe(410);
    expect((await api(own).get('/api/me/private-email')).body).toMatchObject({ address: newAddress, pending: null });

    await expect.poll(async () => (await mailsTo(oldAddress, CHANGED)).length, { timeout: 20_000 }).toBe(1);
    const notice = (await mailsTo(oldAddress, CHANGED))[0]!;
    expect(`${notice.body.text}${notice.body.html}`).not.toContain(newAddress);
    expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.privateEmailRegistered).toBe(true);
    const entries = (await audited()).filter((a) => a.action.startsWith('account.private-email.'));
    expect(entries.map((a) => [a.action, a.target, a.result]).sort()).toEqual([
      ['account.private-email.change', e.employeeCode, 'success'],
      ['account.private-email.request', e.employeeCode, 'success'],
    ]);
    await expectCountsEqualRecount();
  });

  it('turns 私用メールアドレス 無 into 有 with the counters, for an account issued otherwise (the viewer)', async () => {
    const listed = (await listAll()).find((x) => x.loginId === 'viewer');
    expect(listed).toMatchObject({ privateEmailRegistered: false, accountIssued: true });
    const counts = async () => (await api(admin).get('/api/admin/employee-counts')).body;
    const before = await counts();
    const address = `viewer.own@${CODE}-home.example.com`;
    expect((await api(viewer).get('/api/me/private-email')).body).toEqual({ address: null, verifiedAt: null, pending: null });
    expect((await api(viewer).post('/api/me/private-email', { email: address, emailConfirmation: address })).status).toBe(202);
    expect((await api(viewer).post(`/api/me/private-email/links/${await changeLink(address, 1)}`)).status).toBe(200);
    expect((await api(admin).get(`/api/admin/employees/${listed.id}`)).body.privateEmailRegistered).toBe(true);
    const after = await counts();
    expect(privateYes(after)).toBe(privateYes(before) + 1);
    await expectCountsEqualRecount();
    // No earlier address: no notice.
    expect(await mailsTo(address, CHANGED)).toHaveLength(0);
  });

  it('keeps only the newest link, and a link is dead after 24 hours', async () => {
    const [first, second] = [`admin.first@${CODE}-home.example.com`, `admin.second@${CODE}-home.example.com`];
    expect((await api(admin).post('/api/me/private-email', { email: first, emailConfirmation: first })).status).toBe(202);
    const a = await changeLink(first, 1);
    expect((await api(admin).post('/api/me/private-email', { email: second, emailConfirmation: second })).status).toBe(202);
    const b = await changeLink(second, 1);
    expect((await api(admin).post(`/api/me/private-email/links/${a}`)).status).toBe(410);
    expect((await api(admin).get(`/api/me/private-email/links/${b}`)).status).toBe(200);
    await moveClock(24 * 3600_000 + 60_000);
    try {
      expect((await api(admin).get(`/api/me/private-email/links/${b}`)).status).toBe(410);
      expect((await api(admin).post(`/api/me/private-email/links/${b}`)).status).toBe(410);
      expect((await api(admin).get('/api/me/private-email')).body).toEqual({ address: null, verifiedAt: null, pending: null });
    } finally {
      await moveClock(0);
    }
  });

  it('limits the confirmation mails per account: the sixth in an hour is refused with Retry-After', async () => {
    const e = employees.get('0001');
    const own = await signIn(CODE, e.loginId, NEW_PASSWORD);
    // A fresh hour window (the limit's), whatever the wall clock: nothing earlier counts in it.
    await moveClock(Math.ceil(Date.now() / 3600_000) * 3600_000 - Date.now() + 1000);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const to = `limit${i}@${CODE}-home.example.com`;
        const res = await api(own).post('/api/me/private-email', { email: to, emailConfirmation: to });
        statuses.push(res.status);
        if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(3000);
      }
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
      expect(await mailsTo(`limit5@${CODE}-home.example.com`, CONFIRM)).toHaveLength(0);
    } finally {
      await moveClock(0);
    }
  });

  it('reveals neither the registered nor the changed addresses on any admin route', async () => {
    await expectNoAdminRouteReveals(employees.get('0001'), [oldAddress, newAddress, `viewer.own@${CODE}-home.example.com`, `admin.second@${CODE}-home.example.com`]);
  });
});

describe('expiry', () => {
  it('refuses an expired password like a wrong one; the schedule deletes the files, 期限切れ then 未発行 the next day, counts equal a recount', async () => {
    const e = employees.get('0005');
    const password = passwords.get('0005')!;
    // Deleted while 発行済: the deletion took it out of the counters, so its expiry must not move them.
    expect((await api(admin).del(`/api/admin/employees/${employees.get('0006').id}`)).status).toBe(204);
    await expectCountsEqualRecount();
    await moveClock(Date.parse(expiresAt) - Date.now() + 60_000);
    try {
      const expired = await submit(form(e, password, `late@${CODE}-home.example.com`));
      expect(expired.status).toBe(400);
      expect(expired.body.error.code).toBe('REGISTRATION_INVALID');
      expect((await download(jobId, 'csv')).status).toBe(410);
      expect((await local('sweep')).status).toBe(200);
      await idle();
      expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.registrationStatus).toBe('expired');
      await expectCountsEqualRecount();
      const listed = (await api(admin).get('/api/admin/jobs')).body.items.map((j: any) => j.jobId);
      expect(listed).not.toContain(jobId);

      await moveClock(Date.parse(expiresAt) - Date.now() + 26 * 3600_000);
      expect((await local('sweep')).status).toBe(200);
      await idle();
      expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.registrationStatus).toBe('unissued');
      await expectCountsEqualRecount();
    } finally {
      await moveClock(0);
    }
  });
});

describe('a killed worker', () => {
  it('loses nothing when the first chunk dies after claiming: delivered again, every employee is issued once, counts equal a recount', async () => {
    const all = await listAll('&registrationStatus=unissued&accountIssued=no');
    const chosen = all.filter((e) => e.birthDate).slice(0, 3);
    expect(chosen).toHaveLength(3);
    const { job, failedDeliveries } = await runRegistrationJobWithKilledWorker(CODE, chosen.map((e) => e.id));
    expect(failedDeliveries).toBe(1);
    expect(job).toMatchObject({ state: 'done', counts: { succeeded: 3, failed: 0, excluded: 0 } });
    for (const e of chosen) expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.registrationStatus).toBe('issued');
    // One row per employee: the passwords of the lost run were never stored, the rerun's replace them.
    const csv = csvPasswords(new TextDecoder().decode(await fetchBytes((await download(job.jobId, 'csv')).body.url)));
    expect(csv.rows.map((r) => r[0]!.trim()).sort()).toEqual(chosen.map((e) => e.employeeCode).sort());
    await expectCountsEqualRecount();
  });
});

describe('the birth-date option', () => {
  it('issues yyyymmdd and refuses employees without a birth date', async () => {
    expect((await api(admin).call('PATCH', '/api/admin/settings', { registrationPasswordFromBirthDate: true })).status).toBe(200);
    try {
      const all = await listAll();
      const withDate = all.find((e) => e.employeeCode === '0025')!;
      const without = all.find((e) => e.employeeCode === '0030')!;
      const job = await issue([withDate.id, without.id]);
      expect(job.counts).toMatchObject({ succeeded: 1, excluded: 1 });
      expect(job.results[0]).toMatchObject({ employeeCode: '0030', reason: 'no-birth-date' });
      const csv = csvPasswords(new TextDecoder().decode(await fetchBytes((await download(job.jobId, 'csv')).body.url)));
      expect(csv.rows[0]![3]).toBe(`\t${withDate.birthDate.replaceAll('-', '')}`);
      await expectCountsEqualRecount();
    } finally {
      await api(admin).call('PATCH', '/api/admin/settings', { registrationPasswordFromBirthDate: false });
    }
  });
});

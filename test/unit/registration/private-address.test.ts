import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/access/actor.js';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import { TooManyRequests } from '../../../functions/core/guard/throttle.js';
import type { OutgoingMail, SendOutcome } from '../../../functions/core/mail/mailer.js';
import {
  createPrivateAddressService,
  privateLinkUsable,
  sameAddress,
  type PrivateAddressLink,
  type PrivateAddressRecord,
  type PrivateAddressStore,
} from '../../../functions/core/registration/private-address.js';
import { errorOf } from '../../support/error-of.js';

const OWNER = { id: 'e1', companyId: 'c1', employeeCode: '0007', familyName: '中村', givenName: '葵', loginId: 'nakamura.aoi', enabled: true, privateEmailRegistered: false } as Employee;
const actor = (accountId = 'e1'): Actor => ({ accountId, companyId: 'c1', loginId: accountId === 'e1' ? 'nakamura.aoi' : 'other', role: 'employee', displayName: '', sourceIp: '198.51.100.7' });

/** The store with the adapter's conditions: newest only, single use, deadline, 有 once. */
function world(options: { mail?: SendOutcome['status']; throttled?: boolean } = {}) {
  let now = new Date('2026-11-21T09:00:00Z');
  const records = new Map<string, PrivateAddressRecord>();
  const links = new Map<string, PrivateAddressLink>();
  const audit: AuditEntry[] = [];
  const sent: Array<{ subject: string; mail: OutgoingMail }> = [];
  const throttled: unknown[] = [];
  const owner = { ...OWNER };
  let counted = 0;
  const store: PrivateAddressStore = {
    current: async (c, e) => (records.has(`${c}/${e}`) ? { ...records.get(`${c}/${e}`)! } : undefined),
    link: async (d) => (links.has(d) ? { ...links.get(d)! } : undefined),
    async start(link, entry) {
      links.set(link.digest, { ...link });
      const key = `${link.companyId}/${link.employeeId}`;
      records.set(key, { ...records.get(key), pendingDigest: link.digest });
      audit.push(entry);
    },
    async confirm({ link, wasRegistered, at, audit: entry }) {
      const stored = links.get(link.digest);
      const key = `${link.companyId}/${link.employeeId}`;
      if (!stored || stored.usedAt || stored.expiresAt <= at || records.get(key)?.pendingDigest !== link.digest || owner.privateEmailRegistered !== wasRegistered) return false;
      stored.usedAt = at;
      records.set(key, { address: link.address, verifiedAt: at });
      if (!wasRegistered) counted += 1;
      owner.privateEmailRegistered = true;
      audit.push(entry);
      return true;
    },
  };
  let ids = 0;
  const service = createPrivateAddressService({
    store,
    owners: { company: async () => ({ id: 'c1', code: 'demo', name: '株式会社デモ', createdAt: '' }), employee: async (c, e) => (c === 'c1' && e === 'e1' ? { ...owner } : undefined) },
    mailer: {
      maxBatch: 50,
      async send(subject, mails) {
        for (const mail of mails) sent.push({ subject, mail });
        return mails.map(() => (options.mail === 'failed' ? { status: 'failed', error: 'x' } : { status: 'sent', messageId: 'm' }));
      },
    },
    throttle: async (subject) => {
      throttled.push(subject);
      if (options.throttled) throw new TooManyRequests(60);
    },
    publicBaseUrl: 'https://kagi.example.jp/',
    clock: { now: () => now },
    ids: { next: () => `id${++ids}` },
  });
  const tokenOf = (mail: OutgoingMail) => /\/mypage\/private-email\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  return { service, records, links, audit, sent, throttled, owner, tokenOf, counted: () => counted, at: (iso: string) => (now = new Date(iso)) };
}

describe('マイページ: the private address', () => {
  it('mails a 24-hour link to the new address only, keeps its digest, and changes nothing before the press', async () => {
    const w = world();
    expect(await w.service.show(actor())).toEqual({ address: null, verifiedAt: null, pending: null });
    const { expiresAt } = await w.service.request(actor(), '  aoi.home@example.com ');
    expect(expiresAt).toBe('2026-11-22T09:00:00.000Z');
    expect(w.sent).toHaveLength(1);
    expect(w.sent[0]!.subject).toBe('【kagi】メールアドレスの確認');
    expect(w.sent[0]!.mail.to).toBe('aoi.home@example.com');
    const token = w.tokenOf(w.sent[0]!.mail);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect([...w.links.keys()]).toEqual([createHash('sha256').update(token).digest('hex')]);
    expect(JSON.stringify([...w.links.values(), ...w.records.values()])).not.toContain(token);
    expect(w.throttled).toEqual([{ source: '198.51.100.7', account: 'c1:e1' }]);
    expect(await w.service.show(actor())).toEqual({ address: null, verifiedAt: null, pending: { address: 'aoi.home@example.com', expiresAt } });
    expect(await w.service.peek(actor(), token)).toEqual({ address: 'aoi.home@example.com', expiresAt });
    expect(await w.service.peek(actor(), token)).toEqual({ address: 'aoi.home@example.com', expiresAt });
    expect(w.owner.privateEmailRegistered).toBe(false);

    expect(await w.service.confirm(actor(), token)).toEqual({ address: 'aoi.home@example.com' });
    expect(w.owner.privateEmailRegistered).toBe(true);
    expect(w.counted()).toBe(1);
    expect((await w.service.show(actor())).address).toBe('aoi.home@example.com');
    // No earlier address: nobody to tell.
    expect(w.sent).toHaveLength(1);
    expect((await errorOf(w.service.confirm(actor(), token))).statusCode).toBe(410);
    expect(w.audit.map((a) => a.action)).toEqual(['account.private-email.request', 'account.private-email.change']);
    expect(JSON.stringify(w.audit)).not.toContain('aoi.home');
  });

  it('tells the replaced address, without naming the new one, and moves no counter when already 有', async () => {
    const w = world();
    await w.service.request(actor(), 'first@example.com');
    await w.service.confirm(actor(), w.tokenOf(w.sent[0]!.mail));
    await w.service.request(actor(), 'second@example.com');
    await w.service.confirm(actor(), w.tokenOf(w.sent[1]!.mail));
    expect(w.counted()).toBe(1);
    const notice = w.sent[2]!;
    expect(notice.subject).toBe('【kagi】私用メールアドレス変更のお知らせ');
    expect(notice.mail.to).toBe('first@example.com');
    expect(notice.mail.text + notice.mail.html).not.toContain('second@');
    expect(notice.mail.text).toContain('中村 葵 様');
  });

  it('keeps only the newest link, and none past 24 hours', async () => {
    const w = world();
    await w.service.request(actor(), 'one@example.com');
    await w.service.request(actor(), 'two@example.com');
    const [first, second] = w.sent.map((s) => w.tokenOf(s.mail));
    expect((await errorOf(w.service.peek(actor(), first!))).code).toBe('LINK_INVALID');
    expect((await errorOf(w.service.confirm(actor(), first!))).statusCode).toBe(410);
    w.at('2026-11-22T09:00:00Z');
    expect((await errorOf(w.service.confirm(actor(), second!))).statusCode).toBe(410);
    expect((await w.service.show(actor())).pending).toBeNull();
    expect(w.owner.privateEmailRegistered).toBe(false);
  });

  it('refuses another account, a malformed token, the same address, a throttled or failed send', async () => {
    const w = world();
    await w.service.request(actor(), 'mine@example.com');
    const token = w.tokenOf(w.sent[0]!.mail);
    const other = await errorOf(w.service.confirm(actor('e2'), token));
    expect([other.statusCode, other.code]).toEqual([403, 'LINK_OTHER_ACCOUNT']);
    expect((await errorOf(w.service.peek(actor(), 'short'))).statusCode).toBe(410);
    await w.service.confirm(actor(), token);
    const same = await errorOf(w.service.request(actor(), 'MINE@example.com'));
    expect([same.statusCode, same.code]).toEqual([400, 'SAME_ADDRESS']);

    const t = world({ throttled: true });
    expect((await errorOf(t.service.request(actor(), 'a@example.com'))).statusCode).toBe(429);
    expect([t.sent.length, t.links.size, t.audit.length]).toEqual([0, 0, 0]);

    const f = world({ mail: 'failed' });
    expect((await errorOf(f.service.request(actor(), 'a@example.com'))).statusCode).toBe(503);
  });

  it('counts a link only while it is the newest, unused, in time, and its owner may sign in', () => {
    const link: PrivateAddressLink = { digest: 'd1', companyId: 'c1', employeeId: 'e1', address: 'a@example.com', createdAt: '2026-11-21T09:00:00.000Z', expiresAt: '2026-11-22T09:00:00.000Z' };
    const record = { pendingDigest: 'd1' };
    const before = new Date('2026-11-22T08:59:59Z');
    expect(privateLinkUsable(link, record, OWNER, before)).toBe(true);
    expect(privateLinkUsable(link, record, OWNER, new Date(link.expiresAt))).toBe(false);
    expect(privateLinkUsable({ ...link, usedAt: '2026-11-21T10:00:00Z' }, record, OWNER, before)).toBe(false);
    expect(privateLinkUsable(link, { pendingDigest: 'd2' }, OWNER, before)).toBe(false);
    expect(privateLinkUsable(link, record, { ...OWNER, enabled: false }, before)).toBe(false);
    expect(privateLinkUsable(link, record, { ...OWNER, deleted: true }, before)).toBe(false);
    expect(privateLinkUsable(undefined, record, OWNER, before)).toBe(false);
    expect(sameAddress(' A@Example.com', 'a@example.com ')).toBe(true);
    expect(sameAddress(undefined, 'a@example.com')).toBe(false);
  });
});

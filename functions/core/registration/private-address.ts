import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Company } from '../companies/company.js';
import { fullName, type Employee } from '../employees/employee.js';
import type { ThrottleSubject } from '../guard/throttle.js';
import type { Mailer } from '../mail/mailer.js';
import { renderAddressConfirmation, renderPrivateAddressChanged, REGISTRATION_SUBJECTS } from '../mail/messages.js';
import { isWellFormedToken, newLinkToken, tokenDigest } from '../mail/token.js';
import { badRequest, DomainError } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { RandomBytes } from '../shared/uniform-random.js';
import { REGISTRATION_LINK_HOURS } from './status.js';

// マイページ's private address (DESIGN.md §5b: "registered ... through the company QR page, or on
// マイページ"). The address is its owner's alone: only the owner's own routes read it, and a new
// one counts only once a link mailed to it was confirmed by the same signed-in account, so a
// stolen session alone cannot bind an address, nor a mailbox alone.

/** The owner's private address as stored, and the digest of the newest pending change. */
export interface PrivateAddressRecord {
  address?: string;
  verifiedAt?: string;
  pendingDigest?: string;
}

/** A change waiting for its confirmation: the new address waits here until then. */
export interface PrivateAddressLink {
  digest: string;
  companyId: string;
  employeeId: string;
  address: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** Port: the private address, its pending change and the writes of both. */
export interface PrivateAddressStore {
  current(companyId: string, employeeId: string): Promise<PrivateAddressRecord | undefined>;
  link(digest: string): Promise<PrivateAddressLink | undefined>;
  /** Stores the link and makes it the newest (any earlier one stops counting), with its audit entry. */
  start(link: PrivateAddressLink, audit: AuditEntry): Promise<void>;
  /**
   * At once: the link used, the address stored as verified, 私用メールアドレス 有 (with the counters when
   * it was 無: `wasRegistered`), the audit entry. False when anything moved meanwhile.
   */
  confirm(change: { link: PrivateAddressLink; wasRegistered: boolean; at: string; audit: AuditEntry }): Promise<boolean>;
}

/** Port: whose account it is. */
export interface PrivateAddressOwners {
  company(companyId: string): Promise<Company | undefined>;
  employee(companyId: string, employeeId: string): Promise<Employee | undefined>;
}

export interface PrivateAddressServiceDeps {
  store: PrivateAddressStore;
  owners: PrivateAddressOwners;
  mailer: Mailer;
  /** The one throttle, family `private-email` (per account and per client address). */
  throttle: (subject: ThrottleSubject) => Promise<void>;
  publicBaseUrl: string;
  clock: Clock;
  ids: Ids;
  random?: RandomBytes;
}

/** What マイページ shows: the address, and a change still waiting for its confirmation. */
export interface PrivateAddressView {
  address: string | null;
  verifiedAt: string | null;
  pending: { address: string; expiresAt: string } | null;
}

export const privateAddressLinkUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl.replace(/\/+$/, '')}/mypage/private-email/${token}`;

/** Expired, used, superseded, unknown, or of a deleted or disabled account. */
export const PRIVATE_LINK_INVALID = () =>
  new DomainError(410, 'LINK_INVALID', {
    ja: 'このURLは有効期限が切れているか、すでに使用されています。お手数ですが、マイページからもう一度変更してください。',
    en: 'This link has expired or has already been used. Please change the address again on My page.',
  });

/** Another account is signed in: the link is only ever confirmed by the account that asked. */
export const PRIVATE_LINK_OTHER_ACCOUNT = () =>
  new DomainError(403, 'LINK_OTHER_ACCOUNT', {
    ja: 'このURLは、ログイン中のアカウントのものではありません。変更を申し込んだアカウントでログインし直してから開いてください。',
    en: 'This link belongs to another account. Sign in with the account that asked for the change, then open it again.',
  });

const SAME_ADDRESS = () =>
  badRequest(
    'SAME_ADDRESS',
    { ja: '現在登録されている私用メールアドレスと同じです。', en: 'This is the private address already registered.' },
    { issues: [{ field: 'email', code: 'same' }] },
  );

const MAIL_FAILED = () =>
  new DomainError(503, 'MAIL_NOT_SENT', {
    ja: '確認メールを送信できませんでした。時間をおいてもう一度お試しください。',
    en: 'The confirmation mail could not be sent. Try again later.',
  });

const NO_ACCOUNT = () => new DomainError(404, 'NOT_FOUND', { ja: 'アカウントが見つかりません。', en: 'No such account.' });

/** Addresses compare as mail systems do in practice: case-insensitively, spaces around ignored. */
export const sameAddress = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/** A link counts only while it is the owner's newest, unused, in time, and the owner still may sign in. */
export function privateLinkUsable(link: PrivateAddressLink | undefined, record: PrivateAddressRecord | undefined, owner: Employee | undefined, now: Date): boolean {
  if (!link || !record || !owner) return false;
  if (link.usedAt || Date.parse(link.expiresAt) <= now.getTime()) return false;
  if (record.pendingDigest !== link.digest) return false;
  return !owner.deleted && owner.enabled;
}

/** The signed-in account's private address (マイページ): show, change (mailed link), confirm. */
export function createPrivateAddressService({ store, owners, mailer, throttle, publicBaseUrl, clock, ids, random = randomBytes }: PrivateAddressServiceDeps) {
  function entry(actor: Actor, action: AuditEntry['action'], owner: Employee): AuditEntry {
    // No address here, neither old nor new: the audit log is an admin's screen.
    return { id: ids.next(), companyId: actor.companyId, at: clock.now().toISOString(), actor: actor.loginId, actorAccountId: actor.accountId, action, target: owner.employeeCode, result: 'success', sourceIp: actor.sourceIp };
  }

  async function ownerOf(actor: Actor) {
    const owner = await owners.employee(actor.companyId, actor.accountId);
    if (!owner || owner.deleted) throw NO_ACCOUNT();
    return owner;
  }

  /** The link behind a token, usable and the signed-in account's; GET and POST read it alike. */
  async function usableLink(actor: Actor, token: string) {
    if (!isWellFormedToken(token)) throw PRIVATE_LINK_INVALID();
    const link = await store.link(tokenDigest(token));
    if (!link) throw PRIVATE_LINK_INVALID();
    if (link.companyId !== actor.companyId || link.employeeId !== actor.accountId) throw PRIVATE_LINK_OTHER_ACCOUNT();
    const [record, owner] = await Promise.all([store.current(link.companyId, link.employeeId), owners.employee(link.companyId, link.employeeId)]);
    if (!privateLinkUsable(link, record, owner, clock.now())) throw PRIVATE_LINK_INVALID();
    return { link, record: record!, owner: owner! };
  }

  return {
    async show(actor: Actor): Promise<PrivateAddressView> {
      await ownerOf(actor);
      const record = await store.current(actor.companyId, actor.accountId);
      const pendingLink = record?.pendingDigest ? await store.link(record.pendingDigest) : undefined;
      const pending = pendingLink && !pendingLink.usedAt && Date.parse(pendingLink.expiresAt) > clock.now().getTime() ? { address: pendingLink.address, expiresAt: pendingLink.expiresAt } : null;
      return { address: record?.address ?? null, verifiedAt: record?.verifiedAt ?? null, pending };
    },

    /**
     * Mails 【kagi】メールアドレスの確認 to the new address; nothing changes until its link is
     * confirmed. Asking again replaces the pending change (newest only).
     */
    async request(actor: Actor, email: string): Promise<{ expiresAt: string }> {
      const address = email.trim();
      const owner = await ownerOf(actor);
      const record = await store.current(actor.companyId, actor.accountId);
      if (sameAddress(record?.address, address)) throw SAME_ADDRESS();
      await throttle({ source: actor.sourceIp, account: `${actor.companyId}:${actor.accountId}` });
      const company = await owners.company(actor.companyId);
      if (!company) throw NO_ACCOUNT();
      const now = clock.now();
      const { token, digest } = newLinkToken(random);
      const expiresAt = new Date(now.getTime() + REGISTRATION_LINK_HOURS * 3600_000).toISOString();
      const link: PrivateAddressLink = { digest, companyId: actor.companyId, employeeId: actor.accountId, address, createdAt: now.toISOString(), expiresAt };
      await store.start(link, entry(actor, 'account.private-email.request', owner));
      const content = renderAddressConfirmation({ companyName: company.name, employeeName: fullName(owner), link: privateAddressLinkUrl(publicBaseUrl, token), expiresAt, change: true });
      const [outcome] = await mailer.send(REGISTRATION_SUBJECTS.confirm, [
        { to: address, text: content.text, html: content.html, tags: { companyId: actor.companyId, employeeId: actor.accountId, mailId: ids.next() } },
      ]);
      if (outcome?.status !== 'sent') throw MAIL_FAILED();
      return { expiresAt };
    },

    /** The link's page: which address it confirms. Reads only: a mail scanner opening it uses nothing up. */
    async peek(actor: Actor, token: string): Promise<{ address: string; expiresAt: string }> {
      const { link } = await usableLink(actor, token);
      return { address: link.address, expiresAt: link.expiresAt };
    },

    /** 「確認する」: the new address becomes the private address; the old one is told, without the new one. */
    async confirm(actor: Actor, token: string): Promise<{ address: string }> {
      const { link, record, owner } = await usableLink(actor, token);
      const at = clock.now().toISOString();
      const done = await store.confirm({ link, wasRegistered: owner.privateEmailRegistered === true, at, audit: entry(actor, 'account.private-email.change', owner) });
      if (!done) throw PRIVATE_LINK_INVALID();
      const previous = record.address;
      if (previous && !sameAddress(previous, link.address)) {
        const company = await owners.company(actor.companyId);
        const content = renderPrivateAddressChanged({ companyName: company?.name ?? '', employeeName: fullName(owner), changedAt: at });
        // The change stands either way; a lost notice is not worth failing the press for.
        await mailer
          .send(REGISTRATION_SUBJECTS.changed, [{ to: previous, text: content.text, html: content.html, tags: { companyId: actor.companyId, employeeId: actor.accountId, mailId: ids.next() } }])
          .catch(() => undefined);
      }
      return { address: link.address };
    },
  };
}

export type PrivateAddressService = ReturnType<typeof createPrivateAddressService>;

import { randomBytes } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-entry.js';
import { companySignInUrl, type Company } from '../companies/company.js';
import type { CompanySettings } from '../companies/settings.js';
import { fullName, type Employee } from '../employees/employee.js';
import type { Mailer } from '../mail/mailer.js';
import { renderAccountNotice, SUBJECTS } from '../mail/messages.js';
import { isWellFormedToken, linkUsable, tokenDigest, type StoredLink } from '../mail/token.js';
import { DomainError } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { RandomBytes } from '../shared/uniform-random.js';
import type { AddressSlot, LinkStore, MailHistory, MailRecord } from './mail-issuance.js';
import type { TemporaryCredentials } from './pdf-issuance.js';
import { transition, type IssuanceState } from './status.js';
import { generateTemporaryPassword } from './temporary-password.js';

/** The employee as the verify page needs it: the link it holds and where the request went. */
export type LinkHoldingEmployee = Employee & { verificationTokenDigest?: string; verificationAddress?: number };

export interface VerifiedChange {
  link: StoredLink;
  employeeId: string;
  from: IssuanceState;
  next: IssuanceState;
  at: string;
  passwordExpiresAt: string;
  /** The account notice that follows: the last mail to the link's address from now on. */
  noticeMailId: string;
  audit: AuditEntry;
}

/** Port: what verifying reads and the one conditional write that uses a link. */
export interface VerificationStore {
  company(companyId: string): Promise<Company | undefined>;
  employee(companyId: string, employeeId: string): Promise<LinkHoldingEmployee | undefined>;
  /**
   * Marks the link used, moves the status (only while the link is still the employee's newest
   * and pending) and remembers the verified address, with counters and audit, all at once.
   * False when the link or the status moved meanwhile.
   */
  verify(change: VerifiedChange): Promise<boolean>;
  audit(entry: AuditEntry): Promise<void>;
}

/** The one answer for every link that cannot be used: expired, used, superseded or unknown. */
export const LINK_INVALID = () =>
  new DomainError(410, 'LINK_INVALID', {
    ja: 'アカウント認証URL有効期限切れです。このURLは有効期限が切れているか、すでに使用されています。お手数ですが、所属会社のご担当者様にお問い合わせください。',
    en: 'This account verification link has expired or has already been used. Please contact the person in charge at your company.',
  });

export interface VerificationPage {
  companyName: string;
  /** For the page's link to the sign-in page with the company filled in. */
  companyCode: string;
  employeeName: string;
}

export interface MailVerificationDeps {
  links: LinkStore;
  store: VerificationStore;
  history: MailHistory;
  credentials: TemporaryCredentials;
  mailer: Mailer;
  settings: (companyId: string) => Promise<CompanySettings>;
  publicBaseUrl: string;
  clock: Clock;
  ids: Ids;
  random?: RandomBytes;
}

/**
 * The employee's verify page: GET reads (changes nothing, so a mail scanner opening the link
 * uses nothing up), POST verifies and sends the account notice. Every unusable link gets the
 * same 410, whatever the cause.
 */
export function createMailVerification({ links, store, history, credentials, mailer, settings, publicBaseUrl, clock, ids, random = randomBytes }: MailVerificationDeps) {
  async function usable(token: string) {
    if (!isWellFormedToken(token)) throw LINK_INVALID();
    const link = await links.get(tokenDigest(token));
    const employee = link ? await store.employee(link.companyId, link.employeeId) : undefined;
    if (!link || !employee || !linkUsable(link, employee, clock.now())) {
      if (link) {
        await store.audit({ id: ids.next(), companyId: link.companyId, at: clock.now().toISOString(), actor: employee?.loginId ?? '', actorAccountId: link.employeeId, targetAccountId: link.employeeId, action: 'verification.refused', result: 'failure', reason: link.usedAt ? 'used' : 'unusable' });
      }
      throw LINK_INVALID();
    }
    const company = await store.company(link.companyId);
    return { link, employee, company };
  }

  return {
    async peek(token: string): Promise<VerificationPage> {
      const { employee, company } = await usable(token);
      return { companyName: company?.name ?? '', companyCode: company?.code ?? '', employeeName: fullName(employee) };
    },

    async verify(token: string, origin: { sourceIp?: string }): Promise<VerificationPage> {
      const { link, employee, company } = await usable(token);
      const from: IssuanceState = { password: employee.passwordStatus ?? 'unissued', verification: employee.verificationStatus ?? 'none' };
      const moved = transition(from, { type: 'link-verified' });
      if (!moved.ok) throw LINK_INVALID();
      const now = clock.now();
      const at = now.toISOString();
      const companySettings = await settings(link.companyId);
      const passwordExpiresAt = new Date(now.getTime() + companySettings.temporaryPasswordValidityDays * 86_400_000).toISOString();
      const noticeMailId = ids.next();
      const used = await store.verify({
        link, employeeId: employee.id, from, next: moved.next, at, passwordExpiresAt, noticeMailId,
        audit: { id: ids.next(), companyId: link.companyId, at, actor: employee.loginId, actorAccountId: employee.id, action: 'verification.verify', target: employee.employeeCode, targetAccountId: employee.id, result: 'success', sourceIp: origin.sourceIp, detail: { address: link.address } },
      });
      // A second press, or a resend that got there first: the link counts as used up.
      if (!used) throw LINK_INVALID();

      // The link is used: only now is a password made, so two presses cannot mail two.
      const password = generateTemporaryPassword(random, employee.loginId);
      await credentials.setTemporaryPassword(employee.id, link.companyId, password);
      const to = [employee.email1, employee.email2, employee.email3][link.address - 1] ?? '';
      const content = renderAccountNotice({
        companyName: company?.name ?? '', companyCode: company?.code ?? '', employeeName: fullName(employee), loginId: employee.loginId,
        temporaryPassword: password, passwordExpiresAt, signInUrl: companySignInUrl(publicBaseUrl, company?.code ?? ''), reissue: from.password === 'reissuing',
      });
      const record: MailRecord = {
        mailId: noticeMailId, companyId: link.companyId, employeeId: employee.id, kind: 'account-notice', address: link.address as AddressSlot, to,
        subject: SUBJECTS['account-notice'], sentAt: at, state: 'sending', delivery: 'sent', events: [], passwordExpiresAt,
      };
      await history.begin(record);
      const [outcome] = await mailer.send(SUBJECTS['account-notice'], [{ to, text: content.text, html: content.html, tags: { companyId: link.companyId, employeeId: employee.id, mailId: record.mailId } }]);
      await history.settle(record, outcome?.status === 'sent' ? { state: 'sent', messageId: outcome.messageId } : { state: 'failed' });
      return { companyName: company?.name ?? '', companyCode: company?.code ?? '', employeeName: fullName(employee) };
    },
  };
}

import type { Actor } from '../access/actor.js';
import { requireReader } from '../access/actor.js';
import { companySignInUrl, type Company } from '../companies/company.js';
import type { CompanySettings } from '../companies/settings.js';
import { fullName, type Employee } from '../employees/employee.js';
import { renderAccountNotice, renderVerificationRequest, type MailKind, type RenderedMail } from '../mail/messages.js';
import { notFound } from '../shared/errors.js';
import type { Clock } from '../shared/ports.js';
import type { AddressSlot, MailEvent, MailHistory } from './mail-issuance.js';

/** One line of メール送信履歴 as the API shows it. */
export interface MailHistoryItem {
  mailId: string;
  kind: MailKind;
  address: AddressSlot;
  to: string;
  subject: string;
  sentAt: string;
  delivery: 'sent' | 'delivered' | 'bounced' | 'complained' | 'failed';
  events: MailEvent[];
}

export interface MailPreview extends RenderedMail {
  to: string;
}

export interface MailHistoryServiceDeps {
  history: MailHistory;
  employee: (companyId: string, id: string) => Promise<Employee | undefined>;
  company: (companyId: string) => Promise<Company | undefined>;
  settings: (companyId: string) => Promise<CompanySettings>;
  publicBaseUrl: string;
  clock: Clock;
}

/** The issue page's メール送信履歴 and the previews of both mails, rendered by the sending code. */
export function createMailHistoryService({ history, employee, company, settings, publicBaseUrl, clock }: MailHistoryServiceDeps) {
  async function mustGet(actor: Actor, id: string): Promise<Employee> {
    requireReader(actor);
    const e = await employee(actor.companyId, id);
    if (!e || e.deleted) throw notFound({ ja: '社員が見つかりません。', en: 'Employee not found.' });
    return e;
  }

  return {
    async list(actor: Actor, id: string): Promise<MailHistoryItem[]> {
      await mustGet(actor, id);
      const records = await history.list(actor.companyId, id);
      // A marker of an attempt still running is not a mail yet.
      return records
        .filter((r) => r.state !== 'sending' || r.events.length > 0)
        .map((r) => ({
          mailId: r.mailId, kind: r.kind, address: r.address, to: r.to, subject: r.subject, sentAt: r.sentAt,
          delivery: r.state === 'failed' ? 'failed' : r.delivery, events: r.events,
        }));
    },

    async preview(actor: Actor, id: string, kind: MailKind, address: AddressSlot): Promise<MailPreview> {
      const e = await mustGet(actor, id);
      const [c, s] = await Promise.all([company(actor.companyId), settings(actor.companyId)]);
      const now = clock.now().getTime();
      const to = [e.email1, e.email2, e.email3][address - 1] ?? '';
      const rendered =
        kind === 'verification-request'
          ? renderVerificationRequest({ companyName: c?.name ?? '', employeeName: fullName(e), expiresAt: new Date(now + s.verificationValidityDays * 86_400_000).toISOString() })
          : renderAccountNotice({
              companyName: c?.name ?? '', companyCode: c?.code ?? '', employeeName: fullName(e), loginId: e.loginId,
              passwordExpiresAt: new Date(now + s.temporaryPasswordValidityDays * 86_400_000).toISOString(), signInUrl: companySignInUrl(publicBaseUrl, c?.code ?? ''),
              reissue: e.passwordStatus === 'issued' || e.passwordStatus === 'reissuing',
            });
      return { to, ...rendered };
    },
  };
}

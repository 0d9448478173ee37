import { SendBulkEmailCommand, SendEmailCommand, type BulkEmailEntryResult, type MessageTag } from '@aws-sdk/client-sesv2';
import type { Mailer, MailTags, OutgoingMail, SendOutcome } from '../../core/mail/mailer.js';
import { optionalEnv, requireEnv } from '../../shared/env.js';
import { ses } from '../clients/ses.js';
import { TAG } from '../../core/mail/delivery-events.js';

/** SendBulkEmail takes at most 50 destinations per call. */
export const SES_MAX_BULK = 50;

const THROTTLE_ERRORS = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException', 'SendingPausedException']);
const THROTTLED_STATUSES = new Set(['ACCOUNT_THROTTLED', 'TRANSIENT_FAILURE', 'ACCOUNT_SENDING_PAUSED']);

/** Message tags: ASCII letters, digits, `_` and `-` only, which ids are. */
export const TAG_NAMES = TAG;

const tagsOf = (tags: MailTags): MessageTag[] => (Object.keys(TAG_NAMES) as Array<keyof MailTags>).map((k) => ({ Name: TAG_NAMES[k], Value: tags[k] }));

/** Local only: the runtime hears every accepted mail, to play SES's event publishing. */
export type SentListener = (sent: Array<{ mail: OutgoingMail; subject: string; messageId: string }>) => void;
let sentListener: SentListener | undefined;
export function onMailSent(listener: SentListener | undefined): void {
  sentListener = listener;
}

function outcomeOf(r: BulkEmailEntryResult | undefined): SendOutcome {
  if (r?.Status === 'SUCCESS' && r.MessageId) return { status: 'sent', messageId: r.MessageId };
  if (r?.Status && THROTTLED_STATUSES.has(r.Status)) return { status: 'throttled' };
  return { status: 'failed', error: r?.Status ?? 'no result' };
}

/**
 * SES v2 behind the Mailer port. Several mails go in one SendBulkEmail call: the content is
 * rendered by kagi (core/mail/messages.ts) and handed over as the replacement data of an inline
 * template whose parts are plain substitutions, so SES changes nothing. One mail goes by
 * SendEmail with simple content. Every mail is sent through the configuration set.
 */
export function createSesMailer(): Mailer {
  const from = requireEnv('mailFrom');
  const configurationSet = optionalEnv('sesConfigurationSet');
  const charset = 'UTF-8';

  async function call(subject: string, mails: OutgoingMail[]): Promise<SendOutcome[]> {
    if (mails.length === 1) {
      const [mail] = mails as [OutgoingMail];
      const out = await ses().send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [mail.to] },
          ConfigurationSetName: configurationSet,
          EmailTags: tagsOf(mail.tags),
          Content: {
            Simple: {
              Subject: { Data: subject, Charset: charset },
              Body: { Text: { Data: mail.text, Charset: charset }, Html: { Data: mail.html, Charset: charset } },
            },
          },
        }),
      );
      return [out.MessageId ? { status: 'sent', messageId: out.MessageId } : { status: 'failed', error: 'no message id' }];
    }
    const out = await ses().send(
      new SendBulkEmailCommand({
        FromEmailAddress: from,
        ConfigurationSetName: configurationSet,
        DefaultContent: { Template: { TemplateContent: { Subject: subject, Text: '{{text}}', Html: '{{html}}' }, TemplateData: '{}' } },
        BulkEmailEntries: mails.map((mail) => ({
          Destination: { ToAddresses: [mail.to] },
          ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: JSON.stringify({ text: mail.text, html: mail.html }) } },
          ReplacementTags: tagsOf(mail.tags),
        })),
      }),
    );
    return mails.map((_, i) => outcomeOf(out.BulkEmailEntryResults?.[i]));
  }

  return {
    maxBatch: SES_MAX_BULK,
    async send(subject, mails) {
      if (mails.length === 0) return [];
      if (mails.length > SES_MAX_BULK) throw new Error(`At most ${SES_MAX_BULK} mails per call`);
      let outcomes: SendOutcome[];
      try {
        outcomes = await call(subject, mails);
      } catch (e) {
        if (e instanceof Error && THROTTLE_ERRORS.has(e.name)) return mails.map(() => ({ status: 'throttled' }));
        if (e instanceof Error && e.name === 'MessageRejected') return mails.map(() => ({ status: 'failed', error: 'MessageRejected' }));
        throw e;
      }
      if (sentListener) {
        const sent = outcomes.flatMap((o, i) => (o.status === 'sent' ? [{ mail: mails[i]!, subject, messageId: o.messageId }] : []));
        if (sent.length > 0) sentListener(sent);
      }
      return outcomes;
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { OutgoingMail } from '../../functions/core/mail/mailer.js';
import type { SesEventBridgeEvent } from '../../functions/jobs/mail-events.js';

/** SES's mailbox simulator: what SES reports for mail to each of these addresses. */
export const SIMULATOR = {
  success: 'success@simulator.amazonses.com',
  bounce: 'bounce@simulator.amazonses.com',
  complaint: 'complaint@simulator.amazonses.com',
} as const;

const DETAIL_TYPES: Record<string, string> = { Send: 'Email Sent', Delivery: 'Email Delivered', Bounce: 'Email Bounced', Complaint: 'Email Complaint Received' };

/**
 * The EventBridge events SES publishes through a configuration set for one accepted mail, as the
 * mailbox simulator makes them: bounce@ bounces, complaint@ is delivered and then complained
 * about, anything else (the local stand-in keeps every mail) is delivered.
 */
export function simulatedEvents(sent: { mail: OutgoingMail; subject: string; messageId: string }, configurationSet: string, at: Date): SesEventBridgeEvent[] {
  const to = sent.mail.to.toLowerCase();
  const timestamp = at.toISOString();
  const mail = {
    timestamp,
    source: process.env.KAGI_MAIL_FROM ?? '',
    messageId: sent.messageId,
    destination: [sent.mail.to],
    commonHeaders: { subject: sent.subject },
    tags: {
      'ses:configuration-set': [configurationSet],
      'kagi-company': [sent.mail.tags.companyId],
      'kagi-employee': [sent.mail.tags.employeeId],
      'kagi-mail': [sent.mail.tags.mailId],
    },
  };
  const types = to === SIMULATOR.bounce ? ['Send', 'Bounce'] : to === SIMULATOR.complaint ? ['Send', 'Delivery', 'Complaint'] : ['Send', 'Delivery'];
  return types.map((eventType) => ({
    version: '0',
    id: randomUUID(),
    'detail-type': DETAIL_TYPES[eventType],
    source: 'aws.ses',
    time: timestamp,
    detail: {
      eventType,
      mail,
      ...(eventType === 'Send' ? { send: {} } : {}),
      ...(eventType === 'Delivery' ? { delivery: { timestamp, recipients: [sent.mail.to], smtpResponse: '250 2.6.0 Message received' } } : {}),
      ...(eventType === 'Bounce'
        ? {
            bounce: {
              bounceType: 'Permanent', bounceSubType: 'General', timestamp, feedbackId: randomUUID(),
              bouncedRecipients: [{ emailAddress: sent.mail.to, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
            },
          }
        : {}),
      ...(eventType === 'Complaint' ? { complaint: { timestamp, complaintFeedbackType: 'abuse', complainedRecipients: [{ emailAddress: sent.mail.to }], feedbackId: randomUUID() } } : {}),
    },
  }));
}

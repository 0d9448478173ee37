// SES publishes what happened to each mail (send, delivery, bounce, complaint, reject) to the
// configuration set's event destination. kagi tags every mail with its company, employee and
// mail id, so an event finds its history entry without an index of SES message ids.

export type DeliveryState = 'sent' | 'delivered' | 'bounced' | 'complained' | 'failed';

/** The SES event fields kagi reads (the `detail` of the EventBridge event). */
export interface SesEvent {
  eventType?: string;
  mail?: { messageId?: string; timestamp?: string; destination?: string[]; tags?: Record<string, string[]> };
  bounce?: { bounceType?: string; bounceSubType?: string; timestamp?: string; bouncedRecipients?: Array<{ emailAddress?: string; diagnosticCode?: string }> };
  complaint?: { timestamp?: string; complaintFeedbackType?: string };
  delivery?: { timestamp?: string; smtpResponse?: string };
  reject?: { reason?: string };
  send?: Record<string, unknown>;
}

export interface DeliveryEvent {
  companyId: string;
  employeeId: string;
  mailId: string;
  type: 'send' | 'delivery' | 'bounce' | 'complaint' | 'reject';
  at: string;
  detail?: string;
  /** What the history shows after this event. */
  delivery: DeliveryState;
}

const TYPES: Record<string, DeliveryEvent['type']> = { Send: 'send', Delivery: 'delivery', Bounce: 'bounce', Complaint: 'complaint', Reject: 'reject' };
const STATES: Record<DeliveryEvent['type'], DeliveryState> = { send: 'sent', delivery: 'delivered', bounce: 'bounced', complaint: 'complained', reject: 'failed' };
/** A later, weaker event never hides a stronger one (a Send arriving after its Bounce). */
export const DELIVERY_RANK: Record<DeliveryState, number> = { sent: 0, delivered: 1, failed: 2, bounced: 3, complained: 4 };

export const TAG = { companyId: 'kagi-company', employeeId: 'kagi-employee', mailId: 'kagi-mail' } as const;

/** The event as kagi records it; undefined for events of mails kagi did not tag or does not track. */
export function deliveryEventOf(e: SesEvent): DeliveryEvent | undefined {
  const type = TYPES[e.eventType ?? ''];
  const tags = e.mail?.tags ?? {};
  const companyId = tags[TAG.companyId]?.[0];
  const employeeId = tags[TAG.employeeId]?.[0];
  const mailId = tags[TAG.mailId]?.[0];
  if (!type || !companyId || !employeeId || !mailId) return undefined;
  const at = e.bounce?.timestamp ?? e.complaint?.timestamp ?? e.delivery?.timestamp ?? e.mail?.timestamp ?? new Date(0).toISOString();
  const detail =
    type === 'bounce'
      ? [e.bounce?.bounceType, e.bounce?.bounceSubType, e.bounce?.bouncedRecipients?.[0]?.diagnosticCode].filter(Boolean).join(' / ')
      : type === 'complaint'
        ? e.complaint?.complaintFeedbackType
        : type === 'reject'
          ? e.reject?.reason
          : undefined;
  return { companyId, employeeId, mailId, type, at, ...(detail ? { detail } : {}), delivery: STATES[type] };
}

/** Port: records an event on its mail and the bounce mark on the employee's address. */
export interface DeliveryEventStore {
  record(event: DeliveryEvent): Promise<void>;
}

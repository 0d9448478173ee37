import { createDeliveryEventStore } from '../adapters/dynamodb/delivery-event-store.js';
import { deliveryEventOf, type SesEvent } from '../core/mail/delivery-events.js';
import { logger } from '../shared/logger.js';

const store = createDeliveryEventStore();

/** An EventBridge event from SES (source aws.ses); locally the runtime builds the same shape. */
export interface SesEventBridgeEvent {
  source?: string;
  'detail-type'?: string;
  detail?: SesEvent;
}

/** Records SES delivery, bounce and complaint events in the mail history (EventBridge rule target). */
export async function handler(event: SesEventBridgeEvent): Promise<{ recorded: boolean }> {
  const parsed = event.detail ? deliveryEventOf(event.detail) : undefined;
  if (!parsed) {
    logger.info('SES event without kagi tags ignored', { detailType: event['detail-type'] });
    return { recorded: false };
  }
  await store.record(parsed);
  return { recorded: true };
}

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DELIVERY_RANK, type DeliveryEventStore } from '../../core/mail/delivery-events.js';
import { dynamo } from '../clients/dynamodb.js';
import { keys } from './keys.js';
import { tableName } from './table.js';

/** Delivery events on the mail history, and the bounced mark on the employee's address slot. */
export function createDeliveryEventStore(): DeliveryEventStore {
  const db = dynamo();
  return {
    async record(event) {
      const key = keys.mail(event.companyId, event.employeeId, event.mailId);
      const out = await db.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
      // Events of a mail kagi has no record of (deleted, another stack's) are dropped.
      if (!out.Item) return;
      const current = (out.Item.delivery as keyof typeof DELIVERY_RANK | undefined) ?? 'sent';
      const stronger = DELIVERY_RANK[event.delivery] >= DELIVERY_RANK[current];
      const entry = { type: event.type, at: event.at, ...(event.detail ? { detail: event.detail } : {}) };
      const known = ((out.Item.events as Array<{ type: string; at: string }>) ?? []).some((e) => e.type === entry.type && e.at === entry.at);
      if (known) return;
      await db.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: `SET events = list_append(if_not_exists(events, :none), :e)${stronger ? ', delivery = :d' : ''}`,
          ExpressionAttributeValues: { ':e': [entry], ':none': [], ...(stronger ? { ':d': event.delivery } : {}) },
        }),
      );
      const slot = Number(out.Item.address);
      if (!(slot >= 1 && slot <= 3)) return;
      // The list shows whether the address's last mail bounced: the bounce names its mail, and
      // the address counts as bounced while that is still the last mail sent to it (set by the
      // send itself), whichever of the two writes lands first.
      if (event.type !== 'bounce') return;
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.employee(event.companyId, event.employeeId),
            UpdateExpression: 'SET #bounced = :mail',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#bounced': `bouncedMail${slot}` },
            ExpressionAttributeValues: { ':mail': event.mailId },
          }),
        );
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      }
    },
  };
}

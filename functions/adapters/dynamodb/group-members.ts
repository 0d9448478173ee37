import { keys } from './keys.js';
import { tableName, type TransactItem } from './table.js';

/**
 * A group's member count moved by `delta`, inside the transaction that changes the members'
 * `groupId`. `mustExist`: refused ('state') when the group is gone (an assignment into it).
 */
export function memberCountUpdate(companyId: string, groupId: string, delta: number, mustExist = false): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.group(companyId, groupId),
      UpdateExpression: 'ADD memberCount :d',
      ...(mustExist ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
      ExpressionAttributeValues: { ':d': delta },
    },
  };
}

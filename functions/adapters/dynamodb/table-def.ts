/**
 * The one table's physical shape. The CDK stack (lib/) and the local runtime both build the table
 * from this definition, so key names, index names and the TTL attribute cannot drift apart.
 * Access patterns live in ./keys.ts.
 */
export const TABLE_DEF = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAtEpoch',
  globalSecondaryIndexes: [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
} as const;

export const GSI1 = 'gsi1';

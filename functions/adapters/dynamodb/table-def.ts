/**
 * The one table's physical shape. The CDK stack (lib/) and the local runtime both build the table
 * from this definition, so key names, index names and the TTL attribute cannot drift apart.
 * Access patterns live in ./keys.ts.
 */
export const TABLE_DEF = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAtEpoch',
  // Add one index per deployment: CloudFormation creates at most one GSI per table update.
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export const GSI1 = 'gsi1';
export const GSI2 = 'gsi2';

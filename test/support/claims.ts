import { useLocalEnv } from './fixtures.js';

/**
 * The claim a job holds on each employee, as stored (the API does not show it): a test that
 * makes a worker hang waits on this to know the chunk began.
 */
export async function claimsOf(ids: string[], companyCode = 'demo'): Promise<Array<string | undefined>> {
  useLocalEnv();
  const [{ dynamo }, { keys }, { createAccountDirectory }, { GetCommand }] = await Promise.all([
    import('../../functions/adapters/aws-clients.js'),
    import('../../functions/adapters/dynamodb/keys.js'),
    import('../../functions/adapters/dynamodb/account-directory.js'),
    import('@aws-sdk/lib-dynamodb'),
  ]);
  const company = (await createAccountDirectory().companyByCode(companyCode))!;
  return Promise.all(
    ids.map(async (id) => (await dynamo().send(new GetCommand({ TableName: 'kagi', Key: keys.employee(company.id, id), ConsistentRead: true }))).Item?.issuanceClaim as string | undefined),
  );
}

import { inject } from 'vitest';
import { ENV } from '../../functions/shared/env.js';

/**
 * Points this test process's adapters at the stand-ins the global setup started, so fixtures can
 * prepare state that has no API yet (e.g. a temporary password before PDF issuance exists).
 */
function useLocalEnv() {
  const endpoints = inject('endpoints');
  Object.assign(process.env, {
    AWS_REGION: 'ap-northeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [ENV.dynamodbEndpoint]: endpoints.dynamodb,
    [ENV.s3Endpoint]: endpoints.s3,
    [ENV.sesEndpoint]: endpoints.ses,
    [ENV.cognitoEndpoint]: endpoints.cognito,
    [ENV.tableName]: 'kagi',
    [ENV.filesBucket]: 'kagi-files',
    [ENV.userPoolId]: inject('userPoolId'),
    [ENV.userPoolClientId]: inject('clientId'),
  });
}

/** Gives an employee of `companyCode` (default demo) a temporary password that must be changed at first sign-in. */
export async function setTemporaryPassword({ loginId, password, companyCode = 'demo' }: { loginId: string; password: string; companyCode?: string }): Promise<void> {
  useLocalEnv();
  const { createAccountDirectory } = await import('../../functions/adapters/dynamodb/account-directory.js');
  const { createUserPoolAdmin } = await import('../../functions/adapters/cognito/user-pool.js');
  const directory = createAccountDirectory();
  const company = await directory.companyByCode(companyCode);
  const employee = company && (await directory.employeeByLoginId(company.id, loginId));
  if (!company || !employee) throw new Error(`No employee ${companyCode}/${loginId}`);
  await createUserPoolAdmin().setPassword(employee.id, company.id, password, false);
}

import { inject } from 'vitest';
import { ENV } from '../../functions/shared/env.js';

/**
 * Points this test process's adapters at the stand-ins the global setup started, so fixtures can
 * prepare state that has no API yet (e.g. a temporary password before PDF issuance exists).
 */
export function useLocalEnv() {
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
    [ENV.auditDigestBucket]: 'kagi-audit-digests',
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

/**
 * Runs a PDF issuance job for `employeeIds` of the demo company in this process, through the real
 * stores, with faults the HTTP API cannot cause: the first chunk dies after it has claimed its
 * employees and set their passwords (as a killed worker would), and the employees in
 * `identityFailsFor` get no password (Cognito refuses). Chunks are then delivered again until done.
 */
export async function runPdfJobWithFaults({ employeeIds, identityFailsFor = [] }: { employeeIds: string[]; identityFailsFor?: string[] }) {
  useLocalEnv();
  const [{ createAccountDirectory }, { createJobStore }, { createIssuanceTargets }, { createUserPoolAdmin }, { createJobFiles }, { createNoticeFile }, pdf, { DEFAULT_SETTINGS }, { createUlids }, { systemClock }] =
    await Promise.all([
      import('../../functions/adapters/dynamodb/account-directory.js'),
      import('../../functions/adapters/dynamodb/job-store.js'),
      import('../../functions/adapters/dynamodb/issuance-targets.js'),
      import('../../functions/adapters/cognito/user-pool.js'),
      import('../../functions/adapters/s3/job-files.js'),
      import('../../functions/jobs/pdf/notice-file.js'),
      import('../../functions/core/issuance/pdf-issuance.js'),
      import('../../functions/core/companies/settings.js'),
      import('../../functions/core/shared/ulid.js'),
      import('../../functions/core/shared/ports.js'),
    ]);
  const company = (await createAccountDirectory().companyByCode('demo'))!;
  const jobs = createJobStore();
  const targets = createIssuanceTargets();
  const users = createUserPoolAdmin();
  const realFiles = createJobFiles();
  const ids = createUlids(systemClock);
  let killed = false;
  const queued: Array<{ kind: 'pdf-issuance-chunk'; companyId: string; jobId: string; chunk: number }> = [];
  const starter = pdf.createPdfIssuanceStarter({ jobs, targets, directory: { existing: async (_c, list) => new Set(list) }, unissued: { unissued: async () => [] }, queue: { sendAll: async (m) => void queued.push(...(m as typeof queued)) }, clock: systemClock, ids });
  const worker = pdf.createPdfIssuanceWorker({
    publicBaseUrl: 'http://127.0.0.1',
    jobs,
    targets,
    credentials: {
      async setTemporaryPassword(accountId, companyId, password) {
        if (identityFailsFor.includes(accountId)) throw new Error('Cognito refused (test fault)');
        await users.setPassword(accountId, companyId, password, false);
      },
    },
    notices: createNoticeFile(),
    files: {
      ...realFiles,
      async put(key, bytes, contentType) {
        if (!killed) {
          killed = true;
          throw new Error('worker killed (test fault)');
        }
        await realFiles.put(key, bytes, contentType);
      },
    },
    settings: async () => DEFAULT_SETTINGS,
    clock: systemClock,
    ids,
  });
  const actor = { accountId: 'fault-test', companyId: company.id, loginId: 'admin', role: 'admin' as const, displayName: 'test' };
  const job = await starter.start(actor, employeeIds, true);
  let failures = 0;
  while (queued.length > 0) {
    const message = queued.shift()!;
    try {
      await worker.processChunk(message);
    } catch {
      failures += 1;
      queued.push(message);
    }
  }
  return { job: (await jobs.get(company.id, job.jobId))!, failedDeliveries: failures };
}

/**
 * A company of its own with the demo company's 30 employees (admin `admin`, viewer `viewer`, the
 * test demo password), so a test of self-registration finds them untouched by other test files.
 * `withoutBirthDate` lists employee codes whose birth date is left empty.
 */
export async function seedRegistrationCompany(code: string, name: string, { withoutBirthDate = [] as string[] } = {}): Promise<void> {
  useLocalEnv();
  const [{ seedCompany }, { demoEmployees }, { TEST_DEMO_PASSWORD }] = await Promise.all([
    import('../../bin/local/seed.js'),
    import('../../bin/local/demo-data.js'),
    import('./constants.js'),
  ]);
  const accounts = demoEmployees().map((a) => ({
    ...a,
    birthDate: withoutBirthDate.includes(a.employeeCode) ? '' : a.birthDate,
    // Addresses of this company only: mails of other test files never mix in.
    email1: a.email1 ? a.email1.replace('@demo.example.jp', `@${code}.example.jp`) : '',
    email2: a.email2 ? a.email2.replace('@demo.example.jp', `@${code}.example.jp`) : '',
  }));
  await seedCompany(code, name, accounts, TEST_DEMO_PASSWORD);
}

/**
 * Runs a registration-password job for `employeeIds` of `companyCode` in this process, through the
 * real stores, as a killed worker leaves it: the first chunk dies after it has claimed its
 * employees and drawn their passwords, before anything is recorded. Chunks are then delivered again
 * until done. No CSV link is mailed (the job's admin is a stand-in without an address).
 */
export async function runRegistrationJobWithKilledWorker(companyCode: string, employeeIds: string[]) {
  useLocalEnv();
  const [{ createAccountDirectory }, store, { createJobFiles }, { createLetterFile }, registration, admin, { DEFAULT_SETTINGS }, { createUlids }, { systemClock }] = await Promise.all([
    import('../../functions/adapters/dynamodb/account-directory.js'),
    import('../../functions/adapters/dynamodb/registration-store.js'),
    import('../../functions/adapters/s3/job-files.js'),
    import('../../functions/jobs/pdf/letter-file.js'),
    import('../../functions/core/registration/issuance.js'),
    import('../../functions/core/registration/admin.js'),
    import('../../functions/core/companies/settings.js'),
    import('../../functions/core/shared/ulid.js'),
    import('../../functions/core/shared/ports.js'),
  ]);
  const company = (await createAccountDirectory().companyByCode(companyCode))!;
  const jobs = store.createRegistrationJobStore();
  const realFiles = createJobFiles();
  const ids = createUlids(systemClock);
  let killed = false;
  const queued: Array<{ kind: 'registration-codes-chunk'; companyId: string; jobId: string; chunk: number }> = [];
  const starter = registration.createRegistrationCodesStarter({
    jobs,
    directory: { existing: async (_c, list) => new Set(list) },
    queue: { sendAll: async (m) => void queued.push(...(m as typeof queued)) },
    clock: systemClock,
    ids,
  });
  const worker = registration.createRegistrationWorker({
    publicBaseUrl: 'http://127.0.0.1',
    jobs,
    targets: store.createRegistrationTargets(),
    urls: admin.createRegistrationUrlService({ keys: store.createRegistrationKeyStore(), publicBaseUrl: 'http://127.0.0.1', clock: systemClock, ids }),
    letters: createLetterFile(),
    files: {
      ...realFiles,
      async put(key, bytes, contentType) {
        if (!killed) {
          killed = true;
          throw new Error('worker killed (test fault)');
        }
        await realFiles.put(key, bytes, contentType);
      },
    },
    csvLinks: store.createCsvLinks(),
    schedules: { at: async () => undefined },
    mailer: { maxBatch: 50, send: async () => [] },
    settings: async () => DEFAULT_SETTINGS,
    clock: systemClock,
    ids,
  });
  const actor = { accountId: 'fault-test', companyId: company.id, loginId: 'admin', role: 'admin' as const, displayName: 'test' };
  const job = await starter.start(actor, employeeIds);
  let failures = 0;
  while (queued.length > 0) {
    const message = queued.shift()!;
    try {
      await worker.processChunk(message);
    } catch {
      failures += 1;
      queued.push(message);
    }
  }
  return { job: (await jobs.get(company.id, job.jobId))!, failedDeliveries: failures };
}

/**
 * A company of its own for tests that change company-wide policy (2FA enforcement): nobody else
 * signs in there. Every account has the demo password; `partner` is an external account.
 */
export async function seedPolicyCompany(code: string, name: string): Promise<void> {
  useLocalEnv();
  const { seedCompany } = await import('../../bin/local/seed.js');
  const base = { familyNameKana: '', givenNameKana: '', office: '本社', department: '総務部', birthDate: '', email2: '', email3: '', enabled: true, signIn: true } as const;
  const people = [
    ['0001', '管理', '花子', 'admin', 'admin', 'internal'],
    ['0002', '閲覧', '次郎', 'viewer', 'viewer', 'internal'],
    ['0003', '社員', '一郎', 'ichiro', 'employee', 'internal'],
    ['0004', '社員', '二郎', 'jiro', 'employee', 'internal'],
    ['0005', '社員', '三郎', 'saburo', 'employee', 'internal'],
    ['0006', '社員', '四郎', 'shiro', 'employee', 'internal'],
    ['0007', '協力', '五郎', 'partner', 'employee', 'external'],
  ] as const;
  await seedCompany(
    code,
    name,
    people.map(([employeeCode, familyName, givenName, loginId, role, accountKind]) => ({ ...base, employeeCode, familyName, givenName, email1: `${loginId}@${code}.example.jp`, loginId, role, accountKind })),
    inject('demoPassword'),
  );
}

/** A support operator of its own (the shared local one stays without a second factor for other tests). */
export async function seedSupportOperator(loginId: string): Promise<void> {
  useLocalEnv();
  const { seedSupport } = await import('../../bin/local/seed.js');
  await seedSupport(loginId, `テスト ${loginId}`, inject('demoPassword'), { permanent: true });
}

/** Every item of the local table (tests only: the service never scans). */
export async function scanTable(): Promise<Array<Record<string, unknown>>> {
  useLocalEnv();
  const { dynamo } = await import('../../functions/adapters/aws-clients.js');
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo().send(new ScanCommand({ TableName: 'kagi', ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * A group with a time zone and one member, written straight to the table (for log-view tests of
 * issue 12; the groups screens and their service are tested on their own).
 */
export async function putInGroup(companyId: string, employeeId: string, group: { groupId: string; name: string; timeZone: string }): Promise<void> {
  useLocalEnv();
  const [{ dynamo }, { PutCommand, UpdateCommand }, { keys, ENTITY }] = await Promise.all([
    import('../../functions/adapters/aws-clients.js'),
    import('@aws-sdk/lib-dynamodb'),
    import('../../functions/adapters/dynamodb/keys.js'),
  ]);
  const at = new Date().toISOString();
  await dynamo().send(
    new PutCommand({ TableName: 'kagi', Item: { ...keys.group(companyId, group.groupId), entity: ENTITY.group, companyId, name: group.name, firstFactor: 'password', timeZone: group.timeZone, language: 'en', createdAt: at, updatedAt: at, version: 1 } }),
  );
  await dynamo().send(new UpdateCommand({ TableName: 'kagi', Key: keys.employee(companyId, employeeId), UpdateExpression: 'SET groupId = :g', ExpressionAttributeValues: { ':g': group.groupId } }));
}

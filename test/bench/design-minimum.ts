import { SES_MAX_BULK } from '../../functions/adapters/ses/mailer.js';
import { MAIL_CHUNK } from '../../functions/core/issuance/mail-issuance.js';
import { ISSUANCE_CHUNK, MAX_TARGETS } from '../../functions/core/issuance/pdf-issuance.js';
import { REGISTRATION_CHUNK } from '../../functions/core/registration/issuance.js';

/**
 * The design minimum of each bulk job: the calls it cannot do without, per "Service Operation",
 * per employee. One definition for both benches (the simulator's per-operation table and the
 * local bench's per-service rows), so their "minimum" is the same number.
 *
 * What a chunk cannot do without:
 *  - every chunk: read its job with its own record (has it run?) in one BatchGet, its targets,
 *    the employees (BatchGet ≤ 100); the engine's heartbeat on the job (UpdateItem: what lets
 *    every job end); claim everyone in one transaction, record the chunk in one; read the job's
 *    progress after, to end it when this was the last chunk;
 *  - a notice chunk (PDF, passcodes) also reads the company (its name on the page); a PDF or mail
 *    chunk the company's settings (deadlines); each notice chunk stores its pages once, read back
 *    once by the merge, with the merged file;
 *  - a mail chunk reads its send markers (BatchGet), writes the links (BatchWrite ≤ 25) and sends
 *    its 50 in one SendBulkEmail; a full chunk's record passes 100 items and takes two writes;
 *  - a registration chunk reads the company, its settings and its URL key, stores a CSV part and
 *    a letters part, both read back by the ending;
 *  - every job: claim its ending (UpdateItem), list its chunks with parts (Query), complete it
 *    (transaction). A registration job also mails its admin the CSV link: the admin and the
 *    company read, the link written, one mail; the parts deleted in one call.
 */
export type Minimum = Record<string, number>;

/** Splits ids into jobs of at most MAX_TARGETS (the API's limit a job). */
export const jobSlices = <T>(all: T[]) => Array.from({ length: Math.ceil(all.length / MAX_TARGETS) }, (_, i) => all.slice(i * MAX_TARGETS, (i + 1) * MAX_TARGETS));

/** How jobs of at most MAX_TARGETS split `employees`: jobs, chunks of `size`, and full chunks. */
function split(employees: number, size: number) {
  const jobs = Array.from({ length: Math.ceil(employees / MAX_TARGETS) }, (_, i) => Math.min(MAX_TARGETS, employees - i * MAX_TARGETS));
  const sum = (per: (job: number) => number) => jobs.reduce((a, job) => a + per(job), 0);
  return {
    jobs: jobs.length,
    chunks: sum((job) => Math.ceil(job / size)),
    fullChunks: sum((job) => Math.floor(job / size)),
    bulkSends: sum((job) => Math.ceil(job / SES_MAX_BULK)),
  };
}

const perEmployee = (employees: number, calls: Minimum): Minimum => Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, v / employees]));

export function pdfIssuanceMinimum(employees: number): Minimum {
  const { jobs, chunks } = split(employees, ISSUANCE_CHUNK);
  return perEmployee(employees, {
    'Cognito AdminCreateUser': employees,
    'DynamoDB BatchGetItem': 2 * chunks,
    'DynamoDB GetItem': 4 * chunks,
    'DynamoDB UpdateItem': chunks + jobs,
    'DynamoDB TransactWriteItems': 2 * chunks + jobs,
    'DynamoDB Query': jobs,
    'S3 PutObject': chunks + jobs,
    'S3 GetObject': chunks,
  });
}

export function mailIssuanceMinimum(employees: number): Minimum {
  const { jobs, chunks, fullChunks, bulkSends } = split(employees, MAIL_CHUNK);
  return perEmployee(employees, {
    'SES SendBulkEmail': bulkSends,
    'DynamoDB BatchGetItem': 3 * chunks,
    'DynamoDB GetItem': 4 * chunks,
    'DynamoDB BatchWriteItem': Math.ceil(MAIL_CHUNK / 25) * chunks,
    'DynamoDB UpdateItem': chunks + jobs,
    'DynamoDB TransactWriteItems': 2 * chunks + fullChunks + jobs,
  });
}

export function passcodeIssuanceMinimum(employees: number): Minimum {
  const { jobs, chunks } = split(employees, ISSUANCE_CHUNK);
  return perEmployee(employees, {
    'DynamoDB BatchGetItem': 2 * chunks,
    'DynamoDB GetItem': 3 * chunks,
    'DynamoDB UpdateItem': chunks + jobs,
    'DynamoDB TransactWriteItems': 2 * chunks + jobs,
    'DynamoDB Query': jobs,
    'S3 PutObject': chunks + jobs,
    'S3 GetObject': chunks,
  });
}

export function registrationMinimum(employees: number): Minimum {
  const { jobs, chunks } = split(employees, REGISTRATION_CHUNK);
  return perEmployee(employees, {
    'DynamoDB BatchGetItem': 2 * chunks + jobs,
    'DynamoDB GetItem': 5 * chunks + jobs,
    'DynamoDB UpdateItem': chunks + jobs,
    'DynamoDB TransactWriteItems': 2 * chunks + jobs,
    'DynamoDB Query': jobs,
    'DynamoDB PutItem': jobs,
    'S3 PutObject': 2 * chunks + 2 * jobs,
    'S3 GetObject': 2 * chunks,
    'S3 DeleteObjects': jobs,
    'SES SendEmail': jobs,
  });
}

/** A minimum summed by service ("DynamoDB", "S3", …). */
export function byService(minimum: Minimum): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(minimum)) {
    const service = key.split(' ')[0]!;
    out[service] = (out[service] ?? 0) + v;
  }
  return out;
}

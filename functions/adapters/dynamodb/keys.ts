/**
 * Every access pattern of the one table. Keys are built here and nowhere else.
 *
 * | pattern                               | index | key                                                        |
 * | ------------------------------------- | ----- | ---------------------------------------------------------- |
 * | company by id                         | table | pk CO#<cid>                     sk #COMPANY                |
 * | company id by company code            | table | pk COCODE#<code>                sk #COCODE                 |
 * | employee by id                        | table | pk CO#<cid>#EMP#<eid>           sk #EMP                    |
 * | employees of a company by code        | gsi1  | gsi1pk CO#<cid>#EMPS            gsi1sk <employeeCode>      |
 * | employee code is unique               | table | pk CO#<cid>#EMPCODE#<code>      sk #UNIQUE                 |
 * | employee by login ID (unique)         | table | pk CO#<cid>#LOGIN#<loginId lc>  sk #UNIQUE                 |
 * | holders of a mail address             | table | pk CO#<cid>#EMAIL#<address lc>  sk EMP#<eid>               |
 * | last/previous sign-in, signed out at   | table | pk CO#<cid>#EMP#<eid>           sk #SIGNIN                 |
 * | failure counter / lock of a key       | table | pk FAIL#<scope key>             sk #FAIL        (TTL)      |
 * |   (scope key: digests only, e.g.      |       |                                                            |
 * |   signin:<sha256(company+login)>:<src>)|       |                                                            |
 * | throttle window counter               | table | pk THROTTLE#<family>:<dim>:<digest>:<window start>         |
 * |                                       |       |                                 sk #WINDOW      (TTL)      |
 * | time-clock passcode (hash, lock)      | table | pk CO#<cid>#EMP#<eid>           sk #PASSCODE               |
 * | departments of a company              | table | pk CO#<cid>#DEPTS               sk <department>            |
 * | audit entries of a company by time    | table | pk CO#<cid>#AUDIT#<yyyy-mm>     sk <iso>#<id>              |
 * | sign-in step after the password       | table | pk CHALLENGE#<sha256(handle)>   sk #CHALLENGE   (TTL)      |
 * |   (new password, second factor)       |       |                                                            |
 * | second factor of an account (sealed   | table | pk CO#<cid>#EMP#<eid>           sk #MFA                    |
 * |   TOTP secret, last step, code hashes)|       |                                                            |
 * | support operator                      | table | pk SUPPORT#<sid>                sk #SUPPORT                |
 * | support operator by login ID (unique) | table | pk SUPPORTLOGIN#<loginId lc>    sk #UNIQUE                 |
 * | second factor of a support operator   | table | pk SUPPORT#<sid>                sk #MFA                    |
 * | CSV import                            | table | pk CO#<cid>#IMPORT#<iid>        sk #IMPORT                 |
 * | CSV import chunk done-marker          | table | pk CO#<cid>#IMPORT#<iid>        sk CHUNK#<n>               |
 * | bulk job                              | table | pk CO#<cid>#JOB#<jid>           sk #JOB                    |
 * | bulk jobs of a company by time        | gsi1  | gsi1pk CO#<cid>#JOBS            gsi1sk <createdAt>#<jid>   |
 * | bulk job chunk targets                | table | pk CO#<cid>#JOB#<jid>           sk TARGETS#<n>             |
 * | bulk job chunk done-marker + results  | table | pk CO#<cid>#JOB#<jid>           sk CHUNK#<n>               |
 * | job heartbeat and stall deadline      | table | pk CO#<cid>#JOB#<jid>           sk #WATCH                  |
 * |   (a CSV import's: under its own pk)  |       |   or CO#<cid>#IMPORT#<iid>      sk #WATCH                  |
 * | jobs due to be ended as stalled       | gsi1  | gsi1pk DUE#<yyyy-mm-ddThh>      gsi1sk <iso>#<job pk>      |
 * | status counters (sharded)             | table | pk CO#<cid>#COUNTS              sk SHARD#<n>               |
 * | things due by an hour (sweep)         | gsi1  | gsi1pk DUE#<yyyy-mm-ddThh>      gsi1sk <iso deadline>#<pk> |
 * | sweep cursor                          | table | pk SWEEP                        sk #CURSOR                 |
 * | mail history of an employee (newest   | table | pk CO#<cid>#EMP#<eid>           sk MAIL#<mailId>           |
 * |   first; a job's mail: mailId = jobId,|       |                                                            |
 * |   which is also its send marker)      |       |                                                            |
 * | verification link by token digest     | table | pk LINK#<sha256(token)>         sk #LINK                   |
 * | verification link due (sweep)         | gsi1  | gsi1pk DUE#<yyyy-mm-ddThh>      gsi1sk <iso>#LINK#<digest> |
 * | registration / private-address link,  | table | pk LINK#<sha256(token)>         sk #LINK        (TTL)      |
 * |   CSV download link (by entity)       |       |                                                            |
 * | registration password (hash, newest   | table | pk CO#<cid>#EMP#<eid>           sk #REGPASS                |
 * |   link digest)                        |       |                                                            |
 * | private address (its owner only)      | table | pk CO#<cid>#EMP#<eid>           sk #PRIVATE                |
 * | company by registration URL key       | table | pk REGKEY#<sha256(key)>         sk #REGKEY                 |
 *
 * Audit partitions are per month so one busy company never makes one endless hot partition.
 */
import type { MfaOwner } from '../../core/mfa/mfa-lock.js';

export type Key = { pk: string; sk: string };

export const keys = {
  company: (cid: string): Key => ({ pk: `CO#${cid}`, sk: '#COMPANY' }),
  companyCode: (code: string): Key => ({ pk: `COCODE#${code.toLowerCase()}`, sk: '#COCODE' }),
  employee: (cid: string, eid: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: '#EMP' }),
  employeeList: (cid: string, employeeCode: string) => ({ gsi1pk: employeeListPk(cid), gsi1sk: employeeCode }),
  employeeCode: (cid: string, code: string): Key => ({ pk: `CO#${cid}#EMPCODE#${code}`, sk: '#UNIQUE' }),
  loginId: (cid: string, loginId: string): Key => ({ pk: `CO#${cid}#LOGIN#${loginId.toLowerCase()}`, sk: '#UNIQUE' }),
  emailHolder: (cid: string, normalizedAddress: string, eid: string): Key => ({
    pk: emailHoldersPk(cid, normalizedAddress),
    sk: `EMP#${eid}`,
  }),
  signInState: (cid: string, eid: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: '#SIGNIN' }),
  passcode: (cid: string, eid: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: '#PASSCODE' }),
  department: (cid: string, name: string): Key => ({ pk: departmentsPk(cid), sk: name }),
  audit: (cid: string, at: string, id: string): Key => ({ pk: auditPk(cid, at), sk: `${at}#${id}` }),
  challenge: (digest: string): Key => ({ pk: `CHALLENGE#${digest}`, sk: '#CHALLENGE' }),
  employeeImport: (cid: string, iid: string): Key => ({ pk: `CO#${cid}#IMPORT#${iid}`, sk: '#IMPORT' }),
  importChunk: (cid: string, iid: string, chunk: number): Key => ({ pk: `CO#${cid}#IMPORT#${iid}`, sk: `CHUNK#${chunk}` }),
  job: (cid: string, jid: string): Key => ({ pk: `CO#${cid}#JOB#${jid}`, sk: '#JOB' }),
  jobList: (cid: string, createdAt: string, jid: string) => ({ gsi1pk: jobListPk(cid), gsi1sk: `${createdAt}#${jid}` }),
  jobTargets: (cid: string, jid: string, chunk: number): Key => ({ pk: `CO#${cid}#JOB#${jid}`, sk: `TARGETS#${chunk}` }),
  jobChunk: (cid: string, jid: string, chunk: number): Key => ({ pk: `CO#${cid}#JOB#${jid}`, sk: `CHUNK#${chunk}` }),
  /** Beside the job's own item (`jobPk`: the pk of the bulk job or of the CSV import). */
  jobWatch: (jobPk: string): Key => ({ pk: jobPk, sk: '#WATCH' }),
  statusCounts: (cid: string, shard: number): Key => ({ pk: statusCountsPk(cid), sk: `SHARD#${shard}` }),
  due: (deadlineIso: string, pk: string) => ({ gsi1pk: dueBucket(deadlineIso), gsi1sk: `${deadlineIso}#${pk}` }),
  sweepCursor: (): Key => ({ pk: 'SWEEP', sk: '#CURSOR' }),
  mail: (cid: string, eid: string, mailId: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: `MAIL#${mailId}` }),
  link: (digest: string): Key => ({ pk: `LINK#${digest}`, sk: '#LINK' }),
  mfa: (owner: MfaOwner): Key => (owner.kind === 'employee' ? { pk: `CO#${owner.companyId}#EMP#${owner.accountId}`, sk: '#MFA' } : { pk: `SUPPORT#${owner.accountId}`, sk: '#MFA' }),
  supportAccount: (sid: string): Key => ({ pk: `SUPPORT#${sid}`, sk: '#SUPPORT' }),
  supportLogin: (loginId: string): Key => ({ pk: `SUPPORTLOGIN#${loginId.toLowerCase()}`, sk: '#UNIQUE' }),
  failureCounter: (scopeKey: string): Key => ({ pk: `FAIL#${scopeKey}`, sk: '#FAIL' }),
  throttleWindow: (bucket: string): Key => ({ pk: `THROTTLE#${bucket}`, sk: '#WINDOW' }),
  registrationPassword: (cid: string, eid: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: '#REGPASS' }),
  privateEmail: (cid: string, eid: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: '#PRIVATE' }),
  registrationKey: (digest: string): Key => ({ pk: `REGKEY#${digest}`, sk: '#REGKEY' }),
};

export const statusCountsPk = (cid: string) => `CO#${cid}#COUNTS`;
export const jobListPk = (cid: string) => `CO#${cid}#JOBS`;
export const employeeListPk = (cid: string) => `CO#${cid}#EMPS`;
export const emailHoldersPk = (cid: string, normalizedAddress: string) => `CO#${cid}#EMAIL#${normalizedAddress}`;
export const departmentsPk = (cid: string) => `CO#${cid}#DEPTS`;
/** yyyy-mm of a UTC ISO timestamp. */
export const auditPk = (cid: string, at: string) => `CO#${cid}#AUDIT#${at.slice(0, 7)}`;
/** yyyy-mm-ddThh of a UTC ISO timestamp. */
export const dueBucket = (iso: string) => `DUE#${iso.slice(0, 13)}`;

/** Entity-type attribute values. */
export const ENTITY = {
  company: 'Company',
  companyCode: 'CompanyCode',
  employee: 'Employee',
  unique: 'Unique',
  emailHolder: 'EmailHolder',
  signInState: 'SignInState',
  passcode: 'Passcode',
  department: 'Department',
  audit: 'AuditEntry',
  challenge: 'Challenge',
  employeeImport: 'EmployeeImport',
  importChunk: 'ImportChunk',
  sweepCursor: 'SweepCursor',
  job: 'Job',
  jobTargets: 'JobTargets',
  jobChunk: 'JobChunk',
  jobWatch: 'JobWatch',
  statusCounts: 'StatusCounts',
  mail: 'Mail',
  verificationLink: 'VerificationLink',
  failureCounter: 'FailureCounter',
  throttleWindow: 'ThrottleWindow',
  registrationPassword: 'RegistrationPassword',
  privateEmail: 'PrivateEmail',
  registrationKey: 'RegistrationKey',
  registrationLink: 'RegistrationLink',
  privateEmailLink: 'PrivateEmailLink',
  csvLink: 'CsvLink',
  mfa: 'SecondFactor',
  supportAccount: 'SupportAccount',
} as const;

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
 * | holders of a mail address: addresses  | gsi1  | gsi1pk CO#<cid>#EMAIL#<address lc> gsi1sk EMP#<eid>        |
 * |   1 and 2, on the employee code's and |       |   (index keys of the two claims above)                     |
 * |   the login ID's claim                |       |                                                            |
 * |   address 3, and every address of an  | table | pk CO#<cid>#EMAIL#<address lc>  sk EMP#<eid>               |
 * |   employee saved before 2026-12       |       |                                                            |
 * | last/previous sign-in, signed out at   | table | pk CO#<cid>#EMP#<eid>           sk #SIGNIN                 |
 * | failure counter / lock of a key       | table | pk FAIL#<scope key>             sk #FAIL        (TTL)      |
 * |   (scope key: digests only, e.g.      |       |                                                            |
 * |   signin:<sha256(company+login)>:<src>)|       |                                                            |
 * | throttle window counter               | table | pk THROTTLE#<family>:<dim>:<digest>:<window start>         |
 * |                                       |       |                                 sk #WINDOW      (TTL)      |
 * | time-clock passcode (hash, lock)      | table | pk CO#<cid>#EMP#<eid>           sk #PASSCODE               |
 * | departments of a company              | table | pk CO#<cid>#DEPTS               sk <department>            |
 * | audit entries of a company by time,   | table | pk CO#<cid>#AUDIT#<yyyy-mm>#<group>#<S|F>                  |
 * |   operation group and result          |       |                                 sk <iso>#<id>       (TTL)  |
 * | audit entries by who acted            | gsi1  | gsi1pk CO#<cid>#AUDITBY#<accountId>                        |
 * |   (no account: the login ID tried)    |       |   or CO#<cid>#AUDITBYLOGIN#<sha256(login lc)>               |
 * |                                       |       |                                 gsi1sk <iso>#<id>          |
 * | audit entries by whose account was    | gsi2  | gsi2pk CO#<cid>#AUDITON#<accountId>                        |
 * |   acted on                            |       |                                 gsi2sk <iso>#<id>          |
 * | audit day digest (tamper evidence)    | table | pk CO#<cid>#AUDITDIGEST         sk <yyyy-mm-dd>            |
 * | how far every company's log is closed | table | pk SWEEP                        sk #AUDITCLOSE             |
 * | every company (the daily close)       | gsi1  | gsi1pk COMPANIES                gsi1sk <cid>               |
 * | saved log searches of an admin (≤ 20) | table | pk CO#<cid>#EMP#<eid>           sk SEARCH#<sid>            |
 * |   and their count                     | table | pk CO#<cid>#EMP#<eid>           sk #SEARCHES               |
 * | log export job: as a bulk job (above), its chunk targets are the queries of its time slices |
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
 * | groups of a company (few: one query)  | table | pk CO#<cid>#GROUPS              sk GROUP#<gid>             |
 * |   (an employee's group: `groupId` on the employee item)                                         |
 * | group name claim (unique per company) | table | pk CO#<cid>#GROUPS              sk GROUPNAME#<name key>    |
 * | a company's number of groups (≤ 100)  | table | pk CO#<cid>#GROUPS              sk #GROUPCOUNT             |
 * | employees of a group / of none        | GSI1  | the employee list's query, filtered on `groupId`             |
 * | PC logon: enrollment key by digest    | table | pk ENROLLKEY#<sha256(key)>      sk #ENROLLKEY              |
 * |   enrollment keys of a company        | gsi1  | gsi1pk CO#<cid>#ENROLLKEYS      gsi1sk <createdAt>#<kid>   |
 * |   enrollment key by id (→ digest)     | table | pk CO#<cid>#ENROLLKEY#<kid>     sk #ENROLLKEY              |
 * |   device by credential digest         | table | pk DEVICE#<sha256(credential)>  sk #DEVICE                 |
 * |   devices of a company                | gsi1  | gsi1pk CO#<cid>#DEVICES         gsi1sk <enrolledAt>#<did>  |
 * |   device by id (→ credential digest)  | table | pk CO#<cid>#DEVICE#<did>        sk #DEVICE                 |
 * |   client event by eventId (dedupe,    | table | pk CO#<cid>#CLIENTEVENT#<eventId> sk #EVENT    (TTL)       |
 * |   both times, published marker)       |       |                                                            |
 * | admins and viewers of a company (few: | table | pk CO#<cid>#STAFF               sk EMP#<eid>               |
 * |   one query; written with the employee|       |   (present while the employee is live with role admin or   |
 * |   in one transaction; 管理者設定)        |       |    viewer; the employee item has the rest)                 |
 *
 * Audit entries: one PutItem each (or one Put of the transaction that causes them); nothing else
 * is written per entry, so writers never wait on each other. Why these keys:
 * - A company's log is split by month, operation group and result: a search by group reads only
 *   that group's partitions (items read ÷ returned ≈ 1), and one company's writes spread over
 *   12 partitions a month. The busiest, a month's successful sign-ins, takes a 10,000-employee
 *   company's 9:00 rush (10,000 in five minutes, ~35 writes a second) far below the 1,000 a
 *   partition takes; and no partition grows past a month.
 * - gsi1 / gsi2 hold each entry once more by actor and by target account, so one person's history
 *   (actor ∪ target, merged newest first) reads only that person's entries, whatever the range.
 *   A person's partition grows only with what they do; a guessing attack on one account is held
 *   by the sign-in throttle (2,000 a minute per address) long before 1,000 writes a second.
 * - The day digest sits in one small partition per company (one item a day), read by range.
 */
import { createHash } from 'node:crypto';
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
  /** Index keys that make a claim findable by one of its employee's addresses (employee-store.ts INDEXED_SLOT). */
  emailIndex: (cid: string, normalizedAddress: string, eid: string) => ({ gsi1pk: emailHoldersPk(cid, normalizedAddress), gsi1sk: `EMP#${eid}` }),
  signInState: (cid: string, eid: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: '#SIGNIN' }),
  passcode: (cid: string, eid: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: '#PASSCODE' }),
  department: (cid: string, name: string): Key => ({ pk: departmentsPk(cid), sk: name }),
  /** An audit entry: its partition by month, group and result; sorted by time then id. */
  audit: (cid: string, at: string, id: string, group: string, result: 'success' | 'failure'): Key => ({ pk: auditPk(cid, at.slice(0, 7), group, result), sk: auditSk(at, id) }),
  /** Who acted: their account, or (a sign-in with an unknown login ID) a digest of what was typed. */
  auditByActor: (cid: string, at: string, id: string, actor: { accountId?: string; login: string }) => ({
    gsi1pk: actor.accountId ? auditActorPk(cid, actor.accountId) : auditActorLoginPk(cid, actor.login),
    gsi1sk: auditSk(at, id),
  }),
  auditByTarget: (cid: string, at: string, id: string, accountId: string) => ({ gsi2pk: auditTargetPk(cid, accountId), gsi2sk: auditSk(at, id) }),
  auditDigest: (cid: string, day: string): Key => ({ pk: auditDigestPk(cid), sk: day }),
  auditClose: (): Key => ({ pk: 'SWEEP', sk: '#AUDITCLOSE' }),
  companyList: (cid: string) => ({ gsi1pk: COMPANIES_PK, gsi1sk: cid }),
  savedSearch: (cid: string, eid: string, sid: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: `${SAVED_SEARCH_PREFIX}${sid}` }),
  savedSearchCount: (cid: string, eid: string): Key => ({ pk: `CO#${cid}#EMP#${eid}`, sk: '#SEARCHES' }),
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
  group: (cid: string, gid: string): Key => ({ pk: groupsPk(cid), sk: `${GROUP_PREFIX}${gid}` }),
  /** A group name's claim, by its comparison key (core/groups/service groupNameKey). */
  groupName: (cid: string, nameKey: string): Key => ({ pk: groupsPk(cid), sk: `GROUPNAME#${nameKey}` }),
  groupCount: (cid: string): Key => ({ pk: groupsPk(cid), sk: '#GROUPCOUNT' }),
  // The PC logon client (issue 12): enrollment keys, devices, events.
  enrollmentKey: (digest: string): Key => ({ pk: `ENROLLKEY#${digest}`, sk: '#ENROLLKEY' }),
  enrollmentKeyList: (cid: string, createdAt: string, kid: string) => ({ gsi1pk: `CO#${cid}#ENROLLKEYS`, gsi1sk: `${createdAt}#${kid}` }),
  enrollmentKeyById: (cid: string, kid: string): Key => ({ pk: `CO#${cid}#ENROLLKEY#${kid}`, sk: '#ENROLLKEY' }),
  device: (digest: string): Key => ({ pk: `DEVICE#${digest}`, sk: '#DEVICE' }),
  deviceList: (cid: string, enrolledAt: string, did: string) => ({ gsi1pk: `CO#${cid}#DEVICES`, gsi1sk: `${enrolledAt}#${did}` }),
  deviceById: (cid: string, did: string): Key => ({ pk: `CO#${cid}#DEVICE#${did}`, sk: '#DEVICE' }),
  clientEvent: (cid: string, eventId: string): Key => ({ pk: `CO#${cid}#CLIENTEVENT#${eventId}`, sk: '#EVENT' }),
  staffMember: (cid: string, eid: string): Key => ({ pk: staffPk(cid), sk: `${STAFF_PREFIX}${eid}` }),
};

export const groupsPk = (cid: string) => `CO#${cid}#GROUPS`;
export const GROUP_PREFIX = 'GROUP#';
export const staffPk = (cid: string) => `CO#${cid}#STAFF`;
export const STAFF_PREFIX = 'EMP#';

export const statusCountsPk = (cid: string) => `CO#${cid}#COUNTS`;
export const jobListPk = (cid: string) => `CO#${cid}#JOBS`;
export const employeeListPk = (cid: string) => `CO#${cid}#EMPS`;
export const emailHoldersPk = (cid: string, normalizedAddress: string) => `CO#${cid}#EMAIL#${normalizedAddress}`;
export const departmentsPk = (cid: string) => `CO#${cid}#DEPTS`;
/** Prefix of every audit partition of a company; the rest is `<yyyy-mm>#<group>#<S|F>`. */
export const auditPkPrefix = (cid: string) => `CO#${cid}#AUDIT#`;
export const auditPk = (cid: string, month: string, group: string, result: 'success' | 'failure') => `${auditPkPrefix(cid)}${month}#${group}#${result === 'success' ? 'S' : 'F'}`;
export const auditSk = (at: string, id: string) => `${at}#${id}`;
export const auditActorPk = (cid: string, accountId: string) => `CO#${cid}#AUDITBY#${accountId}`;
/** Login IDs as typed can be anything up to the sign-in limit: a digest keeps the key short and plain. */
export const auditActorLoginPk = (cid: string, login: string) => `CO#${cid}#AUDITBYLOGIN#${createHash('sha256').update(login.normalize('NFKC').trim().toLowerCase()).digest('hex')}`;
export const auditTargetPk = (cid: string, accountId: string) => `CO#${cid}#AUDITON#${accountId}`;
export const auditDigestPk = (cid: string) => `CO#${cid}#AUDITDIGEST`;
export const COMPANIES_PK = 'COMPANIES';
export const SAVED_SEARCH_PREFIX = 'SEARCH#';
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
  auditDigest: 'AuditDigest',
  auditClose: 'AuditClose',
  savedSearch: 'SavedSearch',
  savedSearchCount: 'SavedSearchCount',
  mfa: 'SecondFactor',
  supportAccount: 'SupportAccount',
  group: 'Group',
  enrollmentKey: 'EnrollmentKey',
  enrollmentKeyRef: 'EnrollmentKeyRef',
  device: 'Device',
  deviceRef: 'DeviceRef',
  clientEvent: 'ClientEvent',
  staffMember: 'StaffMember',
} as const;

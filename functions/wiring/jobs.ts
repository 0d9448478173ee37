import { createJobRerun } from '../core/jobs/rerun.js';
import { createJobService } from '../core/jobs/service.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createJobStore } from '../adapters/dynamodb/job-store.js';
import { clock, ids } from './clock.js';
import { groupAssignmentStarter } from './groups.js';
import { issuanceStarter, mailIssuanceStarter, passcodeIssuanceStarter } from './issuance.js';
import { registrationCodesStarter } from './registration.js';

/** ジョブ一覧: jobs, their results and downloads. */
export const jobService = () => createJobService({ jobs: createJobStore(), audit: createAuditStore(), clock, ids });

/** 未処理の社員で再実行: each kind of bulk job re-runs through its own starter (a kind without one cannot). */
export const jobRerun = () => {
  const pdf = issuanceStarter();
  const passcodes = passcodeIssuanceStarter();
  const mail = mailIssuanceStarter();
  const registration = registrationCodesStarter();
  return createJobRerun({
    jobs: createJobStore(),
    starters: {
      'pdf-issuance': pdf.rerun,
      'passcode-issuance': passcodes.rerun,
      'mail-request': mail.rerun,
      'mail-notice': mail.rerun,
      'registration-codes': registration.rerun,
      'group-assignment': groupAssignmentStarter().rerun,
      // An export's rows are slices of the log, not employees: there is no one to run it again for.
      'audit-export': undefined,
    },
  });
};

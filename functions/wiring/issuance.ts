import { createMailIssuanceStarter } from '../core/issuance/mail-issuance.js';
import { createPasscodeIssuanceStarter } from '../core/issuance/passcode-issuance.js';
import { createPdfIssuanceStarter } from '../core/issuance/pdf-issuance.js';
import { createEmployeeIdDirectory } from '../adapters/dynamodb/employee-store.js';
import { createIssuanceTargets, createUnissuedEmployees } from '../adapters/dynamodb/issuance-targets.js';
import { createJobStore } from '../adapters/dynamodb/job-store.js';
import { createPasscodeJobStore, createPasscodeTargets } from '../adapters/dynamodb/passcode-store.js';
import { jobQueue } from '../adapters/queue/job-queue.js';
import { clock, ids } from './clock.js';

/** The starts of the bulk issuance jobs (PDF notices, passcodes, mails); their chunks run in the worker. */
export const issuanceStarter = () =>
  createPdfIssuanceStarter({ jobs: createJobStore(), targets: createIssuanceTargets(), directory: createEmployeeIdDirectory(), unissued: createUnissuedEmployees(), queue: jobQueue(), clock, ids });

export const passcodeIssuanceStarter = () =>
  createPasscodeIssuanceStarter({ jobs: createPasscodeJobStore(), targets: createPasscodeTargets(), directory: createEmployeeIdDirectory(), queue: jobQueue(), clock, ids });

export const mailIssuanceStarter = () => createMailIssuanceStarter({ jobs: createJobStore(), directory: createEmployeeIdDirectory(), unissued: createUnissuedEmployees(), queue: jobQueue(), clock, ids });

import { createTimeclockService } from '../core/timeclock/service.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createPasscodeStore, createTimeclockDirectory } from '../adapters/dynamodb/passcode-store.js';
import { clock, ids } from './clock.js';

/** The web time clock's passcode check (public). */
export const timeclockService = () =>
  createTimeclockService({ directory: createTimeclockDirectory(), passcodes: createPasscodeStore(), audit: createAuditStore(), clock, ids });

import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { registrationCodesStarter, registrationDownloads } from '../wiring/registration.js';

const starter = registrationCodesStarter();
const downloads = registrationDownloads();

const NO_STORE = { 'Cache-Control': 'no-store' };

const StartBody = z.strictObject({ employeeIds: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(10_000)) });
const DownloadBody = z.strictObject({ file: z.enum(['csv', 'letters']) });

/** 私用メールアドレス登録用パスワード: the bulk job, and the audited downloads of its CSV and letters. */
export const handler = httpHandler(
  {
    'POST /api/admin/registration-codes': {
      auth: 'jwt',
      body: 'json',
      maxBodyBytes: 1024 * 1024,
      handle: async ({ actor, body }) => json(202, { jobId: (await starter.start(actor, parseWith(StartBody, body).employeeIds)).jobId }),
    },
    'POST /api/admin/registration-codes/{jobId}/downloads': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, params, body }) => json(200, await downloads.byJob(actor, params.jobId ?? '', parseWith(DownloadBody, body).file), NO_STORE),
    },
    'POST /api/admin/registration-csv-links/{token}': {
      auth: 'jwt',
      handle: async ({ actor, params }) => json(200, await downloads.byLink(actor, params.token ?? ''), NO_STORE),
    },
  },
  loadActor,
);

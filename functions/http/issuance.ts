import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { issuanceStarter, mailIssuanceStarter, passcodeIssuanceStarter } from '../wiring/issuance.js';
import { MAIL_JOB_MODES } from '../core/jobs/job.js';

const issuance = issuanceStarter();
const passcodes = passcodeIssuanceStarter();
const mail = mailIssuanceStarter();

const MailTargets = z
  .array(z.strictObject({ employeeId: z.string().check(z.minLength(1), z.maxLength(64)), address: z._default(z.union([z.literal(1), z.literal(2), z.literal(3)]), 1) }))
  .check(z.minLength(1), z.maxLength(10_000));
const MailBody = z.union([
  z.strictObject({ targets: MailTargets, mode: z.optional(z.enum(MAIL_JOB_MODES)) }),
  /** パスワード一括発行 in mail mode: a first request mail to every employee at 未発行. */
  z.strictObject({ allUnissued: z.literal(true) }),
]);
const NoticeBody = z.strictObject({ targets: MailTargets });

const PdfBody = z.union([
  z.strictObject({
    employeeIds: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(10_000)),
    /** Include employees whose password is already issued: パスワード再発行. */
    reissue: z.optional(z.boolean()),
  }),
  /** パスワード一括発行 in PDF mode: every employee at 未発行. */
  z.strictObject({ allUnissued: z.literal(true) }),
]);

const PasscodeBody = z.union([
  z.strictObject({
    employeeIds: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(10_000)),
    /** Include employees whose passcode is already issued: パスコード再発行 (also lifts a lock). */
    reissue: z.optional(z.boolean()),
  }),
  z.strictObject({ allUnissued: z.literal(true) }),
]);

export const handler = httpHandler(
  {
    'POST /api/admin/issuance/pdf': {
      auth: 'jwt',
      body: 'json',
      maxBodyBytes: 1024 * 1024,
      handle: async ({ actor, body }) => {
        const parsed = parseWith(PdfBody, body);
        const job = 'allUnissued' in parsed ? await issuance.startAllUnissued(actor) : await issuance.start(actor, parsed.employeeIds, parsed.reissue ?? false);
        return json(202, { jobId: job.jobId });
      },
    },
    'POST /api/admin/issuance/passcodes': {
      auth: 'jwt',
      body: 'json',
      maxBodyBytes: 1024 * 1024,
      handle: async ({ actor, body }) => {
        const parsed = parseWith(PasscodeBody, body);
        const job =
          'allUnissued' in parsed
            ? await passcodes.start(actor, { allUnissued: true }, false)
            : await passcodes.start(actor, { employeeIds: parsed.employeeIds }, parsed.reissue ?? false);
        return json(202, { jobId: job.jobId });
      },
    },
    'POST /api/admin/issuance/mail': {
      auth: 'jwt',
      body: 'json',
      maxBodyBytes: 1024 * 1024,
      handle: async ({ actor, body }) => {
        const parsed = parseWith(MailBody, body);
        const job = 'allUnissued' in parsed ? await mail.requestAllUnissued(actor) : await mail.request(actor, parsed.targets, parsed.mode ?? 'new');
        return json(202, { jobId: job.jobId });
      },
    },
    'POST /api/admin/issuance/notice-mail': {
      auth: 'jwt',
      body: 'json',
      maxBodyBytes: 1024 * 1024,
      handle: async ({ actor, body }) => {
        const { targets } = parseWith(NoticeBody, body);
        const job = await mail.notice(actor, targets);
        return json(202, { jobId: job.jobId });
      },
    },
  },
  loadActor,
);

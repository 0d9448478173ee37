import * as z from 'zod/mini';
import { parseWith } from '../core/shared/parse.js';
import { httpHandler, json, noContent } from '../shared/http-stack.js';
import { loadActor } from '../wiring/actor.js';
import { groupAssignmentStarter, groupService } from '../wiring/groups.js';
import type { GroupRecord } from '../core/groups/service.js';
import { EmployeeFilter } from './employee-filter.js';

const groups = groupService();
const assignments = groupAssignmentStarter();

// Shapes only; the rules (name length, the second factor, the zone) are the service's, with their words.
const Settings = {
  name: z.string().check(z.maxLength(200)),
  firstFactor: z.string().check(z.maxLength(20)),
  secondFactor: z.nullable(z.string().check(z.maxLength(20))),
  timeZone: z.string().check(z.maxLength(100)),
  language: z.string().check(z.maxLength(10)),
};
const CreateBody = z.strictObject({ ...Settings, firstFactor: z.optional(Settings.firstFactor), secondFactor: z.optional(Settings.secondFactor), timeZone: z.optional(Settings.timeZone), language: z.optional(Settings.language) });
const UpdateBody = z.strictObject({
  name: z.optional(Settings.name), firstFactor: z.optional(Settings.firstFactor), secondFactor: z.optional(Settings.secondFactor), timeZone: z.optional(Settings.timeZone), language: z.optional(Settings.language),
  version: z.optional(z.number().check(z.int(), z.minimum(1))),
});
/** The group to put the employees in; null takes them out of their group. */
const TargetGroup = z.nullable(z.string().check(z.minLength(1), z.maxLength(64)));
const AssignBody = z.union([
  z.strictObject({ groupId: TargetGroup, employeeIds: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(10_000)) }),
  /** Everyone 社員一覧's filters match (as the list shows them), up to 10,000. */
  z.strictObject({ groupId: TargetGroup, filter: z.strictObject(EmployeeFilter.shape) }),
]);

/** A group as the API shows it (no company id; `secondFactor` null when there is none). */
const view = ({ companyId: _c, secondFactor, ...rest }: GroupRecord) => ({ ...rest, secondFactor: secondFactor ?? null });

const groupId = (params: Record<string, string | undefined>) => params.groupId ?? '';

/** グループ設定: list, create, edit, delete, and the bulk assignment job. */
export const handler = httpHandler(
  {
    'GET /api/admin/groups': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, { items: (await groups.list(actor)).map(view) }),
    },
    'POST /api/admin/groups': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body }) => json(201, view(await groups.create(actor, parseWith(CreateBody, body)))),
    },
    'PATCH /api/admin/groups/{groupId}': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, params, body }) => {
        const { version, ...input } = parseWith(UpdateBody, body);
        return json(200, view(await groups.update(actor, groupId(params), input, version)));
      },
    },
    'DELETE /api/admin/groups/{groupId}': {
      auth: 'jwt',
      handle: async ({ actor, params }) => {
        await groups.remove(actor, groupId(params));
        return noContent();
      },
    },
    'POST /api/admin/groups/assignments': {
      auth: 'jwt',
      body: 'json',
      maxBodyBytes: 1024 * 1024,
      handle: async ({ actor, body }) => json(202, { jobId: (await assignments.start(actor, parseWith(AssignBody, body))).jobId }),
    },
  },
  loadActor,
);

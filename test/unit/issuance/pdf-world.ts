import type { Employee } from '../../../functions/core/employees/employee.js';
import {
  createPdfIssuanceStarter,
  createPdfIssuanceWorker,
  type ChunkOutcome,
  type JobStore,
  type NoticeInput,
  type TemporaryCredentials,
} from '../../../functions/core/issuance/pdf-issuance.js';
import { DEFAULT_SETTINGS } from '../../../functions/core/companies/settings.js';
import type { Job, JobChunkMessage } from '../../../functions/core/jobs/job.js';
import type { QueueMessage } from '../../../functions/core/jobs/queue.js';
import { everyIdExisted } from './starter-fakes.js';

export function employee(i: number, over: Partial<Employee> = {}): Employee {
  return {
    id: `E${i}`, companyId: 'C1', employeeCode: String(i).padStart(4, '0'), familyName: '社員', givenName: `${i}号`, familyNameKana: '', givenNameKana: '',
    office: '', department: '営業部', birthDate: '', email1: '', email2: '', email3: '', loginId: `user${i}`, role: 'employee', accountKind: 'internal', enabled: true,
    createdAt: '', updatedAt: '', version: 1, passwordStatus: 'unissued', verificationStatus: 'none', passcodeStatus: 'unissued', ...over,
  };
}

/**
 * The whole issuance against in-memory ports that keep the same conditions as DynamoDB: a
 * chunk is recorded once with its status changes; an employee is claimed per job.
 */
export function world(count: number, options: { credentials?: TemporaryCredentials; claimAll?: boolean } = {}) {
  const employees = new Map(Array.from({ length: count }, (_, i) => [`E${i}`, employee(i)]));
  const claims = new Map<string, string>();
  const cognito = new Map<string, string>();
  const jobsById = new Map<string, Job & { finalizing?: boolean }>();
  const targetsOf = new Map<string, string[]>();
  const chunks = new Map<string, ChunkOutcome>();
  const files = new Map<string, NoticeInput[]>();
  const queue: QueueMessage[] = [];
  const calls = { claim: 0, claimAll: 0 };
  const claimable = (id: string, jobId: string, expected: string) => {
    const e = employees.get(id)!;
    if (e.passwordStatus !== expected) return false;
    const holder = claims.get(id);
    return !holder || holder === jobId;
  };
  const claimOne = (id: string, jobId: string, expected: string) => {
    if (!claimable(id, jobId, expected)) return false;
    claims.set(id, jobId);
    return true;
  };
  let seq = 0;
  let failNextFinish = false;
  let failNextMerge = false;

  const jobs: JobStore = {
    create: async (job, chunkTargets) => {
      jobsById.set(job.jobId, structuredClone(job));
      chunkTargets.forEach((t, c) => targetsOf.set(`${job.jobId}#${c}`, t));
    },
    get: async (_c, id) => {
      const job = jobsById.get(id);
      if (!job) return undefined;
      const results = [...chunks.entries()].filter(([k]) => k.startsWith(`${id}#`)).flatMap(([, v]) => v.results);
      return { ...structuredClone(job), results };
    },
    list: async () => [...jobsById.values()].map((j) => structuredClone(j)).reverse(),
    chunkRecords: async (_c, id) =>
      [...chunks.entries()]
        .filter(([k]) => k.startsWith(`${id}#`))
        .map(([k, v]) => ({ chunk: Number(k.split('#')[1]), succeeded: v.issued.map(({ employeeId, employeeCode, name }) => ({ employeeId, employeeCode, name })), results: v.results }))
        .sort((a, b) => a.chunk - b.chunk),
    targets: async (_c, id, c) => targetsOf.get(`${id}#${c}`) ?? [],
    chunkDone: async (_c, id, c) => chunks.has(`${id}#${c}`),
    finishChunk: async (_c, id, c, outcome) => {
      if (failNextFinish) {
        failNextFinish = false;
        throw new Error('worker killed before it recorded the chunk');
      }
      if (chunks.has(`${id}#${c}`)) return false;
      for (const s of outcome.issued) if (claims.get(s.employeeId) !== id) throw new Error('claim lost');
      chunks.set(`${id}#${c}`, outcome);
      const job = jobsById.get(id)!;
      job.progress.done += outcome.issued.length + outcome.results.length;
      job.counts.succeeded += outcome.issued.length;
      for (const s of outcome.issued) {
        Object.assign(employees.get(s.employeeId)!, { passwordStatus: s.next.password, verificationStatus: s.next.verification });
        claims.delete(s.employeeId);
      }
      for (const id of outcome.released) claims.delete(id);
      return true;
    },
    claimFinalize: async (_c, id) => {
      const job = jobsById.get(id)!;
      if (job.finalizing || job.progress.done < job.progress.total) return false;
      job.finalizing = true;
      return true;
    },
    releaseFinalize: async (_c, id) => void (jobsById.get(id)!.finalizing = false),
    chunksWithPart: async (_c, id) =>
      [...chunks.entries()].filter(([k, v]) => k.startsWith(`${id}#`) && v.hasPart).map(([k]) => Number(k.split('#')[1])).sort((a, b) => a - b),
    complete: async (_c, id, done) => {
      Object.assign(jobsById.get(id)!, { state: 'done', ...done });
    },
  };

  const clock = { now: () => new Date('2026-11-21T00:00:00Z') };
  const ids = { next: () => `J${++seq}` };
  const readEmployees = async (_c: string, list: string[]) => list.flatMap((id) => (employees.has(id) ? [structuredClone(employees.get(id)!)] : []));
  const unissued = { unissued: async () => [...employees.values()].filter((e) => (e.passwordStatus ?? 'unissued') === 'unissued').map(({ id, email1, email2, email3 }) => ({ id, email1, email2, email3 })) };
  const starter = createPdfIssuanceStarter({ jobs, targets: { employees: readEmployees }, directory: everyIdExisted, unissued, queue: { sendAll: async (m) => void queue.push(...m) }, clock, ids });
  const worker = createPdfIssuanceWorker({
    publicBaseUrl: 'https://kagi.example.jp/',
    jobs,
    targets: {
      company: async () => ({ id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '' }),
      employees: readEmployees,
      claim: async (_c, id, jobId, expected) => {
        calls.claim++;
        return claimOne(id, jobId, expected);
      },
      // All or nothing, as the transaction is.
      ...(options.claimAll === false
        ? {}
        : {
            claimAll: async (_c: string, jobId: string, _at: string, wanted: Array<{ employeeId: string; expected: string }>) => {
              calls.claimAll++;
              if (!wanted.every((c) => claimable(c.employeeId, jobId, c.expected))) return false;
              for (const c of wanted) claims.set(c.employeeId, jobId);
              return true;
            },
          }),
    },
    credentials: options.credentials ?? { setTemporaryPassword: async (id, _c, password) => void cognito.set(id, password) },
    notices: {
      // A "PDF" here is the list of its pages; what matters is who is on it with which password.
      render: async (pages) => new TextEncoder().encode(JSON.stringify(pages)),
      merge: async (parts) => {
        if (failNextMerge) {
          failNextMerge = false;
          throw new Error('socket hang up');
        }
        return new TextEncoder().encode(JSON.stringify(parts.flatMap((p) => JSON.parse(new TextDecoder().decode(p)) as NoticeInput[])));
      },
    },
    files: {
      put: async (key, bytes) => void files.set(key, JSON.parse(new TextDecoder().decode(bytes)) as NoticeInput[]),
      get: async (key) => new TextEncoder().encode(JSON.stringify(files.get(key))),
      downloadUrl: async (key) => ({ url: key, expiresAt: '' }),
    },
    settings: async () => DEFAULT_SETTINGS,
    clock,
    ids,
  });

  return {
    employees, cognito, files, queue, jobs, starter, worker, jobsById, calls, claims,
    killNextFinish: () => (failNextFinish = true),
    /** The next merge of a job's parts fails, as a reset connection would. */
    failNextMerge: () => (failNextMerge = true),
    /** Delivers queued messages like SQS: a failed one goes to the back of the queue. */
    async drain() {
      for (let guard = 0; queue.length > 0 && guard < 1000; guard++) {
        const message = queue.shift()! as JobChunkMessage;
        try {
          await worker.processChunk(message);
        } catch {
          queue.push(message);
        }
      }
    },
  };
}

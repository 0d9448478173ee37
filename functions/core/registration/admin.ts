import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { requireAdmin, requireReader } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditLog } from '../auth/service.js';
import type { JobFiles, JobStore } from '../issuance/pdf-issuance.js';
import { isWellFormedToken, tokenDigest } from '../mail/token.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { japanDateStamp } from '../shared/japan-date.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { RandomBytes } from '../shared/uniform-random.js';
import { registrationFileKey, registrationFileName, type CsvLinks, type RegistrationUrls } from './issuance.js';
import { registrationUrl } from './service.js';

/** 16 random bytes (128 bits), base64url: the company's registration URL key. */
const KEY_BYTES = 16;
export const newRegistrationKey = (random: RandomBytes = randomBytes) => Buffer.from(random(KEY_BYTES)).toString('base64url');

/** Port: the company's current registration URL key and the lookup from a key to the company. */
export interface RegistrationKeyStore {
  current(companyId: string): Promise<{ key: string; rotatedAt: string } | undefined>;
  /**
   * Makes `next` the company's key while `previous` still is (none: while there is none): the
   * old key stops naming the company in the same transaction. False when another change won.
   */
  replace(companyId: string, previous: string | undefined, next: { key: string; at: string }, audit?: AuditEntry): Promise<boolean>;
}

export interface RegistrationUrlView {
  url: string;
  rotatedAt: string;
}

/**
 * 組織情報: the one registration URL (and QR code) of a company, the same for every employee. Made
 * the first time anyone needs it; rotating it makes the old one stop working at once.
 */
export function createRegistrationUrlService({ keys, publicBaseUrl, clock, ids, random = randomBytes }: { keys: RegistrationKeyStore; publicBaseUrl: string; clock: Clock; ids: Ids; random?: RandomBytes }) {
  async function ensure(companyId: string): Promise<{ key: string; rotatedAt: string }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await keys.current(companyId);
      if (current) return current;
      const next = { key: newRegistrationKey(random), at: clock.now().toISOString() };
      if (await keys.replace(companyId, undefined, next)) return { key: next.key, rotatedAt: next.at };
    }
    throw new Error('The registration URL could not be made');
  }
  const view = ({ key, rotatedAt }: { key: string; rotatedAt: string }): RegistrationUrlView => ({ url: registrationUrl(publicBaseUrl, key), rotatedAt });

  const urls: RegistrationUrls = { url: async (companyId) => view(await ensure(companyId)).url };
  return {
    ...urls,

    async get(actor: Actor): Promise<RegistrationUrlView> {
      requireReader(actor);
      return view(await ensure(actor.companyId));
    },

    async rotate(actor: Actor): Promise<RegistrationUrlView> {
      requireAdmin(actor);
      const current = await ensure(actor.companyId);
      const next = { key: newRegistrationKey(random), at: clock.now().toISOString() };
      const audit: AuditEntry = {
        id: ids.next(), companyId: actor.companyId, at: next.at, actor: actor.loginId, actorAccountId: actor.accountId, action: 'company.registration-url.rotate', target: actor.companyId, result: 'success', sourceIp: actor.sourceIp,
      };
      if (!(await keys.replace(actor.companyId, current.key, next, audit))) {
        throw new DomainError(409, 'CHANGED', { ja: '他の管理者がURLを変更しました。画面を開き直してください。', en: 'Another admin changed the URL. Reload the page.' });
      }
      return view({ key: next.key, rotatedAt: next.at });
    },
  };
}

export type RegistrationFile = 'csv' | 'letters';

export interface DownloadLink {
  jobId: string;
  url: string;
  expiresAt: string;
  fileName: string;
}

const FILE_EXPIRED = () =>
  new DomainError(410, 'FILE_EXPIRED', {
    ja: '登録用パスワードの有効期限が過ぎたため、このファイルは削除されました。必要な場合はもう一度発行してください。',
    en: 'The registration passwords have expired, so this file has been deleted. Issue them again if needed.',
  });

/**
 * Downloads of a registration-password job's files: by the mailed CSV link (for the admin who ran
 * the job, seven days) or from the job's result screen (any admin, while the passwords are valid).
 * Each download is audited; the file is handed out through a presigned link of minutes.
 */
export function createRegistrationDownloads({ jobs, csvLinks, files, audit, clock, ids }: { jobs: Pick<JobStore, 'get'>; csvLinks: Pick<CsvLinks, 'get'>; files: Pick<JobFiles, 'downloadUrl'>; audit: AuditLog; clock: Clock; ids: Ids }) {
  async function hand(actor: Actor, jobId: string, file: RegistrationFile, via: 'mail-link' | 'result'): Promise<DownloadLink> {
    const job = await jobs.get(actor.companyId, jobId);
    if (!job || job.kind !== 'registration-codes') throw notFound({ ja: 'ジョブが見つかりません。', en: 'Job not found.' });
    const now = clock.now();
    if (!job.fileKey || !job.fileExpiresAt || Date.parse(job.fileExpiresAt) <= now.getTime()) throw FILE_EXPIRED();
    const fileName = registrationFileName(job, file, japanDateStamp);
    const link = await files.downloadUrl(registrationFileKey(actor.companyId, jobId, file), fileName);
    await audit.write({
      id: ids.next(), companyId: actor.companyId, at: now.toISOString(), actor: actor.loginId, actorAccountId: actor.accountId, action: 'registration.codes.download', target: jobId, result: 'success',
      sourceIp: actor.sourceIp, detail: { file, via },
    });
    return { jobId, fileName, ...link };
  }

  return {
    async byJob(actor: Actor, jobId: string, file: RegistrationFile): Promise<DownloadLink> {
      requireAdmin(actor);
      return hand(actor, jobId, file, 'result');
    },

    /** The page the mailed link opens: only the admin it was sent to, only for seven days. */
    async byLink(actor: Actor, token: string): Promise<DownloadLink> {
      requireAdmin(actor);
      const link = isWellFormedToken(token) ? await csvLinks.get(tokenDigest(token)) : undefined;
      if (!link || link.companyId !== actor.companyId) throw notFound({ ja: 'このダウンロードURLは見つかりません。', en: 'This download link does not exist.' });
      if (link.accountId !== actor.accountId) {
        throw forbidden({ ja: 'このダウンロードURLは、発行した管理者ご本人だけが使えます。', en: 'Only the admin who issued the passwords can use this download link.' });
      }
      if (Date.parse(link.expiresAt) <= clock.now().getTime()) {
        throw new DomainError(
          410,
          'CSV_LINK_EXPIRED',
          {
            ja: 'このダウンロードURLの有効期限（7日間）が過ぎました。パスワードの有効期限内であれば、発行ジョブの結果画面からダウンロードできます。',
            en: 'This download link has expired (it lasts 7 days). While the passwords are valid, download the file from the job’s result screen.',
          },
          { jobId: link.jobId },
        );
      }
      return hand(actor, link.jobId, 'csv', 'mail-link');
    },
  };
}

import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import type { DayDigest } from '../../core/audit/digest.js';
import { requireEnv } from '../../shared/env.js';
import { s3 } from '../clients/s3.js';

const keyOf = (companyId: string, day: string) => `audit-digests/${companyId}/${day}.json`;

/**
 * The locked copies of the log's day seals. In AWS the bucket has S3 Object Lock in compliance
 * mode (one year, lib/constructs/audit-digests.ts): nobody, the account's root included, can
 * change or remove a copy before then, so a rewritten table cannot rewrite its evidence too.
 */
export function createAuditDigestFiles() {
  const bucket = () => requireEnv('auditDigestBucket');
  return {
    async put(digest: DayDigest): Promise<void> {
      await s3().send(
        new PutObjectCommand({
          Bucket: bucket(),
          Key: keyOf(digest.companyId, digest.day),
          Body: JSON.stringify(digest),
          ContentType: 'application/json',
          // Object Lock asks every upload for an integrity checksum.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
    },
    async get(companyId: string, day: string): Promise<DayDigest | undefined> {
      try {
        const out = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: keyOf(companyId, day) }));
        return JSON.parse(await out.Body!.transformToString('utf-8')) as DayDigest;
      } catch (e) {
        if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
        throw e;
      }
    },
  };
}

import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { requireEnv } from '../../shared/env.js';
import { s3 } from '../clients/s3.js';

/** Reads of one object before a lost connection fails the caller. */
const READ_ATTEMPTS = 3;

/**
 * A connection lost while an object is read. The SDK retries a request that fails, but not a
 * body that breaks off after the response began (a merge reading a hundred parts met a few at
 * 100,000 employees); such a read is made again.
 */
const connectionLost = (e: unknown) =>
  e instanceof Error && (e.name === 'TimeoutError' || ['ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(String((e as { code?: unknown }).code)));

/** Generated and staged files in the private files bucket (expired by its lifecycle rule). */
export function createFiles() {
  const bucket = () => requireEnv('filesBucket');
  async function read<T>(key: string, whole: (body: NonNullable<GetObjectCommandOutput['Body']>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
        return await whole(out.Body!);
      } catch (e) {
        if (attempt >= READ_ATTEMPTS || !connectionLost(e)) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }
  return {
    async putJson(key: string, value: unknown): Promise<void> {
      await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: JSON.stringify(value), ContentType: 'application/json' }));
    },
    async getJson<T>(key: string): Promise<T> {
      return JSON.parse(await read(key, (body) => body.transformToString('utf-8'))) as T;
    },
    async putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
      await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: bytes, ContentType: contentType }));
    },
    getBytes: (key: string): Promise<Uint8Array> => read(key, (body) => body.transformToByteArray()),
    /** A short-lived download link that names the file for the browser. */
    async downloadUrl(key: string, filename: string, seconds: number): Promise<string> {
      const command = new GetObjectCommand({
        Bucket: bucket(),
        Key: key,
        ResponseContentDisposition: `attachment; filename="${filename}"`,
      });
      return getSignedUrl(s3(), command, { expiresIn: seconds });
    },
    async remove(keys: string[]): Promise<void> {
      for (let i = 0; i < keys.length; i += 1000) {
        await s3().send(new DeleteObjectsCommand({ Bucket: bucket(), Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
      }
    },
  };
}

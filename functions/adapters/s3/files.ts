import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { requireEnv } from '../../shared/env.js';
import { s3 } from '../clients/s3.js';

/** Generated and staged files in the private files bucket (expired by its lifecycle rule). */
export function createFiles() {
  const bucket = () => requireEnv('filesBucket');
  return {
    async putJson(key: string, value: unknown): Promise<void> {
      await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: JSON.stringify(value), ContentType: 'application/json' }));
    },
    async getJson<T>(key: string): Promise<T> {
      const out = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
      return JSON.parse(await out.Body!.transformToString('utf-8')) as T;
    },
    async putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
      await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: bytes, ContentType: contentType }));
    },
    async getBytes(key: string): Promise<Uint8Array> {
      const out = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
      return out.Body!.transformToByteArray();
    },
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

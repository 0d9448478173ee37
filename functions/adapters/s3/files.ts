import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { requireEnv } from '../../shared/env.js';
import { s3 } from '../aws-clients.js';

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
    async remove(keys: string[]): Promise<void> {
      for (let i = 0; i < keys.length; i += 1000) {
        await s3().send(new DeleteObjectsCommand({ Bucket: bucket(), Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
      }
    },
  };
}

import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createFiles } from '../../../functions/adapters/s3/files.js';
import { ENV } from '../../../functions/shared/env.js';

const s3Mock = mockClient(S3Client);

/** A body whose stream breaks off after the response began, as a reset connection does. */
const brokenBody = () => ({
  transformToByteArray: () => Promise.reject(Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' })),
  transformToString: () => Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
});
const body = (text: string) => ({ transformToByteArray: async () => new TextEncoder().encode(text), transformToString: async () => text });

beforeEach(() => {
  s3Mock.reset();
  process.env[ENV.filesBucket] = 'kagi-files';
});

describe('S3 files', () => {
  it('reads an object again when its body breaks off mid-read', async () => {
    s3Mock.on(GetObjectCommand).resolvesOnce({ Body: brokenBody() as never }).resolves({ Body: body('%PDF part') as never });
    expect(new TextDecoder().decode(await createFiles().getBytes('jobs/C1/J1/part-0.pdf'))).toBe('%PDF part');
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(2);
  });

  it('gives up after three lost connections, and never retries what is not one', async () => {
    s3Mock.on(GetObjectCommand).resolves({ Body: brokenBody() as never });
    await expect(createFiles().getJson('imports/C1/I1.json')).rejects.toThrow('socket hang up');
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(3);

    s3Mock.reset();
    s3Mock.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));
    await expect(createFiles().getBytes('jobs/C1/J1/part-9.pdf')).rejects.toThrow('gone');
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(1);
  });
});

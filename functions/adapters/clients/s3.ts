import { S3Client } from '@aws-sdk/client-s3';
import { optionalEnv } from '../../shared/env.js';
import { countCallsOf } from '../call-counter.js';
import { endpointOptions } from './endpoint.js';

let s3Client: S3Client | undefined;
/** The S3 client, built once per process. */
export function s3(): S3Client {
  const endpoint = optionalEnv('s3Endpoint');
  s3Client ??= countCallsOf(
    new S3Client({
      ...endpointOptions(endpoint),
      // s3rver only speaks path-style; its fixed credentials are S3RVER/S3RVER.
      ...(endpoint ? { forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
    }),
    'S3',
  );
  return s3Client;
}

import { SESv2Client } from '@aws-sdk/client-sesv2';
import { optionalEnv } from '../../shared/env.js';
import { countCallsOf } from '../call-counter.js';
import { endpointOptions } from './endpoint.js';

let sesClient: SESv2Client | undefined;
/** The SES v2 client, built once per process. */
export function ses(): SESv2Client {
  sesClient ??= countCallsOf(new SESv2Client(endpointOptions(optionalEnv('sesEndpoint'))), 'SES');
  return sesClient;
}

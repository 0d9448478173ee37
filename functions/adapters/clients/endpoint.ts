/**
 * Locally bin/local.ts points each SDK client at its stand-in; in AWS the endpoints are unset and
 * the SDK uses the region's.
 */
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function endpointOptions(endpoint: string | undefined) {
  return endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'ap-northeast-1', credentials: localCredentials } : {};
}

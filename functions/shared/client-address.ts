import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { viewerAddressOf } from '../core/guard/source.js';
import { originVerifySecret } from '../adapters/secrets/origin-verify.js';

export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The client's address, the one every handler uses (throttles, locks, audit entries). Behind
 * CloudFront, API Gateway's sourceIp is an edge server's address, shared by many users, so the
 * viewer's own address is taken from CloudFront-Viewer-Address, but only when the request also
 * carries the origin-verify secret that CloudFront adds (anyone can send the header itself to the
 * API's own endpoint). Otherwise, sourceIp.
 */
export async function clientAddress(event: APIGatewayProxyEventV2): Promise<string | undefined> {
  const sourceIp = event.requestContext?.http?.sourceIp;
  const headers = event.headers ?? {};
  const viewer = headers[VIEWER_ADDRESS_HEADER];
  const proof = headers[ORIGIN_VERIFY_HEADER];
  if (!viewer || !proof) return sourceIp;
  const secret = await originVerifySecret();
  if (!secret || !sameSecret(proof, secret)) return sourceIp;
  return viewerAddressOf(viewer) ?? sourceIp;
}

import { isIP } from 'node:net';

/**
 * The address a limit is kept for. An IPv6 client usually holds a whole /64 and can pick any
 * address in it, so limits count the /64 prefix; an IPv4 address counts as itself.
 */
export function sourceBucket(address: string | undefined): string {
  if (!address) return 'unknown';
  const kind = isIP(address);
  if (kind === 4) return address;
  if (kind !== 6) return 'invalid';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  return expandIpv6(address).slice(0, 4).join(':') + '::/64';
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (a:b::1.2.3.4) occupies two groups; the /64 prefix never reaches it.
  const fill = tail === undefined ? [] : Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...fill, ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

/**
 * The address in a CloudFront-Viewer-Address header: `198.51.100.10:46532` or
 * `2001:db8::1:46532` (address, colon, port). Undefined when it is not that.
 */
export function viewerAddressOf(header: string | undefined): string | undefined {
  if (!header || header.length > 64) return undefined;
  const colon = header.lastIndexOf(':');
  if (colon <= 0 || !/^\d{1,5}$/.test(header.slice(colon + 1))) return undefined;
  const address = header.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return isIP(address) ? address : undefined;
}

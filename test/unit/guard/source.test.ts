import { describe, expect, it } from 'vitest';
import { sourceBucket, viewerAddressOf } from '../../../functions/core/guard/source.js';

describe('client address', () => {
  it('counts IPv4 as itself and IPv6 by its /64', () => {
    expect(sourceBucket('203.0.113.5')).toBe('203.0.113.5');
    expect(sourceBucket('2001:db8:0:1:2:3:4:5')).toBe('2001:db8:0:1::/64');
    expect(sourceBucket('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceBucket('2001:db8:0:1::')).toBe('2001:db8:0:1::/64');
    expect(sourceBucket('::1')).toBe('0:0:0:0::/64');
    expect(sourceBucket('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(sourceBucket(undefined)).toBe('unknown');
    expect(sourceBucket('not an address')).toBe('invalid');
  });

  it('reads CloudFront-Viewer-Address (address:port), and nothing else', () => {
    expect(viewerAddressOf('198.51.100.10:46532')).toBe('198.51.100.10');
    expect(viewerAddressOf('2001:db8::1:46532')).toBe('2001:db8::1');
    expect(viewerAddressOf('[2001:db8::1]:443')).toBe('2001:db8::1');
    for (const bad of [undefined, '', '198.51.100.10', '198.51.100.10:', 'host:80', ':80', `${'1'.repeat(70)}:1`, '999.1.1.1:80']) expect(viewerAddressOf(bad)).toBeUndefined();
  });
});

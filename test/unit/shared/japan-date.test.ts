import { describe, expect, it } from 'vitest';
import { japanDateStamp } from '../../../functions/core/shared/japan-date.js';
import { yyyymmdd } from '../../../web/src/lib/format.js';

describe('file-name dates are the company’s (Japan) date', () => {
  it('puts 08:30 in Tokyo on that day, not on the UTC day before', () => {
    const morningInTokyo = new Date('2026-11-20T23:30:00Z');
    expect(japanDateStamp(morningInTokyo)).toBe('20261121');
    expect(japanDateStamp('2026-11-21T14:59:59Z')).toBe('20261121');
    expect(japanDateStamp('2026-11-21T15:00:00Z')).toBe('20261122');
  });

  it('is the same on the web site, whatever the browser’s time zone', () => {
    for (const iso of ['2026-11-20T23:30:00Z', '2026-11-21T14:59:59Z', '2026-11-21T15:00:00Z']) expect(yyyymmdd(new Date(iso))).toBe(japanDateStamp(iso));
  });
});

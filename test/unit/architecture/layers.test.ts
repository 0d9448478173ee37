import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('layer rules (DESIGN.md §3)', () => {
  it('core imports no AWS SDK, middy or Lambda types', () => {
    const offenders = sources('functions/core').filter((f) => /from '(@aws-sdk\/|@middy\/|aws-lambda)/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it('only adapters import the AWS SDK', () => {
    const offenders = sources('functions')
      .filter((f) => !f.startsWith(join('functions', 'adapters')))
      .filter((f) => /from '@aws-sdk\//.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it('no request path scans the table', () => {
    const offenders = sources('functions').filter((f) => /\bScan(Command|Input)\b|\.scan\(/.test(read(f)));
    expect(offenders.map((f) => relative(root, join(root, f)))).toEqual([]);
  });
});

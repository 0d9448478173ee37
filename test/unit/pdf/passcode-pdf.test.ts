import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PasscodeNoticeInput } from '../../../functions/core/issuance/passcode-issuance.js';
import { readNoticeFonts, type NoticeFonts } from '../../../functions/jobs/pdf/fonts.js';
import { createPasscodeNoticeFile, renderPasscodeNotices } from '../../../functions/jobs/pdf/passcode-file.js';

const notices: PasscodeNoticeInput[] = [
  { companyName: '株式会社デモ', companyCode: 'demo', department: '製造部 第二課', familyName: '髙橋', givenName: '﨑子', employeeCode: 'E0001', passcode: '0482', issuedAt: '2026年11月22日' },
  { companyName: '株式会社デモ', companyCode: 'demo', department: '', familyName: 'Smith', givenName: 'Anna', employeeCode: '0002', passcode: '9000', issuedAt: '2026年11月22日' },
];

let dir: string;
let fonts: NoticeFonts;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kagi-passcode-pdf-'));
  fonts = await readNoticeFonts();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function text(bytes: Uint8Array, page: number): Promise<string> {
  const path = join(dir, `p${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(path, bytes);
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

describe('passcode notice PDF', () => {
  it('prints one A4 page per employee: company, department, name 様, codes, the passcode and how to use it', async () => {
    const bytes = await renderPasscodeNotices(fonts, notices);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getTitle()).toBe('パスコードのお知らせ');
    const [w, h] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect([Math.round(w), Math.round(h)]).toEqual([595, 842]);
    const first = await text(bytes, 1);
    const flat = first.replace(/\s+/g, '');
    for (const s of ['株式会社デモ', '製造部第二課', '髙橋﨑子様', 'パスコードのお知らせ', '打刻のしかた', '5回続けて間違える']) expect(flat).toContain(s);
    expect(first).toMatch(/会社コード\s+demo/);
    expect(first).toMatch(/社員コード\s+E0001/);
    expect(first).toMatch(/パスコード\s+0482\s/);
    const second = await text(bytes, 2);
    expect(second).toMatch(/パスコード\s+9000\s/);
    expect(second.replace(/\s+/g, '')).toContain('SmithAnna様');
    expect(second).not.toContain('0482');
  });

  it('merges chunk files into one document in order, and refuses an empty one', async () => {
    const file = createPasscodeNoticeFile();
    const parts = await Promise.all(notices.map((n) => file.render([n])));
    const merged = await file.merge(parts);
    expect((await PDFDocument.load(merged)).getPageCount()).toBe(2);
    expect(await text(merged, 2)).toMatch(/パスコード\s+9000\s/);
    expect(await file.merge([parts[0]!])).toBe(parts[0]);
    await expect(renderPasscodeNotices(fonts, [])).rejects.toThrow(/at least one/);
  });
});

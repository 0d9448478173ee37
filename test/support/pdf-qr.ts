import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text each page's QR code holds, read as a phone would: the page rendered (pdftoppm), then decoded (jsQR). */
export function qrCodesOfPages(bytes: Uint8Array, pages: number[]): Array<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'kagi-qr-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, bytes);
    return pages.map((page) => {
      const prefix = join(dir, `page-${page}`);
      execFileSync('pdftoppm', ['-r', '110', '-f', String(page), '-l', String(page), '-png', file, prefix]);
      const png = readdirSync(dir).find((f) => f.startsWith(`page-${page}`) && f.endsWith('.png'))!;
      const image = PNG.sync.read(readFileSync(join(dir, png)));
      return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { PDFDocument } from 'pdf-lib';
import type { NoticeFile } from '../../core/issuance/pdf-issuance.js';
import { readNoticeFonts } from './fonts.js';
import { createNoticeRenderer, type NoticeRenderer } from './notice-pdf.js';

/**
 * Notice pages for the issuance worker. In Lambda the fonts are copied beside the bundle
 * (`fonts/`, see lib/constructs/jobs.ts); locally they are read from node_modules.
 */
export function createNoticeFile(): NoticeFile {
  let renderer: Promise<NoticeRenderer> | undefined;
  const fontDir = process.env.LAMBDA_TASK_ROOT ? `${process.env.LAMBDA_TASK_ROOT}/fonts` : undefined;
  return {
    async render(notices) {
      renderer ??= readNoticeFonts(fontDir).then((fonts) => createNoticeRenderer({ fonts }));
      return (await renderer).render(notices);
    },
    async merge(parts) {
      if (parts.length === 1) return parts[0]!;
      const merged = await PDFDocument.create();
      merged.setTitle('ログイン情報のお知らせ');
      for (const bytes of parts) {
        const part = await PDFDocument.load(bytes);
        for (const page of await merged.copyPages(part, part.getPageIndices())) merged.addPage(page);
      }
      return merged.save();
    },
  };
}

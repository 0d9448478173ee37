import type { NoticeFile } from '../../core/issuance/pdf-issuance.js';
import { createNoticeRenderer, type NoticeRenderer } from './notice-pdf.js';
import { lazyNoticeFonts, mergePdfParts } from './pdf-file.js';

/** Notice pages for the issuance worker (its renderer keeps the embedded fonts between chunks). */
export function createNoticeFile(): NoticeFile {
  const fonts = lazyNoticeFonts();
  let renderer: Promise<NoticeRenderer> | undefined;
  return {
    async render(notices) {
      renderer ??= fonts().then((f) => createNoticeRenderer({ fonts: f }));
      return (await renderer).render(notices);
    },
    merge: (parts) => mergePdfParts(parts, 'ログイン情報のお知らせ'),
  };
}

import { readNoticeFonts } from '../../functions/jobs/pdf/fonts.js';
import { createNoticeRenderer } from '../../functions/jobs/pdf/notice-pdf.js';
import { manyNotices, SIGN_IN_URL } from '../unit/pdf/sample-notices.js';

export interface RenderFigures {
  msPerPage: number;
  kbPerPage: number;
}

/** `count` notices rendered as one document, and as one document per notice, in this run. */
export async function measureRenderer(count: number): Promise<{ combined: RenderFigures; perNotice: RenderFigures }> {
  const notices = manyNotices(count);
  const renderer = createNoticeRenderer({ fonts: await readNoticeFonts() });
  await renderer.render(notices.slice(0, 1)); // parse the fonts and warm up, for both alike
  const measure = async (run: () => Promise<number>): Promise<RenderFigures> => {
    const start = performance.now();
    const bytes = await run();
    return { msPerPage: (performance.now() - start) / count, kbPerPage: bytes / 1024 / count };
  };
  const combined = await measure(async () => (await renderer.render(notices)).length);
  const perNotice = await measure(async () => {
    let total = 0;
    for (const notice of notices) total += (await renderer.render([notice])).length;
    return total;
  });
  return { combined, perNotice };
}

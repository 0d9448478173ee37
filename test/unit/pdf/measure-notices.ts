// A one-off measurement, not a test: `npx tsx test/unit/pdf/measure-notices.ts [count]`.
// Renders `count` notices as one document and as one document per notice, and prints time and
// size per page for both. The bench of issue 3 (test/bench) makes the lasting comparison.
import { readNoticeFonts } from '../../../functions/jobs/pdf/fonts.js';
import { createNoticeRenderer } from '../../../functions/jobs/pdf/notice-pdf.js';
import { manyNotices, SIGN_IN_URL } from './sample-notices.js';

const count = Number(process.argv[2] ?? 1000);
const notices = manyNotices(count);
const renderer = createNoticeRenderer({ fonts: await readNoticeFonts() });
await renderer.render(notices.slice(0, 1)); // parse the fonts and warm the JIT for both runs alike

async function measure(label: string, run: () => Promise<number>): Promise<void> {
  const start = performance.now();
  const bytes = await run();
  const ms = performance.now() - start;
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  console.log(`${label.padEnd(28)} ${(ms / count).toFixed(2).padStart(7)} ms/page ${(bytes / 1024 / count).toFixed(2).padStart(7)} KB/page  total ${(ms / 1000).toFixed(1)} s, ${(bytes / 2 ** 20).toFixed(2)} MB, rss ${rssMb.toFixed(0)} MB`);
}

await measure(`one document, ${count} pages`, async () => (await renderer.render(notices)).length);
await measure(`${count} one-page documents`, async () => {
  let total = 0;
  for (const notice of notices) total += (await renderer.render([notice])).length;
  return total;
});

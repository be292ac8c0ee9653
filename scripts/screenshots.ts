// npm run screenshots — the hover card on a light page (the seed article) and on a dark page, for
// docs/ and the README. Uses the built Chromium extension; the card is opened by hovering a mention.
import { launch, type TestPage } from '../tests/e2e/harness/browsers.ts';
import { startServer } from '../tests/e2e/harness/server.ts';

async function hoverFirst(page: TestPage, highlight: string): Promise<void> {
  await page.waitFor((name) => (CSS.highlights.get(name)?.size ?? 0) > 0, highlight);
  const box = await page.evaluate((name) => {
    let rect: DOMRect | null = null;
    CSS.highlights.get(name)?.forEach((r) => {
      rect ??= (r as Range).getBoundingClientRect();
    });
    const b = rect as DOMRect | null;
    return b ? { x: b.left + b.width / 2, y: b.top + b.height / 2, bottom: b.bottom } : null;
  }, highlight);
  if (!box) throw new Error(`no ${highlight} mark`);
  await page.mouseMove(box.x - 20, box.y);
  await page.mouseMove(box.x, box.y);
  await page.waitFor(
    (p) => document.elementFromPoint(p.x, p.y)?.tagName.toLowerCase() === 'caucasus-lens-card',
    { x: box.x, y: box.bottom + 40 },
  );
  await new Promise((r) => setTimeout(r, 300));
}

const server = await startServer();
const browser = await launch('chromium');
try {
  const light = await browser.newPage(server.url('/seed'));
  await hoverFirst(light, 'caucasus-lens-event');
  await light.screenshot('docs/card-light.png');
  const dark = await browser.newPage(server.url('/fixtures/dark.html'));
  await hoverFirst(dark, 'caucasus-lens-corridor');
  await dark.screenshot('docs/card-dark.png');
  console.log('wrote docs/card-light.png and docs/card-dark.png');
} finally {
  await browser.close();
  await server.close();
}

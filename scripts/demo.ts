// Launches Chromium with the built extension on the demo page (served from 127.0.0.1), waits for the
// marks, hovers the first one, saves a screenshot and prints what was found. Headless when there is
// no display; with a display it leaves the browser open until Ctrl-C.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMarks, waitForMarks } from '../tests/e2e/harness/annotations.ts';
import { launch } from '../tests/e2e/harness/browsers.ts';
import { startServer } from '../tests/e2e/harness/server.ts';

const headless = !process.env.DISPLAY || process.argv.includes('--headless');
const outDir = fileURLToPath(new URL('../.output/demo', import.meta.url));
mkdirSync(outDir, { recursive: true });

const server = await startServer();
const browser = await launch('chromium', { headless });
const page = await browser.newPage(server.url('/demo/index.html'));
await waitForMarks(page, 1);
// Let the sliced annotation pass finish before reading.
await new Promise((resolve) => setTimeout(resolve, 500));
const marks = await readMarks(page);

const first = await page.evaluate(() => {
  for (const [, highlight] of CSS.highlights) {
    for (const range of highlight) {
      const rect = (range as Range).getBoundingClientRect();
      return {
        x: rect.left + rect.width / 2,
        y: rect.top + rect.height / 2,
        text: (range as Range).toString(),
      };
    }
  }
  return null;
});
if (first) await page.mouseMove(first.x, first.y);
await new Promise((resolve) => setTimeout(resolve, 1200)); // past the 500 ms intent delay: the card is open
const shot = join(outDir, 'demo.png');
await page.screenshot(shot);

const byType = new Map<string, Set<string>>();
for (const m of marks) {
  const type = m.highlight.replace('caucasus-lens-', '');
  const set = byType.get(type) ?? new Set();
  set.add(m.text);
  byType.set(type, set);
}
console.log(`Caucasus Lens demo: ${server.url('/demo/index.html')}`);
console.log(`${marks.length} mentions marked:`);
for (const [type, texts] of [...byType].sort()) console.log(`  ${type.padEnd(13)} ${[...texts].join(', ')}`);
if (first) console.log(`Hovered "${first.text}" at (${Math.round(first.x)}, ${Math.round(first.y)}).`);
console.log(`Screenshot: ${shot}`);

if (headless) {
  await browser.close();
  await server.close();
} else {
  console.log('The browser stays open; press Ctrl-C to quit.');
  process.on(
    'SIGINT',
    () =>
      void browser
        .close()
        .then(() => server.close())
        .then(() => process.exit(0)),
  );
}

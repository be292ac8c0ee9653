/** Pages that change after load: appended paragraphs and a history-API navigation get marked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMarks, waitForMarks } from './harness/annotations.ts';
import { BROWSERS, launch, type TestBrowser, type TestPage } from './harness/browsers.ts';
import { startServer, type TestServer } from './harness/server.ts';

/** Waits until a mark with exactly this text exists (forEach: Firefox cannot iterate our registry). */
const hasMark = (page: TestPage, text: string) =>
  page.waitFor((t) => {
    let found = false;
    CSS.highlights.forEach((h) => {
      h.forEach((r) => {
        if ((r as Range).toString() === t) found = true;
      });
    });
    return found;
  }, text);

describe.each(BROWSERS)('dynamic pages in %s', (name) => {
  let browser: TestBrowser;
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch(name);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('marks appended content, then the new article after pushState', async () => {
    const page = await browser.newPage(server.url('/fixtures/dynamic.html'));
    await waitForMarks(page, 1);
    await page.evaluate(() =>
      (window as unknown as { appendBatch: (n: number, s: string) => void }).appendBatch(20, 'Tbilisi'),
    );
    await hasMark(page, 'Tbilisi');
    await page.evaluate(() => (window as unknown as { navigateInPlace: () => void }).navigateInPlace());
    // The new article is marked, across the inline elements that split "Southern Gas Corridor".
    await hasMark(page, 'Yerevan');
    await hasMark(page, 'Southern Gas Corridor');
    const texts = (await readMarks(page)).map((m) => m.text);
    expect(texts).not.toContain('Baku'); // the old article left the page, and its mark with it
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

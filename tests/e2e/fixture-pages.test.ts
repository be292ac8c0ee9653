/** Every real-world page in ../shared/fixtures/pages: the content script runs there without an error. */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type TestBrowser, type TestPage } from './harness/browsers.ts';
import { PAGES_DIR, startServer, type TestServer } from './harness/server.ts';

const pages = readdirSync(PAGES_DIR)
  .filter((name) => name.endsWith('.html'))
  .sort();

describe('real-world pages in chromium', () => {
  let browser: TestBrowser;
  let server: TestServer;
  let page: TestPage;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch('chromium');
    page = await browser.newPage();
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
  });

  it('has the shared pages to run on', () => {
    expect(pages.length).toBeGreaterThanOrEqual(90);
  });

  it.each(pages)('%s: the content script finishes with no uncaught error', async (name) => {
    const errorsBefore = page.extensionErrors.length;
    await page.goto(server.url(`/pages/${name}`));
    // From the page we can only observe the content script's effects: wait until its annotation pass
    // has settled (no highlight change for 300 ms).
    await page.waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const count = () => {
            let n = 0;
            CSS.highlights.forEach((h) => {
              n += h.size;
            });
            return n;
          };
          const before = count();
          setTimeout(() => resolve(count() === before), 300);
        }),
      undefined,
      20_000,
    );
    expect(page.extensionErrors.slice(errorsBefore)).toEqual([]);
  });
});

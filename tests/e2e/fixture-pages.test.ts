/**
 * Every real-world page in ../shared/fixtures/pages: the content script runs there without an error,
 * and leaves the page's DOM exactly as it found it (marks are highlights, not elements).
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type TestBrowser, type TestPage } from './harness/browsers.ts';
import { PAGES_DIR, startServer, type TestServer } from './harness/server.ts';

const pages = readdirSync(PAGES_DIR)
  .filter((name) => name.endsWith('.html'))
  .sort();

const UNTOUCHED_HOST = 'second-site.test';

/** The page's DOM as markup, without the one element we may add (the card's host). */
const serialize = () => {
  const copy = document.documentElement.cloneNode(true) as Element;
  for (const host of copy.querySelectorAll('caucasus-lens-card')) host.remove();
  return copy.outerHTML;
};

describe('real-world pages in chromium', () => {
  let browser: TestBrowser;
  let server: TestServer;
  let page: TestPage;

  beforeAll(async () => {
    server = await startServer();
    browser = await launch('chromium');
    page = await browser.newPage();
    // The same pages under another site name, switched off: the DOM as the page makes it, untouched.
    const off = await browser.sendFromExtension({
      type: 'site:set-enabled',
      payload: { host: UNTOUCHED_HOST, enabled: false },
    });
    expect(off).toMatchObject({ ok: true, value: { enabled: false } });
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await server?.close();
  });

  it('has the shared pages to run on', () => {
    expect(pages.length).toBeGreaterThanOrEqual(90);
  });

  it.each(pages)('%s: no uncaught error, and the DOM is unchanged', async (name) => {
    const url = server.url(`/pages/${name}`);
    await page.goto(url.replace('127.0.0.1', UNTOUCHED_HOST));
    const untouched = await page.evaluate(serialize);
    const errorsBefore = page.extensionErrors.length;
    await page.goto(url);
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
    const annotated = await page.evaluate(serialize);
    expect(annotated.length).toBe(untouched.length);
    expect(annotated === untouched).toBe(true);
  });
});

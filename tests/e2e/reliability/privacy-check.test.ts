/**
 * The harness's privacy check (harness/privacy.ts) can fail: when an extension page requests a
 * second local server, not the configured WebDAV one, closing the browser throws and names the
 * request; a page's own request to the same server is the page's business and passes. Either way the
 * requests inspected are tallied. Chromium only: see privacy.ts on Firefox.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTS_FILE } from '../../reliability/counts.ts';
import { launch } from '../harness/browsers.ts';
import { startServer, type TestServer } from '../harness/server.ts';

/** The 'requests' tallies appended to the counts file since it held `from` characters. */
function requestTallies(from: number): number[] {
  const text = existsSync(COUNTS_FILE) ? readFileSync(COUNTS_FILE, 'utf8').slice(from) : '';
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { kind: string; n: number })
    .filter((t) => t.kind === 'requests')
    .map((t) => t.n);
}
const countsLength = () => (existsSync(COUNTS_FILE) ? readFileSync(COUNTS_FILE, 'utf8').length : 0);

describe('the privacy check in chromium', () => {
  let pages: TestServer;
  /** Somewhere the extension must never send anything: not the reader's WebDAV server. */
  let elsewhere: TestServer;
  beforeAll(async () => {
    pages = await startServer();
    elsewhere = await startServer();
  });
  afterAll(async () => {
    await pages?.close();
    await elsewhere?.close();
  });

  it('passes when only a page requests another server (the control)', async () => {
    const browser = await launch('chromium');
    const from = countsLength();
    const page = await browser.newPage(pages.url('/seed'));
    const target = elsewhere.url('/favicon.ico');
    expect(await page.evaluate((u) => fetch(u, { mode: 'no-cors' }).then(() => 'sent'), target)).toBe('sent');
    await page.close();
    await browser.close();
    const [tally] = requestTallies(from);
    // The page itself and its fetch at least were inspected.
    expect(tally).toBeGreaterThanOrEqual(2);
  });

  it('fails when an extension page requests a server that is not the WebDAV one', async () => {
    const browser = await launch('chromium');
    const from = countsLength();
    const ext = await browser.openExtensionPage('popup.html');
    const target = elsewhere.url('/favicon.ico');
    expect(await ext.evaluate((u) => fetch(u, { mode: 'no-cors' }).then(() => 'sent'), target)).toBe('sent');
    await ext.close();
    const closing = browser.close();
    await expect(closing).rejects.toThrow('the extension made requests it must not');
    await expect(closing).rejects.toThrow(`extension in ${browser.extensionOrigin}/popup.html: ${target}`);
    // Tallied before it threw, as for every session.
    const [tally] = requestTallies(from);
    expect(tally).toBeGreaterThanOrEqual(1);
  });
});

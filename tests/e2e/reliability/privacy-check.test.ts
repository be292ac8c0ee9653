/**
 * The harness's privacy check (harness/privacy.ts) can fail, in Chromium and in Firefox: closing the
 * browser throws and names the request when an extension page requests a second local server, not the
 * configured WebDAV one; when a content script does (a probe extension, ./privacy-probe: in Firefox its
 * fetch has the page's principal and only the stack tells it apart); and when the background has
 * reached a WebDAV server the reader then disconnected (in Firefox, proof that the background's
 * requests are seen at all: BiDi never reports them). Syncing with the reader's server passes, and a
 * page's own request to another server is the page's business and passes. Each session tallies the
 * requests it inspected.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTS_FILE } from '../../reliability/counts.ts';
import { BROWSERS, launch } from '../harness/browsers.ts';
import { startServer, type TestServer } from '../harness/server.ts';
import { connectWebDav, startWebDav, type WebDavServer } from '../harness/webdav-server.ts';

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

const PROBE = fileURLToPath(new URL('privacy-probe', import.meta.url));
/** The document the background runs in: the target its requests are named by. */
const BACKGROUND = { chromium: 'background.js', firefox: '_generated_background_page.html' };
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(BROWSERS)('the privacy check in %s', (name) => {
  let pages: TestServer;
  /** Somewhere the extension must never send anything: not the reader's WebDAV server. */
  let elsewhere: TestServer;
  let dav: WebDavServer;
  beforeAll(async () => {
    pages = await startServer();
    elsewhere = await startServer();
    dav = await startWebDav();
  });
  afterAll(async () => {
    await pages?.close();
    await elsewhere?.close();
    await dav?.stop();
  });

  it("passes when the background syncs with the reader's WebDAV server", async () => {
    const browser = await launch(name);
    const from = countsLength();
    await connectWebDav(browser, dav);
    await browser.close();
    const [tally] = requestTallies(from);
    expect(tally).toBeGreaterThanOrEqual(1);
  });

  it('fails when the background has reached a WebDAV server the reader no longer has', async () => {
    const browser = await launch(name);
    await connectWebDav(browser, dav);
    expect(await browser.sendFromExtension({ type: 'sync:webdav-disconnect', payload: {} })).toMatchObject({
      ok: true,
    });
    // The requests made while it was configured are now to a server that is not the reader's: the
    // background's requests were seen (BiDi never reports them in Firefox) and laid at the extension's door.
    const background = escapeRegExp(`${browser.extensionOrigin}/${BACKGROUND[name]}`);
    await expect(browser.close()).rejects.toThrow(
      new RegExp(`extension in ${background}: ${escapeRegExp(new URL(dav.url).origin)}/`),
    );
  });

  it('passes when only a page requests another server (the control)', async () => {
    const browser = await launch(name);
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
    const browser = await launch(name);
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

  it('fails when a content script requests a server that is not the WebDAV one', async () => {
    const browser = await launch(name, { extensionDir: PROBE });
    const from = countsLength();
    const target = elsewhere.url('/favicon.ico');
    const url = pages.url(`/seed?probe=${encodeURIComponent(target)}`);
    const page = await browser.newPage(url);
    await page.waitFor(() => document.documentElement.dataset.probe === 'sent');
    await page.close();
    const closing = browser.close();
    await expect(closing).rejects.toThrow(`content-script in ${url}: ${target}`);
    const [tally] = requestTallies(from);
    expect(tally).toBeGreaterThanOrEqual(2);
  });
});

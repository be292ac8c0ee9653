/**
 * Two Chromium profiles, each with the extension, set up with the same Apache WebDAV folder: a
 * passage note written in A appears in B's side panel and on the page, an edit in B comes back to A,
 * a deletion propagates. The extension is built with loopback host permission granted up front
 * (LENS_TEST_HOSTS): a headless browser cannot answer the permission prompt the panel raises.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type TestBrowser, type TestPage } from './harness/browsers.ts';
import { startServer, type TestServer } from './harness/server.ts';
import { messengerFor } from './harness/tabs.ts';
import { startWebDav, type WebDavServer } from './harness/webdav-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSAGE = 'the Middle Corridor carried record volumes through Georgia';

describe('sync between two Chromium profiles through WebDAV', () => {
  const out = mkdtempSync(join(tmpdir(), 'lens-sync-build-'));
  let dav: WebDavServer;
  let server: TestServer;
  let a: TestBrowser;
  let b: TestBrowser;

  beforeAll(async () => {
    execFileSync('npx', ['wxt', 'build'], {
      cwd: ROOT,
      env: { ...process.env, LENS_OUT_DIR: out, LENS_TEST_HOSTS: '1' },
      stdio: 'pipe',
    });
    dav = await startWebDav();
    server = await startServer();
    a = await launch('chromium', { extensionDir: join(out, 'chrome-mv3') });
    b = await launch('chromium', { extensionDir: join(out, 'chrome-mv3') });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await server?.close();
    await dav?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  const noteTexts = (page: TestPage) =>
    page.evaluate(() => {
      const out: string[] = [];
      CSS.highlights.get('caucasus-lens-note')?.forEach((r) => {
        out.push((r as Range).toString());
      });
      return out;
    });

  it('a note written in A appears in B, an edit in B comes back to A, a deletion propagates', async () => {
    const url = server.page(
      '/sync/article',
      `<!doctype html><html lang="en"><head><title>Freight</title></head><body><p>In 2025 ${PASSAGE}, officials in Tbilisi said.</p></body></html>`,
    );
    // A connects through the side panel, as a reader does.
    const panelA = await a.openExtensionPage('sidepanel.html');
    await panelA.click('[data-testid="tab-sync"]');
    await panelA.fill('[data-testid="sync-url"]', dav.url);
    await panelA.fill('[data-testid="sync-user"]', dav.user);
    await panelA.fill('[data-testid="sync-password"]', dav.password);
    await panelA.click('[data-testid="sync-connect"]');
    await panelA.waitFor(
      () => document.querySelector('[data-testid="sync-last"]')?.textContent !== 'not yet',
      undefined,
      20_000,
    );
    // B connects through the same message the panel sends.
    const configured = (await b.sendFromExtension({
      type: 'sync:webdav-configure',
      payload: { url: dav.url, user: dav.user, password: dav.password, passphrase: null },
    })) as { ok: boolean; value: { configured: boolean; error?: unknown } };
    expect(configured).toMatchObject({ ok: true, value: { configured: true } });
    expect(configured.value.error).toBeUndefined();

    // A writes a passage note.
    const pageA = await a.newPage(url);
    await pageA.waitFor(() => CSS.highlights.has('caucasus-lens-place'));
    await pageA.evaluate((quote) => {
      const node = document.querySelector('p')?.firstChild as Text;
      const start = node.data.indexOf(quote);
      getSelection()?.setBaseAndExtent(node, start, node, start + quote.length);
    }, PASSAGE);
    const tabA = await messengerFor(a, pageA);
    const selection = (await tabA.send({ type: 'page:selection', payload: {} })) as {
      value: { target: unknown };
    };
    await tabA.close();
    const added = (await a.sendFromExtension({
      type: 'notes:add',
      payload: { kind: 'passage', entityIds: [], body: 'Written in A', url, target: selection.value.target },
    })) as { ok: boolean; value: { note: { id: string } } };
    expect(added.ok).toBe(true);
    const id = added.value.note.id;
    await a.sendFromExtension({ type: 'sync:now', payload: {} });

    // B receives it: in its side panel and on the page.
    await b.sendFromExtension({ type: 'sync:now', payload: {} });
    const panelB = await b.openExtensionPage('sidepanel.html');
    await panelB.click('[data-testid="tab-notes"]');
    await panelB.waitFor(
      () =>
        document.querySelector('[data-testid="notes"] li.note .note-body')?.textContent === 'Written in A',
    );
    const pageB = await b.newPage(url);
    await pageB.waitFor(() => (CSS.highlights.get('caucasus-lens-note')?.size ?? 0) === 1);
    expect(await noteTexts(pageB)).toEqual([PASSAGE]);

    // An edit in B comes back to A.
    await b.sendFromExtension({ type: 'notes:update', payload: { id, body: 'Edited in B' } });
    await b.sendFromExtension({ type: 'sync:now', payload: {} });
    await a.sendFromExtension({ type: 'sync:now', payload: {} });
    await panelA.click('[data-testid="tab-notes"]');
    await panelA.waitFor(
      () => document.querySelector('[data-testid="notes"] li.note .note-body')?.textContent === 'Edited in B',
    );

    // A deletion in A reaches B: gone from its panel and its page.
    await a.sendFromExtension({ type: 'notes:delete', payload: { id, deleted: true } });
    await a.sendFromExtension({ type: 'sync:now', payload: {} });
    await b.sendFromExtension({ type: 'sync:now', payload: {} });
    await panelB.waitFor(
      () => document.querySelector('[data-testid="note-count"]')?.textContent === '0 of 0 notes',
    );
    await pageB.goto(url);
    await pageB.waitFor(() => CSS.highlights.has('caucasus-lens-note'));
    expect(await noteTexts(pageB)).toEqual([]);
    for (const p of [panelA, panelB, pageA, pageB]) await p.close();
  });
});

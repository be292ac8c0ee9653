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
import { noteTexts } from './harness/annotations.ts';
import { launch, type TestBrowser } from './harness/browsers.ts';
import { startServer, type TestServer } from './harness/server.ts';
import { messengerFor } from './harness/tabs.ts';
import { connectWebDav, startWebDav, type WebDavServer } from './harness/webdav-server.ts';

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
    await connectWebDav(b, dav);

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

describe('sync through storage.sync between two Chromium profiles', () => {
  let c: TestBrowser;
  let d: TestBrowser;
  beforeAll(async () => {
    c = await launch('chromium');
    d = await launch('chromium');
  });
  afterAll(async () => {
    await c?.close();
    await d?.close();
  });

  /** The browser's sync area, read or written from one of our pages (as the vendor's sync would). */
  const syncArea = (browser: TestBrowser, write?: Record<string, unknown>) =>
    browser.openExtensionPage('popup.html').then(async (page) => {
      try {
        return await page.evaluate(async (items) => {
          // biome-ignore lint/suspicious/noExplicitAny: Chromium's chrome global in extension pages.
          const area = (globalThis as any).chrome.storage.sync;
          if (items) await area.set(items);
          return { items: await area.get(null), bytes: await area.getBytesInUse(null) };
        }, write);
      } finally {
        await page.close();
      }
    });

  it('B merges what A published; past the quota the panel says how many did not fit and keeps them all', async () => {
    for (const body of ['One from C', 'Два из C', 'Երեք C-ից']) {
      await c.sendFromExtension({
        type: 'notes:add',
        payload: { kind: 'entity', entityIds: ['georgia'], body },
      });
    }
    await c.sendFromExtension({ type: 'sync:now', payload: {} });
    const published = await syncArea(c);
    const noteKeys = Object.keys(published.items).filter((k) => k.startsWith('n:'));
    expect(noteKeys.length).toBeGreaterThan(0);
    // The vendor's transport, standing in: C's items land in D's sync area.
    await syncArea(d, Object.fromEntries(noteKeys.map((k) => [k, published.items[k]])));
    const panel = await d.openExtensionPage('sidepanel.html');
    await panel.click('[data-testid="tab-notes"]');
    await panel.waitFor(
      () => document.querySelector('[data-testid="note-count"]')?.textContent === '3 of 3 notes',
      undefined,
      20_000,
    );
    await panel.close();

    // 600 more notes on C, a 200-character body and a 100-character quote each: more than fits.
    const now = Date.now();
    // Random letters: real notes do not compress like a repeated phrase would.
    const noise = (n: number) =>
      Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz     '[Math.floor(Math.random() * 31)]).join(
        '',
      );
    const items = Array.from({ length: 600 }, (_, i) => ({
      id: `urn:uuid:${crypto.randomUUID()}`,
      type: 'Annotation',
      created: new Date(now - i * 1000).toISOString(),
      modified: new Date(now - i * 1000).toISOString(),
      body: [
        {
          type: 'TextualBody',
          value: `Note ${i}: ${noise(190)}`,
          purpose: 'commenting',
        },
      ],
      target: {
        source: 'https://news.example/a',
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: 'q'.repeat(100),
            prefix: 'p'.repeat(32),
            suffix: 's'.repeat(32),
          },
          { type: 'TextPositionSelector', start: 10, end: 110 },
        ],
      },
      'lens:kind': 'passage',
      'lens:entities': ['georgia'],
      'lens:device': 'import',
      'lens:page': 'https://news.example/a',
    }));
    const imported = (await c.sendFromExtension({
      type: 'notes:import',
      payload: {
        text: JSON.stringify({
          '@context': ['http://www.w3.org/ns/anno.jsonld', { lens: 'https://caucasus-lens.org/ns#' }],
          type: 'AnnotationCollection',
          first: { items },
        }),
      },
    })) as { ok: boolean; value: { added: number } };
    expect(imported).toMatchObject({ ok: true, value: { added: 600 } });
    const status = (await c.sendFromExtension({ type: 'sync:now', payload: {} })) as {
      value: { browser: { notSynced: number; error?: unknown } };
    };
    expect(status.value.browser.notSynced).toBeGreaterThan(0);
    expect(status.value.browser.error).toBeUndefined();
    expect((await syncArea(c)).bytes).toBeLessThanOrEqual(102_400);
    const panelC = await c.openExtensionPage('sidepanel.html');
    await panelC.click('[data-testid="tab-sync"]');
    await panelC.waitFor(() =>
      /do not fit/.test(document.querySelector('[data-testid="browser-sync-full"]')?.textContent ?? ''),
    );
    await panelC.click('[data-testid="tab-notes"]');
    await panelC.waitFor(
      () => document.querySelector('[data-testid="note-count"]')?.textContent === '603 of 603 notes',
    );
    await panelC.close();
  });
});

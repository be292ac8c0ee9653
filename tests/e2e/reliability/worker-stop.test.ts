/**
 * The service worker stopped for real in the middle of its work, in Debian's Chromium: during a burst
 * of note writes, during a knowledge-base load and during a sync upload, each at three moments. The
 * worker is never paused (a paused worker keeps its IndexedDB transaction open, and nothing ends):
 * it is stopped through DevTools (ServiceWorker.stopWorker, confirmed by its running status) while it
 * is demonstrably busy, and restarted by the next message. Afterwards:
 * - notes: every note row has exactly its outbox entry and every entry its note; every note whose
 *   answer arrived is there, whole; none is half-written;
 * - knowledge base: the hash, the count and every row are all of the old build or all of the new one;
 * - sync: the next round completes, the server holds each note version exactly once across its logs,
 *   and the outbox is empty.
 *
 * Firefox: its event page cannot be stopped from outside over WebDriver BiDi (no command suspends or
 * terminates a background page, and the browser's idle timeout is not reachable from the protocol),
 * so there is no Firefox counterpart here; the same faults are cut at every step in Node instead
 * (tests/unit/reliability/faults.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countReliability } from '../../reliability/counts.ts';
import { launch, type TestBrowser, type TestPage } from '../harness/browsers.ts';
import type { Cdp } from '../harness/cdp.ts';
import { type DavProxy, startDavProxy } from '../harness/dav-proxy.ts';
import { startWebDav, type WebDavServer } from '../harness/webdav-server.ts';

// biome-ignore lint/suspicious/noExplicitAny: page-side globals set by these tests.
type Any = any;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StoredNote {
  id: string;
  kind: string;
  body: string;
  search?: string;
  hlc?: string;
  vv?: Record<string, number>;
  device?: string;
  createdAt?: number;
  updatedAt?: number;
}
interface Stored {
  notes: StoredNote[];
  outbox: { seq: number; noteId: string }[];
}
interface KbState {
  hash: string | null;
  metaCount: number | null;
  ids: string[];
  /** Rows carrying the old build's mark. */
  marked: number;
}

/** In an extension page: the notes and the outbox, read in one transaction (raw IndexedDB). */
function readNotes(): Promise<Stored> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('caucasus-lens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['notes', 'outbox']);
      const notes = tx.objectStore('notes').getAll();
      const outbox = tx.objectStore('outbox').getAll();
      tx.oncomplete = () => {
        db.close();
        resolve({ notes: notes.result, outbox: outbox.result });
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** In an extension page: the knowledge base as stored, read in one transaction. */
function readKb(): Promise<KbState> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('caucasus-lens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['entities', 'meta']);
      const rows = tx.objectStore('entities').getAll();
      const meta = tx.objectStore('meta').get('kb');
      tx.oncomplete = () => {
        db.close();
        const all = rows.result as { id: string; build?: string }[];
        resolve({
          hash: meta.result?.hash ?? null,
          metaCount: meta.result?.entities ?? null,
          ids: all.map((r) => r.id),
          marked: all.filter((r) => r.build === 'old').length,
        });
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** In an extension page: replaces the knowledge base with `rows` under `hash`, as an older build left it. */
function writeKb({ rows, hash }: { rows: unknown[]; hash: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('caucasus-lens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['entities', 'meta'], 'readwrite');
      tx.objectStore('entities').clear();
      for (const row of rows) tx.objectStore('entities').put(row);
      tx.objectStore('meta').put({ key: 'kb', hash, loadedAt: 0, entities: rows.length, loadMs: 0 });
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** In an extension page: every entity row as stored. */
function readEntities(): Promise<({ id: string } & Record<string, unknown>)[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('caucasus-lens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction('entities').objectStore('entities').getAll();
      get.onsuccess = () => {
        db.close();
        resolve(get.result);
      };
      get.onerror = () => reject(get.error);
    };
  });
}

/**
 * The worker, seen and stopped through DevTools. The ServiceWorker domain lives on page targets: an
 * extension page of ours is attached for it, and reports every version's running status.
 */
class WorkerControl {
  stops = 0;
  private readonly status = new Map<string, string>();
  private readonly cdp: Cdp;
  private readonly sessionId: string;
  private constructor(cdp: Cdp, sessionId: string) {
    this.cdp = cdp;
    this.sessionId = sessionId;
  }

  static async attach(cdp: Cdp, browser: TestBrowser, pageUrl: string): Promise<WorkerControl> {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const page = (targetInfos as { type: string; url: string; targetId: string }[]).find(
      (t) => t.type === 'page' && t.url === pageUrl,
    );
    if (!page) throw new Error(`no page ${pageUrl}`);
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    const control = new WorkerControl(cdp, sessionId);
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }, from) => {
      if (from !== sessionId) return;
      for (const v of versions as { versionId: string; scriptURL: string; runningStatus: string }[])
        if (v.scriptURL.startsWith(browser.extensionOrigin)) control.status.set(v.versionId, v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable', {}, sessionId);
    return control;
  }

  get running(): boolean {
    return [...this.status.values()].some((s) => s !== 'stopped');
  }

  /** Evaluates `expression` in the attached extension page, awaiting its promise. */
  async evaluate(expression: string): Promise<void> {
    await this.cdp.send('Runtime.evaluate', { expression, awaitPromise: true }, this.sessionId);
  }

  /** Stops the worker (it must be running) and waits until it has stopped. */
  async stop(): Promise<void> {
    const live = [...this.status].filter(([, s]) => s !== 'stopped').map(([id]) => id);
    expect(live.length, 'the worker should be running when it is stopped').toBeGreaterThan(0);
    for (const versionId of live)
      await this.cdp.send('ServiceWorker.stopWorker', { versionId }, this.sessionId);
    for (let i = 0; this.running; i++) {
      if (i > 200) throw new Error('the worker did not stop');
      await sleep(25);
    }
    this.stops++;
  }
}

describe('the service worker stopped mid-work in chromium', () => {
  let browser: TestBrowser;
  let cdp: Cdp;
  let dav: WebDavServer;
  let proxy: DavProxy;
  let page: TestPage;
  let worker: WorkerControl;

  beforeAll(async () => {
    dav = await startWebDav();
    proxy = await startDavProxy(dav.url);
    browser = await launch('chromium');
    cdp = await (browser.devtools as () => Promise<Cdp>)();
    const url = `${browser.extensionOrigin}/popup.html?worker-stop`;
    page = await browser.newPage(url);
    worker = await WorkerControl.attach(cdp, browser, url);
    // Browser sync off: these tests are about the worker and WebDAV, not storage.sync's quotas.
    expect(await send({ type: 'sync:browser', payload: { enabled: false } })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    cdp?.close();
    await browser?.close();
    await proxy?.close();
    await dav?.stop();
  });

  const send = (message: unknown) => browser.sendFromExtension(message) as Promise<Any>;

  /** Note rows and outbox entries pair up: each note has exactly one entry, each entry its note. */
  function expectPaired(stored: Stored): void {
    const entries = new Map<string, number>();
    for (const e of stored.outbox) entries.set(e.noteId, (entries.get(e.noteId) ?? 0) + 1);
    const notes = new Set(stored.notes.map((n) => n.id));
    expect([...entries].filter(([id, n]) => n !== 1 || !notes.has(id))).toEqual([]);
    expect(stored.notes.filter((n) => !entries.has(n.id)).map((n) => n.id)).toEqual([]);
  }

  /** Sends `n` notes:add from the page without waiting; answers and failures are gathered there. */
  async function burst(tag: string, n: number): Promise<void> {
    await page.evaluate(
      ({ tag, n }) => {
        const g = globalThis as Any;
        const state = { acks: [] as { id: string; body: string }[], failures: [] as string[] };
        g.burst = state;
        for (let i = 0; i < n; i++) {
          const body = `${tag} number ${i}`;
          g.chrome.runtime
            .sendMessage({
              type: 'notes:add',
              payload: { kind: 'page', entityIds: [], body, url: 'https://news.example/article' },
            })
            .then((r: Any) =>
              r?.ok ? state.acks.push({ id: r.value.note.id, body }) : state.failures.push(String(r?.error)),
            )
            .catch((e: unknown) => state.failures.push(String(e)));
        }
      },
      { tag, n },
    );
  }

  it.each([1, 40, 100])('during a burst of 200 note writes, stopped after %i answers', async (after) => {
    const tag = `burst-${after}`;
    const total = 200;
    await send({ type: 'sys:ping', payload: {} }); // the worker up, its knowledge base loaded
    await burst(tag, total);
    await page.waitFor((k) => (globalThis as Any).burst.acks.length >= k, after, 30_000);
    await worker.stop();
    // Every message settles: answered before the stop, or failed with it (or delivered to the next worker).
    await page.waitFor(
      (n) => (globalThis as Any).burst.acks.length + (globalThis as Any).burst.failures.length === n,
      total,
      30_000,
    );
    const { acks, failures } = (await page.evaluate(() => (globalThis as Any).burst)) as {
      acks: { id: string; body: string }[];
      failures: string[];
    };
    // The stop landed mid-burst: some writes never answered.
    expect(failures.length).toBeGreaterThan(0);
    expect((await send({ type: 'sys:ping', payload: {} })).ok).toBe(true); // a fresh worker

    const stored = await page.evaluate(readNotes);
    expectPaired(stored);
    const ours = stored.notes.filter((n) => n.body.startsWith(`${tag} `));
    const byId = new Map(ours.map((n) => [n.id, n]));
    // Every acknowledged note is there with its words; none twice; each whole.
    expect(acks.filter((a) => byId.get(a.id)?.body !== a.body)).toEqual([]);
    expect(new Set(ours.map((n) => n.body)).size).toBe(ours.length);
    for (const n of ours) {
      expect(n).toMatchObject({
        kind: 'page',
        body: expect.stringMatching(new RegExp(`^${tag} number \\d+$`)),
        search: expect.any(String),
        hlc: expect.any(String),
        device: expect.any(String),
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      });
      expect(Object.keys(n.vv ?? {}).length).toBe(1);
    }
    expect(ours.length).toBeGreaterThanOrEqual(acks.length);
    countReliability('faults');
  });

  it('during a knowledge-base load, at three moments: the old one whole or the new one whole', async () => {
    const ping = await send({ type: 'sys:ping', payload: {} });
    const newHash = ping.value.kbHash as string;
    const newRows = await page.evaluate(readEntities);
    const newIds = newRows.map((r) => r.id).sort();
    // The older build: five entities it did not have yet, two it had that are gone now, and every
    // row marked as its own. (Chromium cannot update an unpacked extension in place, so the older
    // build's knowledge base is written as it would have left it; the worker's start-up load then
    // replaces it, as after an update.)
    const dropped = newIds.slice(0, 5);
    const oldRows = [
      ...newRows.filter((r) => !dropped.includes(r.id)).map((r) => ({ ...r, build: 'old' })),
      ...['gone-one', 'gone-two'].map((id) => ({
        id,
        type: 'place',
        terms: [id],
        targets: [],
        build: 'old',
      })),
    ];
    const oldIds = oldRows.map((r) => r.id).sort();
    const OLD_HASH = 'an-older-build';

    const isOld = (kb: KbState) =>
      kb.hash === OLD_HASH &&
      kb.metaCount === oldRows.length &&
      kb.marked === oldRows.length &&
      JSON.stringify([...kb.ids].sort()) === JSON.stringify(oldIds);
    const isNew = (kb: KbState) =>
      kb.hash === newHash &&
      kb.metaCount === newRows.length &&
      kb.marked === 0 &&
      JSON.stringify([...kb.ids].sort()) === JSON.stringify(newIds);

    let rolledBack = 0;
    for (const delay of [0, 120, 240]) {
      if (worker.running) await worker.stop();
      await page.evaluate(writeKb, { rows: oldRows, hash: OLD_HASH });
      expect(isOld(await page.evaluate(readKb))).toBe(true);
      // Watch from the page: a read of the meta table that does not finish at once is queued behind
      // the load's read-write transaction, which is then open. Then wake the worker: it loads.
      await page.evaluate((newHash) => {
        const g = globalThis as Any;
        const watch = { blockedAt: 0, resolvedAt: 0, hash: null as string | null, done: false };
        let seen: () => void = () => {};
        g.kbWatch = watch;
        g.kbSeen = new Promise<void>((resolve) => {
          seen = resolve;
        });
        const open = indexedDB.open('caucasus-lens');
        open.onsuccess = async () => {
          const db = open.result;
          const deadline = Date.now() + 30_000;
          while (Date.now() < deadline) {
            const read = new Promise<string | null>((resolve) => {
              const get = db.transaction('meta').objectStore('meta').get('kb');
              get.onsuccess = () => resolve(get.result?.hash ?? null);
              get.onerror = () => resolve(null);
            });
            const quick = await Promise.race([read, new Promise((r) => setTimeout(() => r('blocked'), 100))]);
            if (quick === 'blocked') {
              watch.blockedAt = Date.now();
              seen();
              watch.hash = await read;
              watch.resolvedAt = Date.now();
              break;
            }
            if (quick === newHash) break; // loaded before it was seen
            await new Promise((r) => setTimeout(r, 5));
          }
          watch.done = true;
          seen();
          db.close();
        };
        void g.chrome.runtime.sendMessage({ type: 'sys:ping', payload: {} }).catch(() => {});
      }, newHash);
      // Straight from DevTools, without polling: the stop follows the sighting within milliseconds.
      await worker.evaluate('globalThis.kbSeen');
      await sleep(delay);
      const stoppedAt = Date.now();
      await worker.stop();
      await page.waitFor(() => (globalThis as Any).kbWatch.done, undefined, 30_000);
      const watch = (await page.evaluate(() => (globalThis as Any).kbWatch)) as {
        blockedAt: number;
        resolvedAt: number;
        hash: string | null;
      };
      // The read queued behind the load ended only with the stop, and saw the old build: the stop
      // cut the load's transaction, which was rolled back.
      if (watch.blockedAt && watch.resolvedAt >= stoppedAt && watch.hash === OLD_HASH) rolledBack++;

      const after = await page.evaluate(readKb);
      expect(isOld(after) || isNew(after), JSON.stringify({ ...after, ids: after.ids.length })).toBe(true);
      // The next start loads the new build whole.
      expect((await send({ type: 'sys:ping', payload: {} })).value.kbHash).toBe(newHash);
      expect(isNew(await page.evaluate(readKb))).toBe(true);
    }
    expect(rolledBack).toBeGreaterThan(0);
    countReliability('faults', 3);
  });

  it('during a sync upload of 300 notes, at three moments: each version on the server once', async () => {
    const configured = await send({
      type: 'sync:webdav-configure',
      payload: { url: proxy.url, user: dav.user, password: dav.password, passphrase: null },
    });
    expect(configured.ok && !configured.value.error && configured.value.pending === 0).toBe(true);

    for (const moment of ['dropped', 'lands-after-stop', 'lands-before-stop'] as const) {
      const held = proxy.holdNextLog();
      const added = await page.evaluate(async (tag) => {
        const g = globalThis as Any;
        const answers = await Promise.all(
          Array.from({ length: 300 }, (_, i) =>
            g.chrome.runtime.sendMessage({
              type: 'notes:add',
              payload: { kind: 'page', entityIds: [], body: `${tag} ${i}`, url: 'https://news.example/sync' },
            }),
          ),
        );
        return answers.filter((a: Any) => a?.ok).length;
      }, `sync-${moment}`);
      expect(added).toBe(300);
      void page.evaluate(() => {
        void (globalThis as Any).chrome.runtime
          .sendMessage({ type: 'sync:now', payload: {} })
          .catch(() => {});
      });
      const upload = await held;
      expect((JSON.parse(upload.body) as { versions: unknown[] }).versions.length).toBeGreaterThanOrEqual(
        300,
      );
      if (moment === 'lands-before-stop') await upload.land();
      await worker.stop();
      if (moment === 'lands-after-stop') await upload.land();
      upload.drop();

      // The next round (a fresh worker) completes and the outbox is done with.
      const status = await send({ type: 'sync:now', payload: {} });
      expect(status.ok).toBe(true);
      expect(status.value.error).toBeUndefined();
      expect(status.value.pending).toBe(0);
      const stored = await page.evaluate(readNotes);
      expect(stored.outbox).toEqual([]);

      // Each version of each note is on the server exactly once across the device's logs.
      const devices = join(dav.root, 'caucasus-lens', 'devices');
      const uploaded = readdirSync(devices).flatMap((device) =>
        readdirSync(join(devices, device))
          .filter((f) => f.startsWith('log-'))
          .flatMap((f) =>
            (
              JSON.parse(readFileSync(join(devices, device, f), 'utf8')) as {
                versions: { id: string; hlc: string }[];
              }
            ).versions.map((v) => `${v.id} ${v.hlc}`),
          ),
      );
      const twice = uploaded.filter((v, i) => uploaded.indexOf(v) !== i);
      expect(twice).toEqual([]);
      expect(uploaded.sort()).toEqual(stored.notes.map((n) => `${n.id} ${n.hlc}`).sort());
    }
    countReliability('faults', 3);
  }, 150_000);
});

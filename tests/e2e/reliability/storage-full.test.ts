/**
 * The browser's storage full, in a real Chromium: the extension origin's quota is cut to what it
 * already uses (CDP Storage.overrideQuotaForOrigin, no hook in the extension), and the reader saves a
 * long note in the side panel, and edits another in place. The panel says storage is full and keeps
 * both; nothing stored is lost; once the quota is lifted, the panel's own retries save them. Chromium only: Firefox's
 * remote protocol has no way to set a quota.
 */
import { describe, expect, it } from 'vitest';
import { STORAGE_FULL } from '../../../lib/db/storage-full.ts';
import { countReliability } from '../../reliability/counts.ts';
import type { TestPage } from '../harness/browsers.ts';
import { useSession } from '../harness/session.ts';

/** The notes table as the panel's origin stores it, read straight from IndexedDB. */
function storedNotes(page: TestPage): Promise<{ id: string; body: string }[]> {
  return page.evaluate(
    () =>
      new Promise<{ id: string; body: string }[]>((resolve, reject) => {
        const open = indexedDB.open('caucasus-lens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('notes').objectStore('notes').getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result.map((n: { id: string; body: string }) => ({ id: n.id, body: n.body })));
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

/**
 * In an extension page: writes to a scratch database until IndexedDB refuses for lack of space, then
 * deletes it; the error's name, or 'still room' after 90 s.
 */
async function probeUntilFull(): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('quota-probe', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('probe');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const deadline = Date.now() + 90_000;
  let refused = 'still room';
  for (let i = 0; Date.now() < deadline && refused === 'still room'; i++) {
    refused = await new Promise<string>((resolve) => {
      const tx = db.transaction('probe', 'readwrite');
      tx.objectStore('probe').put(String(Math.random()).repeat(100), i);
      tx.oncomplete = () => setTimeout(() => resolve('still room'), 500);
      tx.onabort = () => resolve(tx.error?.name ?? 'aborted');
    });
  }
  db.close();
  await new Promise((resolve) => {
    indexedDB.deleteDatabase('quota-probe').onsuccess = resolve;
  });
  return refused;
}

/** Text that does not compress (Chromium's IndexedDB stores values compressed). */
function incompressible(chars: number): string {
  let out = '';
  while (out.length < chars) out += `${Math.random().toString(36).slice(2)} `;
  return out.slice(0, chars).trim();
}

describe('storage full in chromium', () => {
  const session = useSession('chromium');

  it('the panel says so, keeps the draft, loses nothing, and saves it once there is space', {
    timeout: 180_000,
  }, async () => {
    const { browser } = session;
    const ping = (await browser.sendFromExtension({ type: 'sys:ping', payload: {} })) as { ok: boolean };
    expect(ping.ok).toBe(true); // the knowledge base is in: no write of ours is still under way
    const kept = (await browser.sendFromExtension({
      type: 'notes:add-entity',
      payload: { entityId: 'iran', body: 'Stored before the storage filled up' },
    })) as { ok: boolean; value: { note: { id: string } } };
    expect(kept.ok).toBe(true);

    // The panel opens on Iran, composing.
    const setup = await browser.openExtensionPage('popup.html');
    await setup.evaluate(() =>
      // biome-ignore lint/suspicious/noExplicitAny: Chromium's chrome global.
      (globalThis as any).chrome.storage.session.set({
        'panel-request': { entityId: 'iran', compose: true, at: Date.now() },
      }),
    );
    const before = await storedNotes(setup);
    const panel = await browser.openExtensionPage('sidepanel.html');
    await panel.waitFor(() => document.querySelector('[data-entity-id="iran"] [data-testid="composer"]'));

    // Storage full: a quota of one byte. (Not "what it uses now": compaction shrinks the usage
    // by half a megabyte at times, making room again.) The Storage domain answers for an
    // origin only in a session of one of its pages (here the set-up page, kept open to the end).
    const cdp = await browser.devtools?.();
    if (!cdp) throw new Error('no DevTools connection');
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t: { url: string }) => t.url.endsWith('/popup.html'));
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: true,
    });
    const storage = (method: string, params: object) => cdp.send(`Storage.${method}`, params, sessionId);
    const origin = browser.extensionOrigin;
    await storage('overrideQuotaForOrigin', { origin, quotaSize: 1 });
    // IndexedDB keeps granting from its last quota reading for up to 30 s
    // (BucketContext::kBucketSpaceCacheTimeLimit): wait until a scratch database of the same origin
    // is refused, so the quota is what the extension's next write meets.
    expect(await setup.evaluate(probeUntilFull)).toBe('QuotaExceededError');

    const draft = incompressible(19_000);
    await panel.fill('[data-testid="composer"]', draft);
    await panel.click('[data-testid="save-note"]');
    await panel.waitFor(() => document.querySelector('[data-testid="save-error"]'));
    expect(
      await panel.evaluate(() => document.querySelector('[data-testid="save-error"] p')?.textContent),
    ).toBe(STORAGE_FULL);
    // The draft is still there to be saved, Retry is offered, and nothing stored changed.
    const composer = () =>
      panel.evaluate(() => (document.querySelector('[data-testid="composer"]') as HTMLTextAreaElement).value);
    expect(await composer()).toBe(draft);
    expect(await panel.evaluate(() => Boolean(document.querySelector('[data-testid="save-retry"]')))).toBe(
      true,
    );
    expect(await storedNotes(panel)).toEqual(before);
    // Retry while still full: refused again, the draft still kept.
    await panel.click('[data-testid="save-retry"]');
    await panel.waitFor(() => document.querySelector('[data-testid="save-error"]'));
    expect(await composer()).toBe(draft);
    expect(await storedNotes(panel)).toEqual(before);

    // An edit in place meets the same: refused, kept in its editor, offered again.
    const noteSelector = `[data-note-id="${kept.value.note.id}"]`;
    await panel.click(`${noteSelector} [data-testid="edit"]`);
    const edited = `Edited while the storage was full: ${incompressible(2_000)}`;
    await panel.fill(`${noteSelector} [data-testid="edit-note"]`, edited);
    await panel.click(`${noteSelector} [data-testid="save-edit"]`);
    await panel.waitFor((s) => document.querySelector(`${s} [data-testid="save-retry"]`), noteSelector);
    expect(
      await panel.evaluate(
        (s) => (document.querySelector(`${s} [data-testid="edit-note"]`) as HTMLTextAreaElement).value,
        noteSelector,
      ),
    ).toBe(edited);
    expect(await storedNotes(panel)).toEqual(before);

    // Space again: the panel's scheduled retries save the note and the edit, with nothing pressed.
    await storage('overrideQuotaForOrigin', { origin });
    await panel.waitFor(() => !document.querySelector('[data-testid="save-error"]'), undefined, 45_000);
    expect(await composer()).toBe('');
    const after = await storedNotes(panel);
    expect(after.map((n) => n.body).sort()).toEqual(
      [...before.map((n) => (n.id === kept.value.note.id ? edited : n.body)), draft].sort(),
    );
    expect(
      await panel.evaluate(() => document.querySelectorAll('[data-testid="entity-notes"] li.note').length),
    ).toBe(2);
    cdp.close();
    await panel.close();
    await setup.close();
    countReliability('faults');
  });
});

/**
 * Bad messages in the real browsers. From an extension page (both browsers): malformed envelopes,
 * unknown types, and bad payloads of every message type are refused. From the content script's own
 * world (Chromium, through CDP: what a compromised renderer could run): the same, plus every
 * extension-only message refused. After each batch the extension's database and storage.sync are the
 * same as before.
 */
import { describe, expect, it } from 'vitest';
import { access, type MessageType, requests } from '../../../lib/protocol.ts';
import { countReliability } from '../../reliability/counts.ts';
import { waitForMarks } from '../harness/annotations.ts';
import { BROWSERS, type TestPage } from '../harness/browsers.ts';
import { useSession } from '../harness/session.ts';

const TYPES = Object.keys(requests) as MessageType[];
const EXTENSION_ONLY = TYPES.filter((t) => access[t] === 'extension');

/** Messages no sender may send: every type without a payload and with an extra field, and worse. */
const BAD: unknown[] = [
  'sys:ping',
  42,
  null,
  [{ type: 'sys:ping', payload: {} }],
  {},
  { type: 'notes:delete-all', payload: {} },
  { type: 'constructor', payload: {} },
  { type: 'sys:ping', payload: {}, sender: { url: 'chrome-extension://x/' } },
  { type: 'kb:entity', payload: { id: 'x'.repeat(100_000) } },
  { type: 'notes:add-entity', payload: { entityId: 'armenia', body: 'x'.repeat(20_001) } },
  { type: 'notes:add-entity', payload: { entityId: 'armenia', body: 42 } },
  { type: 'notes:for-page', payload: { url: 'https://elsewhere.example/' } },
  // Page text for recognition: over the total a request may carry.
  {
    type: 'kb:recognize',
    payload: { texts: ['Baku '.repeat(120_000), 'Baku '.repeat(120_000)], page: [] },
  },
  ...TYPES.flatMap((type) => [
    { type },
    { type, payload: null },
    { type, payload: { injected: '<script>alert(1)</script>' } },
  ]),
];

/** Everything a message could change: the database's notes, outbox, sync state and meta, and settings. */
async function dump(page: TestPage): Promise<string> {
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the extension API global differs by browser.
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('caucasus-lens');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const out: Record<string, unknown> = {};
    for (const store of ['notes', 'outbox', 'sync', 'meta', 'entities']) {
      out[store] = await new Promise((resolve, reject) => {
        const request =
          store === 'entities'
            ? db.transaction(store).objectStore(store).count()
            : db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    out.settings = await api.storage.sync.get(null);
    return JSON.stringify(out);
  });
}

describe.each(BROWSERS)('bad messages in %s', (name) => {
  const session = useSession(name);

  it('an extension page gets an error for each bad message, and nothing changes', async () => {
    const panel = await session.browser.openExtensionPage('popup.html');
    // A note exists, so the database has something to lose.
    const added = (await panel.evaluate(
      (m) =>
        // biome-ignore lint/suspicious/noExplicitAny: the extension API global differs by browser.
        ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage(m),
      {
        type: 'notes:add',
        payload: { kind: 'page', entityIds: [], body: 'Kept', url: 'https://news.example/' },
      },
    )) as { ok: boolean };
    expect(added.ok).toBe(true);
    const before = await dump(panel);
    const answers = (await panel.evaluate(async (messages) => {
      // biome-ignore lint/suspicious/noExplicitAny: the extension API global differs by browser.
      const api = (globalThis as any).browser ?? (globalThis as any).chrome;
      const out: unknown[] = [];
      for (const m of messages)
        out.push(await api.runtime.sendMessage(m).catch((e: Error) => ({ thrown: e.message })));
      return out;
    }, BAD)) as { ok?: boolean; error?: string }[];
    expect(answers).toHaveLength(BAD.length);
    for (const [i, answer] of answers.entries()) {
      expect(answer.ok, JSON.stringify(BAD[i]).slice(0, 100)).toBe(false);
      expect(answer.error).toMatch(/^(malformed message|invalid \S+ payload)/);
    }
    expect(await dump(panel)).toBe(before);
    await panel.close();
    countReliability('bad-messages', BAD.length);
  });
});

// Chromium only: CDP reaches the content script's isolated world; Firefox's remote protocol does not.
describe('bad messages from the content script world in chromium', () => {
  const session = useSession('chromium');

  it("bad and extension-only messages are refused, nothing changes; a page learns only its own site's status", async () => {
    const url = session.server.page('/reliability/messages', '<!doctype html><p>Baku and Yerevan.</p>');
    const page = await session.browser.newPage(url);
    await waitForMarks(page, 2);
    const panel = await session.browser.openExtensionPage('popup.html');
    const before = await dump(panel);
    const send = page.contentScriptEvaluate as NonNullable<TestPage['contentScriptEvaluate']>;
    const sendAll = (messages: unknown[]) =>
      send(async (list: unknown[]) => {
        // biome-ignore lint/suspicious/noExplicitAny: the content script world's chrome global.
        const runtime = (globalThis as any).chrome.runtime;
        const out: unknown[] = [];
        for (const m of list) out.push(await runtime.sendMessage(m));
        return out;
      }, messages) as Promise<{ ok: boolean; error?: string; value?: unknown }[]>;

    // The control: this world is our content script (it may read the knowledge base).
    const [ping] = await sendAll([{ type: 'kb:entity', payload: { id: 'baku' } }]);
    expect(ping).toMatchObject({ ok: true, value: { entity: { id: 'baku' } } });

    const extensionOnly: Record<string, unknown> = {
      'site:set-enabled': { host: '127.0.0.1', enabled: false },
      'settings:get': {},
      'settings:update': { paused: true },
      'notes:add': { kind: 'page', entityIds: [], body: 'Forged', url },
      'notes:update': { id: '00000000-0000-4000-8000-000000000000', body: 'Forged' },
      'notes:delete': { id: '00000000-0000-4000-8000-000000000000', deleted: true },
      'notes:resolve': { id: '00000000-0000-4000-8000-000000000000', keep: 'x', alsoAsNote: true },
      'notes:import': { text: '{}' },
      'sync:webdav-configure': { url: 'https://dav.example/', user: 'u', password: 'p', passphrase: null },
      'sync:webdav-disconnect': {},
      'sync:browser': { enabled: false },
      'sync:now': {},
      'sync:status': {},
      'notes:for-entity': { entityId: 'baku' },
    };
    const forged = EXTENSION_ONLY.map((type) => ({ type, payload: extensionOnly[type] }));
    expect(forged.every((m) => m.payload !== undefined)).toBe(true);
    const refusedAccess = await sendAll(forged);
    for (const [i, answer] of refusedAccess.entries())
      expect(answer).toEqual({ ok: false, error: `${forged[i]?.type} is not allowed from a content script` });
    for (const answer of await sendAll(BAD)) {
      expect(answer.ok).toBe(false);
      expect(answer.error).toMatch(
        /^(malformed message|invalid \S+ payload|\S+ is not allowed from a content script)/,
      );
    }
    expect(await dump(panel)).toBe(before);
    // The page's own site only: asking about another host answers about this one.
    await panel.evaluate(
      (m) =>
        // biome-ignore lint/suspicious/noExplicitAny: Chromium's extension API global.
        (globalThis as any).chrome.runtime.sendMessage(m),
      { type: 'site:set-enabled', payload: { host: 'elsewhere.example', enabled: false } },
    );
    const settled = await dump(panel);
    const [status] = await sendAll([{ type: 'site:status', payload: { host: 'elsewhere.example' } }]);
    expect(status).toMatchObject({ ok: true, value: { enabled: true } });
    expect(await dump(panel)).toBe(settled);
    await panel.close();
    await page.close();
    countReliability('bad-messages', forged.length + BAD.length + 1);
  });
});

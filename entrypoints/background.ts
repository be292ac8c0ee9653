import { browser } from 'wxt/browser';
import { createHandlers } from '../lib/background/handlers.ts';
import { createRouter } from '../lib/background/router.ts';
import { getDb } from '../lib/db/database.ts';
import { loadKb } from '../lib/db/kb-store.ts';
import type { CompiledRecognizer } from '../lib/recognizer/compiled.ts';

/** kb.json and recognizer.json are emitted by a build hook, so WXT's typed public paths omit them. */
const packageUrl = (path: string) => (browser.runtime.getURL as (path: string) => string)(path);

/** A random id per install, kept in storage.local: which device wrote a note. */
async function deviceId(): Promise<string> {
  const stored = (await browser.storage.local.get('device'))['device'];
  if (typeof stored === 'string') return stored;
  const id = crypto.randomUUID();
  await browser.storage.local.set({ device: id });
  return id;
}

export default defineBackground(() => {
  // Started on every wake-up of the service worker / event page; cheap when the hash is unchanged.
  let kbLoad: Promise<void> | undefined;
  let recognizerLoad: Promise<CompiledRecognizer> | undefined;
  const kbReady = () => {
    kbLoad ??= loadKb(getDb(), __KB_HASH__, async () => {
      const response = await fetch(packageUrl('/kb.json'));
      return response.json();
    }).then(
      (outcome) => console.info(`[caucasus-lens] knowledge base ${__KB_HASH__}: ${outcome}`),
      (error: unknown) => {
        kbLoad = undefined; // let the next caller retry
        throw error;
      },
    );
    return kbLoad;
  };

  const route = createRouter(
    createHandlers({
      db: getDb,
      kbReady,
      sync: browser.storage.sync,
      version: browser.runtime.getManifest().version,
      device: () => deviceId(),
      recognizer: () => {
        // Fetched once per wake-up of the background and kept: every page's content script asks.
        recognizerLoad ??= fetch(packageUrl('/recognizer.json')).then((r) => r.json());
        return recognizerLoad;
      },
    }),
    { id: browser.runtime.id, origin: browser.runtime.getURL('/') },
  );

  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  browser.runtime.onInstalled.addListener(() => void kbReady().catch(console.error));
  void kbReady().catch(console.error);
});

import { browser } from 'wxt/browser';
import { createHandlers, type PanelRequest } from '../lib/background/handlers.ts';
import type { SenderInfo } from '../lib/background/router.ts';
import { createRouter } from '../lib/background/router.ts';
import { SyncService } from '../lib/background/sync-service.ts';
import { getDb } from '../lib/db/database.ts';
import { loadKb } from '../lib/db/kb-store.ts';
import type { Author } from '../lib/db/notes-store.ts';
import { canonicalUrl } from '../lib/notes/page-url.ts';
import { openSidePanel, PANEL_REQUEST_KEY } from '../lib/panel-request.ts';
import type { CompiledRecognizer } from '../lib/recognizer/compiled.ts';
import { loadRecognizer, type Recognizer, recognize } from '../lib/recognizer/index.ts';
import { Clock } from '../lib/sync/clock.ts';
import { sendToTab } from '../lib/tab-messaging.ts';

const ADD_NOTE_MENU = 'add-note';
const SYNC_ALARM = 'sync';

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

/**
 * Opens the side panel (Chrome) or sidebar (Firefox) for what the reader asked, which the panel reads
 * from storage.session. Both browsers want a user gesture; when the gesture did not survive the trip
 * from the page (Firefox drops it across messaging), a small window shows the same panel instead.
 */
async function openPanel(
  request: PanelRequest | Promise<PanelRequest>,
  sender?: SenderInfo,
): Promise<'panel' | 'window'> {
  // The open call comes first: the gesture it needs does not outlive an await.
  const opening = openSidePanel(sender?.tab?.id);
  await browser.storage.session.set({ [PANEL_REQUEST_KEY]: { ...(await request), at: Date.now() } });
  if (
    await opening.then(
      () => true,
      () => false,
    )
  )
    return 'panel';
  await browser.windows.create({
    url: packageUrl('/sidepanel.html'),
    type: 'popup',
    width: 420,
    height: 720,
  });
  return 'window';
}

export default defineBackground(() => {
  // Started on every wake-up of the service worker / event page; cheap when the hash is unchanged.
  let kbLoad: Promise<void> | undefined;
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

  // Loaded once per wake-up of the background and kept: every page's content script asks.
  let recognizerLoad: Promise<Recognizer> | undefined;
  const recognizer = () => {
    recognizerLoad ??= fetch(packageUrl('/recognizer.json'))
      .then((r) => r.json() as Promise<CompiledRecognizer>)
      .then(loadRecognizer)
      .catch((error: unknown) => {
        recognizerLoad = undefined; // let the next page retry
        throw error;
      });
    return recognizerLoad;
  };
  let author: Promise<Author> | undefined;

  // After versions from another device arrived, open pages find their passages again.
  const syncService = new SyncService(getDb, deviceId, browser.storage.sync, () => {
    void browser.tabs.query({}).then((tabs) => {
      for (const tab of tabs) if (tab.id !== undefined) void sendToTab(tab.id, 'page:notes-changed', {});
    });
  });

  const route = createRouter(
    createHandlers({
      db: getDb,
      kbReady,
      sync: browser.storage.sync,
      version: browser.runtime.getManifest().version,
      author: () => {
        author ??= deviceId().then((device) => ({ device, clock: new Clock(device) }));
        return author;
      },
      openPanel,
      syncService,
      entitiesIn: async (text) => {
        const rec = await recognizer();
        return [...new Set(recognize(rec, text).map((m) => m.entityId))];
      },
      recognizer,
    }),
    { id: browser.runtime.id, origin: browser.runtime.getURL('/') },
  );

  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));
  // Keyboard: step through the page's mentions, or open the panel.
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'open-panel') {
      void openPanel({}, tab?.id === undefined ? undefined : { tab: { id: tab.id } });
      return;
    }
    if (command !== 'next-mention' && command !== 'previous-mention') return;
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      if (tab?.id === undefined) return;
      return sendToTab(tab.id, 'page:step', { direction: command === 'next-mention' ? 'next' : 'previous' });
    });
  });
  // Sync at start-up, every 10 minutes, and (see SyncService.changed) soon after each local change.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void syncService.run();
  });
  browser.runtime.onStartup.addListener(() => void syncService.run());
  // Another browser of the reader's published notes (its storage.sync items arrived): merge them.
  let browserSyncTimer: ReturnType<typeof setTimeout> | undefined;
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'sync' || !Object.keys(changes).some((k) => k.startsWith('n:'))) return;
    clearTimeout(browserSyncTimer);
    browserSyncTimer = setTimeout(() => void syncService.run(), 1000);
  });
  browser.runtime.onInstalled.addListener(() => {
    void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 10 });
    void kbReady().catch(console.error);
    browser.contextMenus.create({
      id: ADD_NOTE_MENU,
      title: 'Add note (Caucasus Lens)',
      contexts: ['selection'],
    });
  });
  // The context menu's Add note: the click is a user gesture, so the panel opens in both browsers;
  // the passage is described by the content script of the frame the selection is in.
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== ADD_NOTE_MENU || tab?.id === undefined) return;
    const tabId = tab.id;
    const request = sendToTab(tabId, 'page:selection', {}, info.frameId).then((answer): PanelRequest => {
      const selection = answer.ok ? answer.value : null;
      const url = info.frameUrl ?? info.pageUrl;
      if (!selection || !url) return {};
      return {
        compose: true,
        passage: {
          target: selection.target,
          url: canonicalUrl(url),
          title: selection.title,
          ...(selection.canonical ? { canonical: selection.canonical } : {}),
        },
      };
    });
    void openPanel(request, { tab: { id: tabId } });
  });
  void kbReady().catch(console.error);
});

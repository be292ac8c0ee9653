/** Talks to a page's content script the way the extension does (tabs.sendMessage from our pages). */
import type { TestBrowser, TestPage } from './browsers.ts';

export interface TabMessenger {
  readonly tabId: number;
  send(message: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Finds the tab showing `page` (by asking each tab's content script its URL) and keeps a line to it. */
export async function messengerFor(browser: TestBrowser, page: TestPage): Promise<TabMessenger> {
  const ours = await browser.openExtensionPage('popup.html');
  const tabId = await ours.evaluate(async (url) => {
    // biome-ignore lint/suspicious/noExplicitAny: the extension API global differs by browser.
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    for (const tab of await api.tabs.query({})) {
      const answer = await api.tabs.sendMessage(tab.id, { type: 'page:site', payload: {} }).catch(() => null);
      if (answer?.ok && answer.value.url === url) return tab.id as number;
    }
    return -1;
  }, page.url());
  return {
    tabId,
    send: (message) =>
      ours.evaluate(
        (a) => {
          // biome-ignore lint/suspicious/noExplicitAny: the extension API global differs by browser.
          const api = (globalThis as any).browser ?? (globalThis as any).chrome;
          return api.tabs.sendMessage(a.tabId, a.message);
        },
        { tabId, message },
      ),
    close: () => ours.close(),
  };
}

/**
 * Messages from the extension's own pages and background to the content script of a tab. Apart from
 * messaging.ts so that the content script, which imports that, never loads webextension-polyfill.
 */
import { browser } from 'wxt/browser';
import type { ContentMessageType, ContentPayload, ContentResults, Result } from './protocol.ts';

/** Sends a message to the content script of a tab. Never throws. */
export async function sendToTab<K extends ContentMessageType>(
  tabId: number,
  type: K,
  payload: ContentPayload<K>,
  frameId?: number,
): Promise<Result<ContentResults[K]>> {
  try {
    const options = frameId === undefined ? undefined : { frameId };
    const response = (await browser.tabs.sendMessage(tabId, { type, payload }, options)) as
      | Result<ContentResults[K]>
      | undefined;
    return response ?? { ok: false, error: 'no answer from the page' };
  } catch {
    return { ok: false, error: 'Caucasus Lens is not running in this tab (reload the page?)' };
  }
}

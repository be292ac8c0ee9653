/** Sends a protocol message to the background. Never throws: transport failures become { ok: false }. */
import { browser } from 'wxt/browser';
import type {
  ContentMessageType,
  ContentPayload,
  ContentResults,
  MessageType,
  Payload,
  Result,
  Results,
} from './protocol.ts';

export async function send<K extends MessageType>(type: K, payload: Payload<K>): Promise<Result<Results[K]>> {
  try {
    const response = (await browser.runtime.sendMessage({ type, payload })) as Result<Results[K]> | undefined;
    return response ?? { ok: false, error: 'no answer from the background' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Sends a message to the content script of a tab (from extension pages). Never throws. */
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

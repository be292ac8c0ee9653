/** Sends a protocol message to the background. Never throws: transport failures become { ok: false }. */
import { browser } from 'wxt/browser';
import type { MessageType, Payload, Result, Results } from './protocol.ts';

export async function send<K extends MessageType>(type: K, payload: Payload<K>): Promise<Result<Results[K]>> {
  try {
    const response = (await browser.runtime.sendMessage({ type, payload })) as Result<Results[K]> | undefined;
    return response ?? { ok: false, error: 'no answer from the background' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

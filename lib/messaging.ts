/** Sends a protocol message to the background. Never throws: transport failures become { ok: false }. */
import { nativeRuntime } from './extension-runtime.ts';
import type { MessageType, Payload, Result, Results } from './protocol.ts';

export async function send<K extends MessageType>(type: K, payload: Payload<K>): Promise<Result<Results[K]>> {
  try {
    // Native, not the polyfill: this runs in every page (extension-runtime.ts).
    const runtime = nativeRuntime();
    if (!runtime?.id) return { ok: false, error: 'the extension was updated or removed' };
    const response = (await runtime.sendMessage({ type, payload })) as Result<Results[K]> | undefined;
    return response ?? { ok: false, error: 'no answer from the background' };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The background's single door: checks who sent a message, that it is a known message, that its
 * payload matches the schema and that the sender may send it; then calls the handler.
 */
import * as v from 'valibot';
import { isQuotaError, STORAGE_FULL } from '../db/storage-full.ts';
import {
  access,
  EnvelopeSchema,
  type MessageType,
  type Payload,
  type Result,
  type Results,
  requests,
} from '../protocol.ts';

export type Caller = 'content' | 'extension';

export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

export type Handlers = {
  [K in MessageType]: (
    payload: Payload<K>,
    caller: { kind: Caller; sender: SenderInfo },
  ) => Promise<Results[K]>;
};

/**
 * Extension pages (popup, side panel, even when opened as a tab) have a URL in our own origin;
 * everything else that carries our id is a content script running in a web page.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): Caller | null {
  if (sender.id !== ownId) return null;
  if (sender.url?.startsWith(ownOrigin)) return 'extension';
  return 'content';
}

export function createRouter(handlers: Handlers, own: { id: string; origin: string }) {
  return async function route(message: unknown, sender: SenderInfo): Promise<Result<unknown>> {
    const kind = classifySender(sender, own.id, own.origin);
    if (!kind) return { ok: false, error: 'unknown sender' };
    const envelope = v.safeParse(EnvelopeSchema, message);
    if (!envelope.success) return { ok: false, error: `malformed message: ${v.summarize(envelope.issues)}` };
    const type = envelope.output.type;
    if (access[type] === 'extension' && kind !== 'extension') {
      return { ok: false, error: `${type} is not allowed from a content script` };
    }
    const payload = v.safeParse(requests[type], envelope.output.payload);
    if (!payload.success)
      return { ok: false, error: `invalid ${type} payload: ${v.summarize(payload.issues)}` };
    try {
      // The map is keyed by type, so the handler and its payload agree; TypeScript cannot see that.
      const handler = handlers[type] as (
        p: unknown,
        c: { kind: Caller; sender: SenderInfo },
      ) => Promise<unknown>;
      return { ok: true, value: await handler(payload.output, { kind, sender }) };
    } catch (error) {
      // Said plainly, and marked so the panel keeps the note and tries again.
      if (isQuotaError(error)) return { ok: false, error: STORAGE_FULL, storageFull: true };
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** Answers the extension pages' questions about this page (protocol `page:*`). */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import type { EntityType } from '../kb/schema.ts';
import { ContentEnvelopeSchema, type ContentResults, contentRequests, type Result } from '../protocol.ts';

export interface PageState {
  marks(): number;
  /** Mentions found on the page by entity type, marked or not. */
  counts(): Partial<Record<EntityType, number>>;
}

export function listenToExtension(state: PageState, signal: AbortSignal): void {
  const listener = (message: unknown, sender: { id?: string }): Promise<Result<unknown>> | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const envelope = v.safeParse(ContentEnvelopeSchema, message);
    if (!envelope.success) return undefined; // not ours: let other listeners (none) answer
    const payload = v.safeParse(contentRequests[envelope.output.type], envelope.output.payload);
    if (!payload.success) return Promise.resolve({ ok: false, error: v.summarize(payload.issues) });
    const value: ContentResults['page:site'] = {
      host: location.hostname,
      url: location.href,
      marks: state.marks(),
      counts: state.counts(),
    };
    return Promise.resolve({ ok: true, value });
  };
  browser.runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(listener));
}

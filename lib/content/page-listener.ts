/** Answers the extension's questions and commands about this page (protocol `page:*`). */
import * as v from 'valibot';
import { nativeRuntime } from '../extension-runtime.ts';
import type { EntityType } from '../kb/schema.ts';
import {
  ContentEnvelopeSchema,
  type ContentMessageType,
  type ContentPayload,
  type ContentResults,
  contentRequests,
} from '../page-protocol.ts';
import type { Result } from '../protocol.ts';
import type { Step } from './stepper.ts';

export interface PageState {
  marks(): number;
  /** Mentions found on the page by entity type, marked or not. */
  counts(): Partial<Record<EntityType, number>>;
  step: Step;
  summary(): ContentResults['page:summary'];
  selection(): ContentResults['page:selection'];
  notesChanged(): Promise<ContentResults['page:notes-changed']>;
  stats(): ContentResults['page:stats'];
}

type ContentHandlers = {
  [K in ContentMessageType]: (payload: ContentPayload<K>) => ContentResults[K] | Promise<ContentResults[K]>;
};

export function listenToExtension(state: PageState, signal: AbortSignal): void {
  // A tab message reaches every frame; the top document answers for the page.
  if (window !== window.top) return;
  const handlers: ContentHandlers = {
    'page:site': () => ({
      host: location.hostname,
      url: location.href,
      marks: state.marks(),
      counts: state.counts(),
    }),
    'page:step': ({ direction, entityId }) => state.step(direction, entityId),
    'page:stats': () => state.stats(),
    'page:summary': () => state.summary(),
    'page:selection': () => state.selection(),
    'page:notes-changed': () => state.notesChanged(),
  };
  const runtime = nativeRuntime();
  if (!runtime) return;
  const answer = (message: unknown, sender: { id?: string }): Promise<Result<unknown>> | undefined => {
    if (sender.id !== runtime.id) return undefined;
    const envelope = v.safeParse(ContentEnvelopeSchema, message);
    if (!envelope.success) return undefined; // not ours: let other listeners (none) answer
    const type = envelope.output.type;
    const payload = v.safeParse(contentRequests[type], envelope.output.payload);
    if (!payload.success) return Promise.resolve({ ok: false, error: v.summarize(payload.issues) });
    const handler = handlers[type] as (payload: unknown) => unknown;
    return Promise.resolve(handler(payload.output)).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error: String(error) }),
    );
  };
  // The native API (extension-runtime.ts): an answer goes through sendResponse, with `true` to keep
  // the channel open, which every Chrome and Firefox the manifests admit understand (a returned
  // promise is newer in Chrome).
  const listener = (message: unknown, sender: { id?: string }, sendResponse: (answer: unknown) => void) => {
    const answering = answer(message, sender);
    if (!answering) return false;
    void answering.then(sendResponse);
    return true;
  };
  runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => runtime.onMessage.removeListener(listener));
}

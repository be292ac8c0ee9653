/**
 * Stands in for WXT's ContentScriptContext in the content script (aliased in wxt.config.ts). WXT's
 * announces every start to the page — a `window.postMessage` and a document event whose name holds
 * the extension's id — and stops itself when the page dispatches that event: a page could tell the
 * reader uses Caucasus Lens, and switch it off. Ours talks to nobody; a copy left orphaned by an
 * extension update stops itself when it next finds the extension gone (lib/content/annotator.ts).
 */
export class ContentScriptContext {
  private readonly controller = new AbortController();

  readonly contentScriptName: string;

  constructor(contentScriptName: string) {
    this.contentScriptName = contentScriptName;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isInvalid(): boolean {
    return this.signal.aborted;
  }

  onInvalidated(callback: () => void): () => void {
    this.signal.addEventListener('abort', callback);
    return () => this.signal.removeEventListener('abort', callback);
  }

  notifyInvalidated(): void {
    this.controller.abort('Content script context invalidated');
  }
}

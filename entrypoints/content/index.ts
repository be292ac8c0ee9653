import { browser } from 'wxt/browser';
import { startAnnotator } from '../../lib/content/annotator.ts';
import './style.css';

export default defineContentScript({
  matches: ['<all_urls>'],
  // At DOMContentLoaded, not idle (up to 200 ms later): the work is sliced, so starting early costs
  // the page nothing and the marks arrive sooner (npm run bench:pages).
  runAt: 'document_end',
  // Same-origin frames (and others) get their own instance: each marks its own document.
  allFrames: true,
  // WXT would otherwise announce each start to the page with window.postMessage (our extension id).
  noScriptStartedPostMessage: true,
  main(ctx) {
    const controller = new AbortController();
    // WXT also invalidates the context on a document event saying a newer copy started, and a page can
    // forge that event: stop only when the extension itself is gone (reloaded, updated, removed).
    ctx.onInvalidated(() => {
      if (!browser.runtime?.id) controller.abort();
    });
    void startAnnotator(controller.signal);
  },
});

import { startAnnotator } from '../../lib/content/annotator.ts';
import './style.css';

export default defineContentScript({
  matches: ['<all_urls>'],
  // At DOMContentLoaded, not idle (up to 200 ms later): the work is sliced, so starting early costs
  // the page nothing and the marks arrive sooner (npm run bench:pages).
  runAt: 'document_end',
  // Same-origin frames (and others) get their own instance: each marks its own document.
  allFrames: true,
  // ctx is lib/content/script-context.ts (see wxt.config.ts): nothing of it reaches the page.
  main(ctx) {
    void startAnnotator(ctx.signal);
  },
});
